"""Writes test/parity/fixtures/layers.json: what flax 0.12.8 gives for the layers of issue 15 (Conv, pooling, ...).

Each case stores its input, the variables from init (same key), the output of apply, a fixed cotangent `cot` for the
output, and the gradients of sum(y * cot) with respect to the params and the input (so the TypeScript tests check
the VJP rules directly). Arrays are {"shape": [...], "data": [flat float32 values]}. Deterministic.
"""

import json
import sys
from pathlib import Path

import flax
import flax.linen as nn
from flax.linen import pooling
import jax
import jax.numpy as jnp
import numpy as np
from jax import random

sys.path.insert(0, str(Path(__file__).parent / "shared"))
from stored_arrays import arr, tree, uniform_input  # noqa: E402

assert flax.__version__ == "0.12.8", flax.__version__
assert jax.__version__ == "0.10.2", jax.__version__


def jsonable(value):
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    return value


def module_case(name, module, x, seed=0):
    """init with random.key(seed), apply, and the gradients of sum(y * cot) wrt the params and the input."""
    variables = module.init(random.key(seed), x)
    y = module.apply(variables, x)
    cot = uniform_input(seed + 100, y.shape)

    def loss(params, inputs):
        return jnp.sum(module.apply({**variables, "params": params}, inputs) * cot)

    grad_params, grad_x = jax.grad(loss, argnums=(0, 1))(variables["params"], x)
    return {
        "name": name,
        "seed": seed,
        "x": arr(x),
        "variables": tree(variables),
        "y": arr(y),
        "cot": arr(cot),
        "gradParams": tree(grad_params),
        "gradX": arr(grad_x),
    }


# --- Conv -----------------------------------------------------------------------------------------------------------
CONV_CASES = [
    ("2-D SAME", dict(features=4, kernel_size=(3, 3)), (2, 6, 6, 3)),
    ("2-D VALID strided", dict(features=4, kernel_size=(3, 2), strides=2, padding="VALID"), (2, 7, 6, 3)),
    (
        "2-D explicit padding, kernel dilation, feature groups",
        dict(
            features=6,
            kernel_size=(2, 2),
            strides=(2, 1),
            padding=((1, 0), (2, 1)),
            kernel_dilation=(1, 2),
            feature_group_count=3,
        ),
        (2, 7, 6, 3),
    ),
    ("1-D input dilation, explicit padding, strided", dict(features=4, kernel_size=(3,), strides=2, input_dilation=2, padding=((1, 2),)), (2, 7, 2)),
    (
        "2-D input and kernel dilation with strides",
        dict(
            features=3,
            kernel_size=(3, 3),
            strides=2,
            padding=((2, 1), (0, 2)),
            input_dilation=(2, 1),
            kernel_dilation=2,
        ),
        (2, 6, 7, 2),
    ),
    ("2-D CIRCULAR, unbatched", dict(features=3, kernel_size=(3, 3), padding="CIRCULAR"), (5, 5, 2)),
    ("1-D CAUSAL, two batch axes, no bias", dict(features=2, kernel_size=(3,), padding="CAUSAL", use_bias=False), (2, 3, 6, 2)),
    ("2-D integer padding, depthwise", dict(features=4, kernel_size=(2, 2), padding=1, feature_group_count=4), (1, 4, 4, 4)),
    ("1-D SAME strided, kernel dilation", dict(features=3, kernel_size=3, strides=2, kernel_dilation=2), (2, 9, 2)),
    (
        "3-D SAME strided, kernel dilation",
        dict(features=3, kernel_size=(2, 3, 2), strides=(2, 1, 1), kernel_dilation=(1, 1, 2)),
        (2, 5, 4, 5, 2),
    ),
    (
        "3-D VALID, depth dilation, feature groups, unbatched",
        dict(features=4, kernel_size=(2, 2, 2), padding="VALID", kernel_dilation=(2, 1, 1), feature_group_count=2),
        (5, 3, 3, 4),
    ),
]


# A causal mask over a 1-D window (a PixelCNN-style masked convolution): taps after the centre are zeroed.
MASKED_CONV = (
    "1-D SAME, masked kernel",
    dict(features=3, kernel_size=(3,)),
    (2, 6, 2),
    jnp.broadcast_to(jnp.array([1.0, 1.0, 0.0])[:, None, None], (3, 2, 3)),
)


