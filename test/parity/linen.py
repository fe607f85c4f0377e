"""Writes test/parity/fixtures/linen.json: what flax 0.12.8 gives for init/apply of the layers and the guides' models.

Arrays are stored as {"shape": [...], "data": [flat float32 values]}. Inputs are stored too, so the TypeScript tests
feed exactly the same numbers. Keys are given as seeds (random.key(seed)). Deterministic: re-running gives the same file.
"""

import json
import sys
from pathlib import Path

import flax
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
from jax import random

# The shared models' folder, not this one: random.py here would shadow the standard library.
sys.path.insert(0, str(Path(__file__).parent / "shared"))
from error_text import message  # noqa: E402
from guide_models import BiasAdderWithRunningMean, StateMLP  # noqa: E402
from stored_arrays import arr, tree, uniform_input  # noqa: E402

assert flax.__version__ == "0.12.8", flax.__version__
assert jax.__version__ == "0.10.2", jax.__version__


# --- Dense ---------------------------------------------------------------------------------------------------------
def dense_cases():
    x = uniform_input(7, (2, 5))
    variables = nn.Dense(3).init(random.key(0), x)
    return {
        "guideInit": tree(nn.Dense(4).init(random.key(0), jnp.ones((1, 3)))),
        "x": arr(x),
        "variables": tree(variables),
        "y": arr(nn.Dense(3).apply(variables, x)),
        "noBias": tree(nn.Dense(2, use_bias=False).init(random.key(3), x)),
    }


# --- The batch-norm guide's MLP --------------------------------------------------------------------------------------
class GuideMLP(nn.Module):
    @nn.compact
    def __call__(self, x, train: bool):
        x = nn.Dense(features=4)(x)
        x = nn.BatchNorm(use_running_average=not train)(x)
        x = nn.relu(x)
        x = nn.Dense(features=1)(x)
        return x


def guide_mlp_cases():
    variables = GuideMLP().init(random.key(0), jnp.ones((1, 3)), train=False)
    x = uniform_input(11, (8, 3))
    y_train, updates = GuideMLP().apply(variables, x, train=True, mutable=["batch_stats"])
    trained = {"params": variables["params"], "batch_stats": updates["batch_stats"]}
    return {
        "variables": tree(variables),
        "x": arr(x),
        "yTrain": arr(y_train),
        "batchStats": tree(updates["batch_stats"]),
        "yEval": arr(GuideMLP().apply(trained, x, train=False)),
    }


# --- BatchNorm alone ------------------------------------------------------------------------------------------------
def batch_norm_cases():
    cases = []
    for name, attrs, shape in [
        ("default", {}, (5, 6)),
        ("rank3", {"momentum": 0.9}, (2, 3, 4)),
        ("axis1", {"axis": 1, "epsilon": 1e-3}, (4, 3, 2)),
        ("slowVariance", {"use_fast_variance": False, "use_bias": False}, (6, 3)),
    ]:
        x = uniform_input(5, shape) + 3.0
        bn = nn.BatchNorm(**attrs)
        variables = bn.init(random.key(1), x, use_running_average=False)
        y, updates = bn.apply(variables, x, use_running_average=False, mutable=["batch_stats"])
        y_eval = bn.apply({"params": variables["params"], **updates}, x, use_running_average=True)
        cases.append(
            {
                "name": name,
                "attrs": attrs,
                "x": arr(x),
                "variables": tree(variables),
                "y": arr(y),
                "batchStats": tree(updates["batch_stats"]),
                "yEval": arr(y_eval),
            }
        )
    return cases


# --- The state guide: BiasAdderWithRunningMean and the MLP with BatchNorm(axis_name='batch') under vmap -------------




def state_guide_cases():
    adder = BiasAdderWithRunningMean()
    dummy = jnp.ones((3, 4))
    adder_vars = adder.init(random.key(0), dummy)
    x = uniform_input(13, (3, 4))
    y, updates = adder.apply(adder_vars, x, mutable=["batch_stats"])

    model = StateMLP(hidden_size=10, out_size=1)
    variables = model.init(random.key(0), jnp.ones((100,)))
    params, state = variables["params"], {"batch_stats": variables["batch_stats"]}
    xs = random.normal(random.key(21), (16, 100))

    def per_example(x):
        return model.apply({"params": params, **state}, x, train=True, mutable=list(state.keys()))

    preds, new_state = jax.vmap(per_example, out_axes=(0, None), axis_name="batch")(xs)
    eval_preds = jax.vmap(lambda x: model.apply({"params": params, **new_state}, x))(xs)
    return {
        "biasAdder": {
            "variables": tree(adder_vars),
            "x": arr(x),
            "y": arr(y),
            "batchStats": tree(updates["batch_stats"]),
        },
        "mlp": {
            "variables": tree(variables),
            "xs": arr(xs),
            "preds": arr(preds),
            "batchStats": tree(new_state["batch_stats"]),
            "evalPreds": arr(eval_preds),
        },
    }


