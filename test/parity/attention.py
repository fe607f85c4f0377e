"""Writes test/parity/fixtures/attention.json: what flax 0.12.8 gives for attention (issue 15): the functions
dot_product_attention(_weights), the mask helpers, and MultiHeadDotProductAttention / MultiHeadAttention /
SelfAttention, including dropout with a given key and autoregressive decoding.

Each module case stores its inputs, the variables from init (random.key(seed)), the output of apply, a fixed
cotangent `cot`, and the gradients of sum(y * cot) with respect to the params and every input. Arrays are
{"shape": [...], "data": [flat float32 values]}. Deterministic: re-running gives the same file.
"""

import json
import sys
import warnings
from pathlib import Path

import flax
import flax.linen as nn
import jax
import jax.numpy as jnp
from jax import random

sys.path.insert(0, str(Path(__file__).parent / "shared"))
from error_text import message  # noqa: E402
from stored_arrays import arr, tree, uniform_input  # noqa: E402

assert flax.__version__ == "0.12.8", flax.__version__
assert jax.__version__ == "0.10.2", jax.__version__

# SelfAttention and inputs_kv are deprecated in flax 0.12.8; their warnings are not part of the numbers.
warnings.simplefilter("ignore", DeprecationWarning)


def padding_tokens(seed, shape):
    """Token ids with trailing zeros (padding) in every row but the first."""
    tokens = random.randint(random.key(seed), shape, 1, 9)
    lengths = jnp.arange(shape[-1], 0, -max(1, shape[-1] // shape[0]))[: shape[0]]
    return jnp.where(jnp.arange(shape[-1]) < lengths[:, None], tokens, 0)


def self_mask(kind, batch, length):
    if kind == "causal":
        return nn.make_causal_mask(jnp.ones((batch, length)))
    tokens = padding_tokens(batch * 10 + length, (batch, length))
    padding = nn.make_attention_mask(tokens > 0, tokens > 0)
    return padding if kind == "padding" else nn.combine_masks(padding, nn.make_causal_mask(tokens))


# --- The modules ----------------------------------------------------------------------------------------------------
# (name, class, attrs, input shapes (q, k?, v?), mask, call kwargs, dropout seed in rngs)
MODULE_CASES = [
    ("self-attention, defaults", "MultiHeadDotProductAttention", dict(num_heads=2), [(2, 4, 6)], None, {}, None),
    (
        "cross-attention, qkv_features 8, out_features 5, keys and values of other widths",
        "MultiHeadDotProductAttention",
        dict(num_heads=2, qkv_features=8, out_features=5),
        [(2, 3, 6), (2, 5, 4), (2, 5, 3)],
        None,
        {},
        None,
    ),
    (
        "causal self-attention, 3 heads, no bias",
        "MultiHeadDotProductAttention",
        dict(num_heads=3, use_bias=False),
        [(2, 5, 6)],
        "causal",
        {},
        None,
    ),
    (
        "padding and causal masks combined",
        "MultiHeadDotProductAttention",
        dict(num_heads=2, qkv_features=4),
        [(3, 5, 6)],
        "padding+causal",
        {},
        None,
    ),
    (
        "cross-attention with a padding mask, keys doubling as values",
        "MultiHeadDotProductAttention",
        dict(num_heads=1),
        [(2, 3, 4), (2, 6, 4)],
        "cross-padding",
        {},
        None,
    ),
    (
        "normalize_qk",
        "MultiHeadDotProductAttention",
        dict(num_heads=2, qkv_features=8, normalize_qk=True),
        [(2, 4, 5)],
        None,
        {},
        None,
    ),
    (
        "dropout 0.5 from the rngs, broadcast over batch and heads",
        "MultiHeadDotProductAttention",
        dict(num_heads=2, dropout_rate=0.5, deterministic=False),
        [(2, 4, 6)],
        "causal",
        {},
        5,
    ),
    (
        "dropout 0.3 from dropout_rng, not broadcast, deterministic at call time",
        "MultiHeadDotProductAttention",
        dict(num_heads=2, dropout_rate=0.3, broadcast_dropout=False),
        [(2, 4, 6)],
        None,
        {"deterministic": False, "dropout_rng": 9},
        None,
    ),
    (
        "MultiHeadAttention, two batch axes, other initializers",
        "MultiHeadAttention",
        dict(num_heads=2, kernel_init="xavier_uniform", bias_init="normal", out_kernel_init="zeros_init"),
        [(2, 2, 3, 4)],
        None,
        {},
        None,
    ),
    ("SelfAttention with a causal mask", "SelfAttention", dict(num_heads=2, qkv_features=6), [(2, 4, 5)], "causal", {}, None),
]

INITIALIZERS = {
    "xavier_uniform": nn.initializers.xavier_uniform(),
    "normal": nn.initializers.normal(0.5),
    "zeros_init": nn.initializers.zeros_init(),
}


def make_mask(kind, shapes):
    if kind is None:
        return None
    if kind == "cross-padding":
        q_tokens = padding_tokens(31, shapes[0][:-1])
        k_tokens = padding_tokens(32, shapes[1][:-1])
        return nn.make_attention_mask(q_tokens > 0, k_tokens > 0)
    return self_mask(kind, shapes[0][0], shapes[0][-2])


def module_case(i, name, cls, attrs, shapes, mask_kind, call, dropout_seed):
    module_attrs = {k: INITIALIZERS.get(v, v) if k.endswith("_init") else v for k, v in attrs.items()}
    module = getattr(nn, cls)(**module_attrs)
    inputs = [uniform_input(200 + 10 * i + j, shape) for j, shape in enumerate(shapes)]
    mask = make_mask(mask_kind, shapes)
    kwargs = {k: random.key(v) if k == "dropout_rng" else v for k, v in call.items()}
    if mask is not None:
        kwargs["mask"] = mask
    rngs = {"dropout": random.key(dropout_seed)} if dropout_seed is not None else {}

    def run(variables, *xs):
        return module.apply(variables, *xs, rngs=rngs, **kwargs)

    variables = module.init({"params": random.key(i), **rngs}, *inputs, **kwargs)
    y = run(variables, *inputs)
    cot = uniform_input(300 + i, y.shape)

    def loss(params, *xs):
        return jnp.sum(run({"params": params}, *xs) * cot)

    grads = jax.grad(loss, argnums=tuple(range(len(inputs) + 1)))(variables["params"], *inputs)
    return {
        "name": name,
        "layer": cls,
        "attrs": attrs,
        "seed": i,
        "inputs": [arr(x) for x in inputs],
        "mask": None if mask is None else arr(mask),
        "call": call,
        "dropoutSeed": dropout_seed,
        "variables": tree(variables),
        "y": arr(y),
        "cot": arr(cot),
        "gradParams": tree(grads[0]),
        "gradInputs": [arr(g) for g in grads[1:]],
    }


def module_cases():
    return [module_case(i, *case) for i, case in enumerate(MODULE_CASES)]


def sow_case():
    """sow_weights=True: the softmax weights land in 'intermediates' as a one-element tuple."""
    module = nn.MultiHeadDotProductAttention(num_heads=2)
    x = uniform_input(250, (2, 3, 4))
    variables = module.init(random.key(25), x)
    _, state = module.apply(variables, x, sow_weights=True, mutable=["intermediates"])
    (weights,) = state["intermediates"]["attention_weights"]
    return {"seed": 25, "x": arr(x), "attentionWeights": arr(weights)}


# --- Autoregressive decoding ----------------------------------------------------------------------------------------
def decode_case():
    """init on the whole sequence creates the cache; then one position per apply, mutable=['cache']. The fifth
    step is past the cache's end: dynamic_update_slice clamps it onto the last position."""
    attrs = dict(num_heads=2, qkv_features=4, decode=True)
    module = nn.MultiHeadDotProductAttention(**attrs)
    x = uniform_input(400, (2, 4, 6))
    variables = module.init(random.key(40), x)
    params, cache = variables["params"], variables["cache"]
    steps = []
    for t in range(x.shape[1] + 1):
        step_input = x[:, t % 4 : t % 4 + 1]
        y, updated = module.apply({"params": params, "cache": cache}, step_input, mutable=["cache"])
        cot = uniform_input(410 + t, y.shape)

        def loss(p, v, cache=cache, cot=cot):
            out, _ = module.apply({"params": p, "cache": cache}, v, mutable=["cache"])
            return jnp.sum(out * cot)

        grad_params, grad_x = jax.grad(loss, argnums=(0, 1))(params, step_input)
        steps.append(
            {
                "y": arr(y),
                "cache": tree(updated["cache"]),
                "cot": arr(cot),
                "gradParams": tree(grad_params),
                "gradX": arr(grad_x),
            }
        )
        cache = updated["cache"]
    return {"attrs": attrs, "seed": 40, "x": arr(x), "variables": tree(variables), "steps": steps}


# --- The functions --------------------------------------------------------------------------------------------------
def function_cases():
    q = uniform_input(500, (2, 3, 2, 4))
    k = uniform_input(501, (2, 5, 2, 4))
    v = uniform_input(502, (2, 5, 2, 3))
    bias = uniform_input(503, (1, 2, 3, 5))
    mask = random.bernoulli(random.key(504), 0.7, (2, 1, 3, 5)).astype(jnp.float32)
    cases = []
    for name, kwargs in [
        ("bias and mask", dict(bias=bias, mask=mask)),
        ("dropout 0.4, broadcast", dict(dropout_rng=7, dropout_rate=0.4)),
        ("dropout 0.4, not broadcast, with a mask", dict(mask=mask, dropout_rng=8, dropout_rate=0.4, broadcast_dropout=False)),
        ("deterministic dropout is none", dict(dropout_rng=7, dropout_rate=0.4, deterministic=True)),
    ]:
        call = {key: random.key(val) if key == "dropout_rng" else val for key, val in kwargs.items()}
        weights = nn.dot_product_attention_weights(q, k, **call)
        out = nn.dot_product_attention(q, k, v, **call)
        cot = uniform_input(505 + len(cases), out.shape)
        grads = jax.grad(
            lambda *qkv, call=call, cot=cot: jnp.sum(nn.dot_product_attention(*qkv, **call) * cot), argnums=(0, 1, 2)
        )(q, k, v)
        stored = {key: val if key in ("dropout_rng", "dropout_rate", "broadcast_dropout", "deterministic") else arr(val) for key, val in kwargs.items()}
        cases.append(
            {"name": name, "kwargs": stored, "weights": arr(weights), "y": arr(out), "cot": arr(cot), "grads": [arr(g) for g in grads]}
        )
    # No batch axes at all: [length, heads, depth].
    out = nn.dot_product_attention(q[0], k[0], v[0])
    cot = uniform_input(520, out.shape)
    grads = jax.grad(lambda *qkv: jnp.sum(nn.dot_product_attention(*qkv) * cot), argnums=(0, 1, 2))(q[0], k[0], v[0])
    cases.append(
        {
            "name": "no batch axes",
            "kwargs": {},
            "batchless": True,
            "weights": arr(nn.dot_product_attention_weights(q[0], k[0])),
            "y": arr(out),
            "cot": arr(cot),
            "grads": [arr(g) for g in grads],
        }
    )
    return {"q": arr(q), "k": arr(k), "v": arr(v), "cases": cases}


def mask_cases():
    q_tokens = padding_tokens(600, (2, 3)).astype(jnp.float32)
    k_tokens = padding_tokens(601, (2, 5)).astype(jnp.float32)
    causal = nn.make_causal_mask(k_tokens)
    padding = nn.make_attention_mask(k_tokens > 0, k_tokens > 0)
    return {
        "qTokens": arr(q_tokens),
        "kTokens": arr(k_tokens),
        "padding": arr(nn.make_attention_mask(q_tokens > 0, k_tokens > 0)),
        "greaterEqualExtraDims": arr(
            nn.make_attention_mask(q_tokens, k_tokens, jnp.greater_equal, extra_batch_dims=1, dtype=jnp.int32)
        ),
        "causal": arr(causal),
        "causalExtraDims": arr(nn.make_causal_mask(k_tokens, extra_batch_dims=2)),
        "combined": arr(nn.combine_masks(padding, None, causal, dtype=jnp.bool_)),
        "dtypes": {
            "padding": str(nn.make_attention_mask(q_tokens > 0, k_tokens > 0).dtype),
            "greaterEqualExtraDims": "int32",
            "combined": str(nn.combine_masks(padding, causal, dtype=jnp.bool_).dtype),
        },
    }


# --- Errors ---------------------------------------------------------------------------------------------------------
def error_cases():
    q = jnp.ones((2, 3, 2, 4))
    x = jnp.ones((2, 4, 6))
    decoder = nn.MultiHeadDotProductAttention(num_heads=2, decode=True)
    decoder_vars = decoder.init(random.key(0), x)
    mha = nn.MultiHeadDotProductAttention(num_heads=2)
    mha_vars = mha.init(random.key(0), x)
    return {
        "qkRank": message(lambda: nn.dot_product_attention_weights(q, jnp.ones((3, 2, 4)))),
        "qkBatch": message(lambda: nn.dot_product_attention_weights(q, jnp.ones((3, 3, 2, 4)))),
        "qkHeads": message(lambda: nn.dot_product_attention_weights(q, jnp.ones((2, 3, 3, 4)))),
        "qkDepth": message(lambda: nn.dot_product_attention_weights(q, jnp.ones((2, 3, 2, 5)))),
        "qkvRank": message(lambda: nn.dot_product_attention(q, q, jnp.ones((3, 2, 4)))),
        "qkvBatch": message(lambda: nn.dot_product_attention(q, q, jnp.ones((3, 3, 2, 4)))),
        "qkvHeads": message(lambda: nn.dot_product_attention(q, q, jnp.ones((2, 3, 1, 4)))),
        "kvLength": message(lambda: nn.dot_product_attention(q, q, jnp.ones((2, 4, 2, 4)))),
        "memoryDimension": message(lambda: nn.MultiHeadDotProductAttention(num_heads=4).init(random.key(0), x)),
        "decodeShape": message(
            lambda: decoder.apply(decoder_vars, jnp.ones((2, 2, 6)), mutable=["cache"])
        ),
        "valuesWithoutKeys": message(lambda: mha.apply(mha_vars, x, None, x)),
        "kvWithKeys": message(lambda: mha.apply(mha_vars, x, x, inputs_kv=x)),
        "dropoutDeterministic": message(
            lambda: nn.MultiHeadDotProductAttention(num_heads=2, dropout_rate=0.1).init(random.key(0), x)
        ),
        "maskRanks": message(lambda: nn.combine_masks(jnp.ones((2, 1, 3, 3)), jnp.ones((3, 3)))),
    }


def main():
    fixture = {
        "versions": {"flax": flax.__version__, "jax": jax.__version__},
        "modules": module_cases(),
        "sow": sow_case(),
        "decode": decode_case(),
        "functions": function_cases(),
        "masks": mask_cases(),
        "errors": error_cases(),
    }
    out = Path(__file__).parent / "fixtures" / "attention.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