def conv_layer_case(name, layer_class, attrs, x, seed, mask=None):
    """A Conv or ConvTranspose case: the module case, its attributes and, for a masked kernel, the mask."""
    layer = layer_class(**attrs) if mask is None else layer_class(**attrs, mask=mask)
    case = module_case(name, layer, x, seed=seed)
    case["attrs"] = {k: jsonable(v) for k, v in attrs.items()}
    if mask is not None:
        case["mask"] = arr(mask)
    return case


def conv_family_cases(layer_class, unmasked, masked, first_input_seed):
    """The unmasked cases, then the masked one; inputs come from consecutive seeds, params from the case's index."""
    cases = [
        conv_layer_case(name, layer_class, attrs, uniform_input(first_input_seed + i, shape), i)
        for i, (name, attrs, shape) in enumerate(unmasked)
    ]
    name, attrs, shape, mask = masked
    i = len(cases)
    return cases + [conv_layer_case(name, layer_class, attrs, uniform_input(first_input_seed + i, shape), i, mask)]


def conv_cases():
    return conv_family_cases(nn.Conv, CONV_CASES, MASKED_CONV, 10)


# --- ConvTranspose --------------------------------------------------------------------------------------------------
CONV_TRANSPOSE_CASES = [
    ("1-D VALID", dict(features=4, kernel_size=(3,), padding="VALID"), (2, 8, 3)),
    ("2-D SAME strided", dict(features=3, kernel_size=(3, 3), strides=2), (2, 5, 4, 2)),
    ("2-D SAME, stride larger than the kernel", dict(features=2, kernel_size=(2, 2), strides=3), (1, 3, 3, 2)),
    (
        "2-D VALID, strides (2, 1), kernel dilation (1, 2)",
        dict(features=3, kernel_size=(2, 3), strides=(2, 1), padding="VALID", kernel_dilation=(1, 2)),
        (2, 4, 5, 2),
    ),
    (
        "2-D explicit pair and integer padding, strided",
        dict(features=2, kernel_size=(3, 2), strides=2, padding=((1, 2), 0)),
        (2, 4, 3, 3),
    ),
    (
        "2-D CIRCULAR strided, transposed kernel",
        dict(features=4, kernel_size=(4, 3), strides=(2, 1), padding="CIRCULAR", transpose_kernel=True),
        (2, 5, 4, 3),
    ),
    ("1-D CIRCULAR, an odd amount to wrap", dict(features=2, kernel_size=5, strides=3, padding="CIRCULAR"), (2, 4, 2)),
    ("1-D integer padding, unbatched, no bias", dict(features=3, kernel_size=3, strides=2, padding=1, use_bias=False), (7, 3)),
    ("3-D SAME strided", dict(features=2, kernel_size=(2, 3, 2), strides=(2, 1, 2)), (1, 3, 4, 3, 2)),
    (
        "3-D VALID, kernel dilation, transposed kernel",
        dict(features=3, kernel_size=(2, 2, 2), strides=(1, 2, 1), padding="VALID", kernel_dilation=(2, 1, 1), transpose_kernel=True),
        (1, 4, 3, 3, 2),
    ),
    ("3-D CIRCULAR strided", dict(features=2, kernel_size=(3, 3, 3), strides=2, padding="CIRCULAR"), (1, 3, 2, 3, 2)),
]

# A lower-triangular mask over the kernel's feature axes; the case stores it next to the attributes.
MASKED_CONV_TRANSPOSE = (
    "2-D SAME, two batch axes, masked kernel",
    dict(features=3, kernel_size=(2, 2)),
    (2, 2, 4, 4, 3),
    jnp.broadcast_to(jnp.tril(jnp.ones((3, 3))), (2, 2, 3, 3)),
)


def conv_transpose_cases():
    return conv_family_cases(nn.ConvTranspose, CONV_TRANSPOSE_CASES, MASKED_CONV_TRANSPOSE, 110)