# --- Flax's test_vmap_batchnorm: BatchNorm(axis_name) under vmap equals BatchNorm on the whole batch --------------
class MlpBn(nn.Module):
    axis_name: str | None = None

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(3)(x)
        return nn.BatchNorm(axis_name=self.axis_name, use_running_average=False)(x)


def vmap_batch_norm_case():
    key1, key2, key3 = random.split(random.key(3), 3)
    x = random.uniform(key1, (4, 4))
    x2 = random.uniform(key2, (5, 4, 4))
    variables = MlpBn().init(key3, x)
    y, updates = MlpBn().apply(variables, x2.reshape((-1, 4)), mutable=["batch_stats"])
    return {
        "x": arr(x),
        "x2": arr(x2),
        "initKey": [int(v) for v in random.key_data(key3)],
        "variables": tree(variables),
        "y": arr(y.reshape((5, 4, 3))),
        "batchStats": tree(updates["batch_stats"]),
    }


# --- Dropout ---------------------------------------------------------------------------------------------------------
class DropoutMLP(nn.Module):
    """The Dropout docstring's example: Dense(4) then Dropout(0.5, deterministic=not train)."""

    @nn.compact
    def __call__(self, x, train):
        x = nn.Dense(4)(x)
        return nn.Dropout(0.5, deterministic=not train)(x)


def dropout_cases():
    x = uniform_input(17, (4, 6))
    cases = []
    for name, attrs, seed in [
        ("half", {"rate": 0.5}, 1),
        ("rate0.1", {"rate": 0.1}, 2),
        ("broadcast", {"rate": 0.5, "broadcast_dims": (0,)}, 3),
        ("broadcastNegative", {"rate": 0.3, "broadcast_dims": (-1,)}, 4),
    ]:
        y = nn.Dropout(**attrs).apply({}, x, deterministic=False, rngs={"dropout": random.key(seed)})
        cases.append({"name": name, "attrs": attrs, "seed": seed, "y": arr(y)})
    mlp_vars = DropoutMLP().init(random.key(0), jnp.ones((1, 3)), train=False)
    mlp_y = DropoutMLP().apply(mlp_vars, jnp.ones((1, 3)), train=True, rngs={"dropout": random.key(1)})
    return {"x": arr(x), "cases": cases, "mlp": {"variables": tree(mlp_vars), "y": arr(mlp_y)}}


# --- PReLU and RReLU ----------------------------------------------------------------------------------------------
class ChannelPReLU(nn.Module):
    """Reference for flax-ts's PReLU(numParameters=C): one slope per channel of the last axis."""

    @nn.compact
    def __call__(self, x):
        slope = self.param("negative_slope", nn.initializers.constant(0.25), (x.shape[-1],))
        return jnp.where(x >= 0, x, slope * x)


class RReLU(nn.Module):
    """Reference for flax-ts's RReLU: per-element slopes ~ U(1/8, 1/3) from the 'rrelu' stream while training.

    Named like flax-ts's class, because module names are part of the rng path."""

    @nn.compact
    def __call__(self, x, deterministic):
        lower, upper = 1.0 / 8, 1.0 / 3
        if deterministic:
            slope = (lower + upper) / 2
        else:
            slope = random.uniform(self.make_rng("rrelu"), x.shape, minval=lower, maxval=upper)
        return jnp.where(x >= 0, x, slope * x)


class TwoRReLU(nn.Module):
    @nn.compact
    def __call__(self, x):
        first = RReLU()(x, False)
        return RReLU()(first - 0.5, False)


def activation_cases():
    x = uniform_input(19, (3, 4))
    prelu_vars = nn.PReLU().init(random.key(0), x)
    trained = {"params": {"negative_slope": jnp.asarray(0.3)}}
    channel_vars = ChannelPReLU().init(random.key(0), x)
    channel_vars = {"params": {"negative_slope": channel_vars["params"]["negative_slope"] * jnp.arange(1.0, 5.0)}}
    rngs = {"rrelu": random.key(5)}
    return {
        "x": arr(x),
        "prelu": {
            "variables": tree(prelu_vars),
            "y": arr(nn.PReLU().apply(prelu_vars, x)),
            "yTrained": arr(nn.PReLU().apply(trained, x)),
        },
        "channelPrelu": {"variables": tree(channel_vars), "y": arr(ChannelPReLU().apply(channel_vars, x))},
        "rrelu": {
            "yTrain": arr(RReLU().apply({}, x, False, rngs=rngs)),
            "yEval": arr(RReLU().apply({}, x, True)),
            "yNested": arr(TwoRReLU().apply({}, x, rngs=rngs)),
        },
        "functions": {
            "relu": arr(nn.relu(x)),
            "gelu": arr(nn.gelu(x)),
            "sigmoid": arr(nn.sigmoid(x)),
            "tanh": arr(nn.tanh(x)),
            "softmax": arr(nn.softmax(x)),
            "logSoftmax": arr(nn.log_softmax(x)),
        },
    }