# --- Pooling --------------------------------------------------------------------------------------------------------
POOL_CASES = [
    ("avg VALID strided", "avg_pool", (2, 6, 5, 3), dict(window_shape=(2, 2), strides=(2, 2))),
    ("avg SAME", "avg_pool", (2, 5, 5, 2), dict(window_shape=(3, 3), strides=(2, 1), padding="SAME")),
    (
        "avg SAME without padding in the count",
        "avg_pool",
        (2, 5, 5, 2),
        dict(window_shape=(3, 3), strides=(2, 1), padding="SAME", count_include_pad=False),
    ),
    ("avg 1-D explicit padding, unbatched", "avg_pool", (7, 3), dict(window_shape=(3,), strides=(2,), padding=((1, 2),))),
    ("max VALID strided", "max_pool", (2, 6, 5, 3), dict(window_shape=(2, 2), strides=(2, 2))),
    ("max SAME overlapping", "max_pool", (2, 5, 5, 2), dict(window_shape=(3, 3), strides=(2, 1), padding="SAME")),
    ("max 1-D SAME, two batch axes", "max_pool", (2, 2, 7, 3), dict(window_shape=(3,), padding="SAME")),
    ("min SAME", "min_pool", (2, 5, 4, 2), dict(window_shape=(2, 3), padding="SAME")),
]


def pool_case(name, fn, x, kwargs, seed):
    pool = getattr(pooling, fn)
    y = pool(x, **kwargs)
    cot = uniform_input(seed + 200, y.shape)
    grad_x = jax.grad(lambda v: jnp.sum(pool(v, **kwargs) * cot))(x)
    return {
        "name": name,
        "fn": fn,
        "kwargs": {k: jsonable(v) for k, v in kwargs.items()},
        "x": arr(x),
        "y": arr(y),
        "cot": arr(cot),
        "gradX": arr(grad_x),
    }


def pool_cases():
    cases = [
        pool_case(name, fn, uniform_input(30 + i, shape), kwargs, i)
        for i, (name, fn, shape, kwargs) in enumerate(POOL_CASES)
    ]
    # Ties: small integers, so most windows hold several maxima (and minima); JAX's gradient picks one per window.
    ties = random.randint(random.key(50), (2, 5, 5, 2), 0, 3).astype(jnp.float32)
    for fn, kwargs in [
        ("max_pool", dict(window_shape=(2, 2), strides=(1, 1))),
        ("max_pool", dict(window_shape=(3, 3), strides=(2, 2), padding="SAME")),
        ("min_pool", dict(window_shape=(2, 3), strides=(1, 2))),
    ]:
        cases.append(pool_case(f"{fn} with ties {kwargs}", fn, ties, kwargs, len(cases)))
    return cases


# --- LayerNorm, RMSNorm ---------------------------------------------------------------------------------------------
NORM_CASES = [
    ("LayerNorm defaults", "LayerNorm", dict(), (2, 3, 5)),
    (
        "LayerNorm over the last two axes, exact variance, no scale",
        "LayerNorm",
        dict(reduction_axes=(1, 2), feature_axes=-1, use_fast_variance=False, use_scale=False, epsilon=1e-3),
        (2, 3, 5),
    ),
    ("RMSNorm defaults", "RMSNorm", dict(), (2, 3, 5)),
    ("RMSNorm over the last two axes", "RMSNorm", dict(reduction_axes=(-2, -1), epsilon=1e-3), (4, 6)),
]


def norm_cases():
    cases = []
    for i, (name, cls, attrs, shape) in enumerate(NORM_CASES):
        case = module_case(name, getattr(nn, cls)(**attrs), uniform_input(60 + i, shape), seed=i)
        case["attrs"] = {k: jsonable(v) for k, v in attrs.items()}
        case["layer"] = cls
        cases.append(case)
    return cases


# --- Embed, DenseGeneral -------------------------------------------------------------------------------------------
EMBED_CASES = [
    ("Embed ids [2, 3]", dict(num_embeddings=7, features=5), (2, 3)),
    ("Embed ids [4], a single row (broadcast)", dict(num_embeddings=1, features=3), (4,)),
]


def embed_cases():
    cases = []
    for i, (name, attrs, shape) in enumerate(EMBED_CASES):
        module = nn.Embed(**attrs)
        ids = random.randint(random.key(80 + i), shape, 0, attrs["num_embeddings"])
        variables = module.init(random.key(i), ids)
        y = module.apply(variables, ids)
        cot = uniform_input(i + 300, y.shape)
        query = uniform_input(i + 400, (*shape, attrs["features"]))
        logits = module.apply(variables, query, method="attend")
        logits_cot = uniform_input(i + 500, logits.shape)

        def loss(params):
            return jnp.sum(module.apply({"params": params}, ids) * cot)

        def attend_loss(params, q):
            return jnp.sum(module.apply({"params": params}, q, method="attend") * logits_cot)

        grad_attend_params, grad_query = jax.grad(attend_loss, argnums=(0, 1))(variables["params"], query)
        cases.append(
            {
                "name": name,
                "seed": i,
                "attrs": attrs,
                "ids": arr(ids),
                "variables": tree(variables),
                "y": arr(y),
                "cot": arr(cot),
                "gradParams": tree(jax.grad(loss)(variables["params"])),
                "query": arr(query),
                "logits": arr(logits),
                "logitsCot": arr(logits_cot),
                "gradAttendParams": tree(grad_attend_params),
                "gradQuery": arr(grad_query),
            }
        )
    return cases


DENSE_GENERAL_CASES = [
    ("features [4, 5] over the last axis", dict(features=(4, 5)), (2, 3)),
    ("axis (1, -1), features [4, 5]", dict(features=(4, 5), axis=(1, -1)), (2, 3, 6, 7)),
    ("axis -2, one feature count", dict(features=3, axis=-2), (2, 4, 5)),
    ("batch dims (0,), axis -1, no bias", dict(features=(2, 3), batch_dims=(0,), use_bias=False), (3, 4, 5)),
    ("batch dims (0, 1), axis (2, 3)", dict(features=4, axis=(2, 3), batch_dims=(0, 1)), (2, 3, 4, 2, 5)),
]


def dense_general_cases():
    cases = []
    for i, (name, attrs, shape) in enumerate(DENSE_GENERAL_CASES):
        case = module_case(name, nn.DenseGeneral(**attrs), uniform_input(90 + i, shape), seed=i)
        case["attrs"] = {k: jsonable(v) for k, v in attrs.items()}
        cases.append(case)
    return cases


# --- Sequential -----------------------------------------------------------------------------------------------------
def pair_of_relu(x):
    """A layer with a tuple output: Sequential spreads it into the next layer's arguments."""
    return x, nn.relu(x)


def product(a, b):
    return a * b


class SequentialInCompact(nn.Module):
    """A Sequential made inline, so it is auto-named Sequential_0 and its layers live under it."""

    @nn.compact
    def __call__(self, x):
        return nn.Sequential([nn.Dense(3), nn.gelu, nn.LayerNorm()])(x)


SEQUENTIAL_CASES = [
    ("Dense, relu, Dense (functions keep their index)", lambda: nn.Sequential([nn.Dense(4), nn.relu, nn.Dense(2)]), (3, 5)),
    (
        "tuple outputs spread into the next layer",
        lambda: nn.Sequential([nn.Dense(4), pair_of_relu, product, nn.Dense(3), nn.GroupNorm(num_groups=3)]),
        (2, 5),
    ),
    ("inside a compact module", SequentialInCompact, (2, 3, 4)),
]


def sequential_cases():
    return [
        module_case(name, make(), uniform_input(80 + i, shape), seed=i)
        for i, (name, make, shape) in enumerate(SEQUENTIAL_CASES)
    ]


# --- GroupNorm ------------------------------------------------------------------------------------------------------
GROUP_NORM_CASES = [
    ("defaults (32 groups of one channel)", dict(), (2, 4, 4, 32)),
    ("3 groups over every axis but the batch", dict(num_groups=3), (2, 4, 3, 6)),
    (
        "group size 2, exact variance, no bias",
        dict(num_groups=None, group_size=2, use_fast_variance=False, use_bias=False, epsilon=1e-3),
        (2, 5, 4),
    ),
    ("explicit reduction axes, no scale", dict(num_groups=2, reduction_axes=(2, -1), use_scale=False), (2, 3, 4, 6)),
    ("unbatched pair of axes", dict(num_groups=4), (3, 8)),
]


def group_norm_cases():
    cases = []
    for i, (name, attrs, shape) in enumerate(GROUP_NORM_CASES):
        case = module_case(name, nn.GroupNorm(**attrs), uniform_input(90 + i, shape), seed=i)
        case["attrs"] = {k: jsonable(v) for k, v in attrs.items()}
        cases.append(case)
    return cases


def main():
    fixture = {"conv": conv_cases(), "pool": pool_cases(), "norm": norm_cases()}
    fixture["embed"] = embed_cases()
    fixture["denseGeneral"] = dense_general_cases()
    fixture["sequential"] = sequential_cases()
    fixture["groupNorm"] = group_norm_cases()
    fixture["convTranspose"] = conv_transpose_cases()
    out = Path(__file__).parent / "fixtures" / "layers.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