# --- Initializers ----------------------------------------------------------------------------------------------------
def initializer_cases():
    init = nn.initializers
    cases = [
        ("lecunNormal", [], init.lecun_normal()),
        ("heNormal", [], init.he_normal()),
        ("glorotUniform", [], init.glorot_uniform()),
        ("xavierUniform", [], init.xavier_uniform()),
        ("lecunUniform", [], init.lecun_uniform()),
        ("glorotNormal", [], init.glorot_normal()),
        ("heUniform", [], init.he_uniform()),
        ("normal", [0.02], init.normal(0.02)),
        ("uniform", [0.5], init.uniform(0.5)),
        ("constant", [1.5], init.constant(1.5)),
        ("varianceScaling", [2.0, "fan_out", "normal"], init.variance_scaling(2.0, "fan_out", "normal")),
        ("varianceScaling", [0.5, "fan_avg", "uniform"], init.variance_scaling(0.5, "fan_avg", "uniform")),
        ("varianceScaling", [3.0, "fan_geo_avg", "truncated_normal"], init.variance_scaling(3.0, "fan_geo_avg", "truncated_normal")),
    ]
    out = []
    for shape in [(5, 7), (3, 3, 4, 8)]:
        for name, args, fn in cases:
            out.append({"name": name, "args": args, "shape": list(shape), "value": arr(fn(random.key(42), shape))})
    return out


# --- Flax's error messages, captured from flax itself ----------------------------------------------------------------
class SetsAttribute(nn.Module):
    @nn.compact
    def __call__(self, x):
        self.foo = 3
        return x


class DuplicateParam(nn.Module):
    @nn.compact
    def __call__(self, x):
        self.param("x", nn.initializers.zeros, (1,))
        self.param("x", nn.initializers.zeros, (1,))
        return x


class DuplicateSubmodule(nn.Module):
    @nn.compact
    def __call__(self, x):
        nn.Dense(3, name="a")(x)
        nn.Dense(3, name="a")(x)
        return x


class DenseInside(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(4)(x)


class DropoutInside(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dropout(0.5, deterministic=False)(x)


class CreatesOutsideCompact(nn.Module):
    """A second method that creates inline what only the compact method may create."""

    @nn.compact
    def __call__(self, x):
        return nn.Dense(3)(x)

    def encode(self, x):
        return nn.Dense(3)(x)

    def make_param(self, x):
        return self.param("w", nn.initializers.ones, (1,))

    def make_variable(self, x):
        return self.variable("state", "w", jnp.zeros, (1,)).value


def error_cases():
    x = jnp.ones((2, 3))
    guide_vars = GuideMLP().init(random.key(0), x, train=False)
    dense_vars = DenseInside().init(random.key(0), x)
    wrong = {"params": {"Dense_0": {"kernel": jnp.ones((2, 4)), "bias": jnp.zeros((4,))}}}
    return {
        "immutable": message(lambda: GuideMLP().apply(guide_vars, x, train=True)),
        "paramInUse": message(lambda: DuplicateParam().init(random.key(0), x)),
        "submoduleInUse": message(lambda: DuplicateSubmodule().init(random.key(0), x)),
        "missingRng": message(lambda: DropoutInside().apply({}, x)),
        "paramShape": message(lambda: DenseInside().apply(wrong, x)),
        "unbound": message(lambda: nn.Dense(4)(x)),
        "frozen": message(lambda: SetsAttribute().init(random.key(0), x)),
        "mergeNeither": message(lambda: nn.Dropout(0.5).apply({}, x)),
        "mergeBoth": message(lambda: nn.Dropout(0.5, deterministic=True).apply({}, x, deterministic=False)),
        "collectionNotFound": message(lambda: DenseInside().apply({}, x)),
        "paramNotFound": message(
            lambda: DenseInside().apply({"params": {"Dense_0": {"kernel": dense_vars["params"]["Dense_0"]["kernel"]}}}, x)
        ),
        "nestedParams": message(lambda: DenseInside().apply({"params": dense_vars}, x)),
        "assignSubModule": message(lambda: CreatesOutsideCompact().init(random.key(0), x, method="encode")),
        "paramOutsideCompact": message(lambda: CreatesOutsideCompact().init(random.key(0), x, method="make_param")),
        "variableOutsideCompact": message(
            lambda: CreatesOutsideCompact().init(random.key(0), x, method="make_variable")
        ),
    }


fixture = {
    "versions": {"flax": flax.__version__, "jax": jax.__version__},
    "dense": dense_cases(),
    "guideMlp": guide_mlp_cases(),
    "batchNorm": batch_norm_cases(),
    "stateGuide": state_guide_cases(),
    "vmapBatchNorm": vmap_batch_norm_case(),
    "dropout": dropout_cases(),
    "activations": activation_cases(),
    "initializers": initializer_cases(),
    "errors": error_cases(),
}

out = Path(__file__).parent / "fixtures" / "linen.json"
out.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {out}")
