"""Writes test/parity/fixtures/ad.json: what the real jax 0.10.2 gives for the value, the gradient and a
Hessian-vector product (grad of grad) of every differentiable operation flax-ts has, including JAX's choices at
kinks (abs and relu at 0, ties of max and min, comparisons and rounding with zero gradient).

Each case is a function of one or two arrays. With fixed weights w the scalar loss is L = sum(f(...) * w); the case
stores f, grad L, and the Hessian-vector product grad(sum(grad L · v)) for a fixed direction v.
test/core/ad-parity.test.ts computes the same with flax-ts, looking each case up by name.
"""

import json
import sys
from pathlib import Path

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax

sys.path.insert(0, str(Path(__file__).parent / "shared"))
from fixture_json import as_list  # noqa: E402

assert jax.__version__ == "0.10.2", jax.__version__

rng = np.random.RandomState(0)


def data(*shape, low=-2.0, high=2.0):
    return rng.uniform(low, high, shape).astype(np.float32)


def finite_list(x):
    """as_list, with the non-finite floats JSON cannot hold written as the strings JavaScript's Number() reads."""

    def fix(v):
        if isinstance(v, list):
            return [fix(e) for e in v]
        if np.isnan(v):
            return "NaN"
        if np.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v

    return fix(as_list(x))


def case(name, fn, *args):
    """Value, gradient and Hessian-vector product of L = sum(fn(*args) * w) with respect to every argument."""
    args = [jnp.asarray(a, jnp.float32) for a in args]
    out = fn(*args)
    w = data(*np.shape(out))
    vs = [data(*np.shape(a)) for a in args]
    argnums = tuple(range(len(args)))

    def loss(*a):
        return jnp.sum(fn(*a) * w)

    grads = jax.grad(loss, argnums=argnums)(*args)

    def directional(*a):
        g = jax.grad(loss, argnums=argnums)(*a)
        return sum(jnp.sum(gi * vi) for gi, vi in zip(g, vs))

    hvp = jax.grad(directional, argnums=argnums)(*args)
    return {
        "name": name,
        "args": [finite_list(a) for a in args],
        "w": as_list(w),
        "v": [as_list(v) for v in vs],
        "value": finite_list(out),
        "grads": [finite_list(g) for g in grads],
        "hvp": [finite_list(h) for h in hvp],
    }


KINKS = np.array([-1.5, -0.5, 0.0, 0.5, 2.0], np.float32)
POSITIVE = np.array([0.25, 0.5, 1.0, 2.0, 4.0], np.float32)
HALVES = np.array([-1.5, -0.5, 0.5, 1.5, 2.5, 0.3], np.float32)

unary = [
    case("negative", jnp.negative, KINKS),
    case("abs", jnp.abs, KINKS),
    case("sign", jnp.sign, KINKS),
    case("exp", jnp.exp, KINKS),
    case("log", jnp.log, POSITIVE),
    case("log1p", jnp.log1p, KINKS),
    case("expm1", jnp.expm1, KINKS),
    case("sqrt", jnp.sqrt, POSITIVE),
    case("rsqrt", jax.lax.rsqrt, POSITIVE),
    case("square", jnp.square, KINKS),
    case("reciprocal", jnp.reciprocal, POSITIVE),
    case("tanh", jnp.tanh, KINKS),
    case("sigmoid", jax.nn.sigmoid, KINKS),
    case("erf", jax.scipy.special.erf, KINKS),
    case("sin", jnp.sin, KINKS),
    case("cos", jnp.cos, KINKS),
    case("floor", jnp.floor, HALVES),
    case("ceil", jnp.ceil, HALVES),
    case("round", jnp.round, HALVES),
    case("relu", jax.nn.relu, KINKS),
    case("softplus", jax.nn.softplus, KINKS),
    case("leakyRelu", jax.nn.leaky_relu, KINKS),
    case("elu", jax.nn.elu, KINKS),
    case("gelu", jax.nn.gelu, KINKS),
    case("geluExact", lambda x: jax.nn.gelu(x, approximate=False), KINKS),
    case("silu", jax.nn.silu, KINKS),
    case("stopGradient", lambda x: x * jax.lax.stop_gradient(x), KINKS),
    case("cubeTimesTanh", lambda x: x**3 * jnp.tanh(x), np.array([2.0, -1.0, 0.5], np.float32)),
]

TIED_X = np.array([1.0, 2.0, 3.0, -1.0], np.float32)
TIED_Y = np.array([1.0, 0.0, 3.0, 2.0], np.float32)

binary = [
    case("add", jnp.add, data(2, 3), data(3)),
    case("subtract", jnp.subtract, data(3), data(2, 3)),
    case("multiply", jnp.multiply, data(2, 3), data(2, 1)),
    case("divide", jnp.divide, data(2, 3), data(3, low=0.5, high=2.0)),
    case("power", jnp.power, data(4, low=0.5, high=2.0), np.array([0.0, 1.0, 2.5, -1.0], np.float32)),
    case("maximum", jnp.maximum, TIED_X, TIED_Y),
    case("minimum", jnp.minimum, TIED_X, TIED_Y),
    case("where", lambda x, y: jnp.where(x > 0, x, y * 2), KINKS, data(5)),
    case("clip", lambda x: jnp.clip(x, -1.0, 1.0), np.array([-2.0, -1.0, 0.0, 1.0, 3.0], np.float32)),
    case("greaterTimesX", lambda x: jnp.where(jnp.greater(x, 0), x, 0.0) * (x > 0.5), KINKS),
]

ROWS_WITH_ZEROS = np.array([[1.0, 2.0, 3.0], [0.0, 2.0, 3.0], [0.0, 0.0, 3.0]], np.float32)
TIED_ROWS = np.array([[1.0, 3.0, 3.0], [2.0, -1.0, 0.5]], np.float32)

reductions = [
    case("sum", lambda x: jnp.sum(x, axis=1), data(2, 3)),
    case("sumAll", jnp.sum, data(2, 3)),
    case("mean", lambda x: jnp.mean(x, axis=0, keepdims=True), data(2, 3)),
    case("max", lambda x: jnp.max(x, axis=1), TIED_ROWS),
    case("min", lambda x: jnp.min(x, axis=0), TIED_ROWS),
    case("prod", lambda x: jnp.prod(x, axis=1), ROWS_WITH_ZEROS),
    case("logsumexp", lambda x: jax.nn.logsumexp(x, axis=1), data(2, 3)),
    case("var", lambda x: jnp.var(x, axis=1), data(2, 4)),
    case("std", lambda x: jnp.std(x, axis=0), data(3, 2)),
    case("softmax", lambda x: jax.nn.softmax(x, axis=-1), data(2, 3)),
    case("logSoftmax", lambda x: jax.nn.log_softmax(x, axis=-1), data(2, 3)),
    case(
        "softmaxCrossEntropy",
        lambda x: optax.softmax_cross_entropy(x, jax.nn.one_hot(jnp.array([2, 0]), 3)),
        data(2, 3),
    ),
    case(
        "softmaxCrossEntropyWithIntegerLabels",
        lambda x: optax.softmax_cross_entropy_with_integer_labels(x, jnp.array([1, 2])),
        data(2, 3),
    ),
]

structure = [
    case("reshape", lambda x: jnp.reshape(x, (3, 2)), data(2, 3)),
    case("transpose", lambda x: jnp.transpose(x, (2, 0, 1)), data(2, 3, 4)),
    case("broadcastTo", lambda x: jnp.broadcast_to(x, (2, 3)), data(1, 3)),
    case("concatenate", lambda x, y: jnp.concatenate([x, y], axis=1), data(2, 1), data(2, 3)),
    case("stack", lambda x, y: jnp.stack([x, y], axis=0), data(3), data(3)),
    case("expandDimsSqueeze", lambda x: jnp.squeeze(jnp.expand_dims(x, 1), 1) * x, data(3)),
    case("matmul", jnp.matmul, data(2, 3), data(3, 4)),
    case("matmulBatched", jnp.matmul, data(2, 2, 3), data(3, 4)),
    case("matmulVectorMatrix", jnp.matmul, data(3), data(3, 2)),
    case("matmulMatrixVector", jnp.matmul, data(2, 3), data(3)),
    case("dot", jnp.dot, data(3), data(3)),
]


class BatchNormNet(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.BatchNorm(use_running_average=False)(x)


def batch_norm_case():
    x = data(6, 3)
    variables = BatchNormNet().init(jax.random.key(0), x)
    scale = data(3, low=0.5, high=1.5)
    bias = data(3)

    def fn(x, scale, bias):
        params = {"BatchNorm_0": {"scale": scale, "bias": bias}}
        y, _ = BatchNormNet().apply(
            {"params": params, "batch_stats": variables["batch_stats"]}, x, mutable=["batch_stats"]
        )
        return y

    return case("batchNorm", fn, x, scale, bias)


def mlp_loss(w1, b1, w2, x, y):
    h = jnp.tanh(x @ w1 + b1)
    return jnp.mean((h @ w2 - y) ** 2, axis=0)


# Drawn after the cases above, so adding these left their numbers unchanged.
models = [batch_norm_case(), case("mlpLoss", mlp_loss, data(3, 5), data(5), data(5, 2), data(4, 3), data(4, 2))]

TIES_X = np.array([1.0, 3.0, 2.0, 3.0, 0.0], np.float32)
IDX = jnp.array([3, 0, 3, -1, 7])

indexing = [
    case("take", lambda x: jnp.take(x, IDX, axis=1), data(2, 5)),
    case("takeClip", lambda x: jnp.take(x, IDX, axis=0, mode="clip"), data(5, 2)),
    case("indexMixed", lambda x: x[1, ::-2, None, jnp.array([3, 0, 3])], data(2, 5, 4)),
    case("indexSlices", lambda x: x[:, 1::2] * x[:, :2], data(3, 4)),
    case("indexArraysSeparated", lambda x: x[jnp.array([1, 1, 0]), :, jnp.array([2, 0, 2])], data(2, 3, 4)),
    case("takeAlongAxis", lambda x: jnp.take_along_axis(x, jnp.argsort(x, axis=1), axis=1), data(3, 4)),
    case("atSet", lambda x, v: x.at[jnp.array([1, 3, 1])].set(v), data(5), data(3)),
    case("atSetSlice", lambda x, v: x.at[:, 1:3].set(v * v), data(2, 4), data(2)),
    case("atAdd", lambda x, v: x.at[jnp.array([1, 3, 1, 9])].add(v), data(5, 2), data(4, 2)),
    case("atMultiply", lambda x, v: x.at[jnp.array([4, 0])].multiply(v, unique_indices=True), data(5), data(2)),
    case("atMin", lambda x, v: x.at[jnp.array([1, 1, 3, 4])].min(v), TIES_X, np.array([3.0, 2.0, 3.0, 5.0], np.float32)),
    case("atMax", lambda x, v: x.at[jnp.array([1, 1, 2, 0])].max(v), TIES_X, np.array([3.0, 3.0, -1.0, 1.0], np.float32)),
    case("atDivide", lambda x, v: x.at[1:3].divide(v), data(4), data(2, low=0.5, high=2.0)),
    case("einsumAttention", lambda q, k: jnp.einsum("qhd,khd->hqk", q, k), data(3, 2, 4), data(5, 2, 4)),
    case("einsumTrace", lambda a, b: jnp.einsum("ij,jk,ki", a, b, a), data(3, 3), data(3, 3)),
    case("cumsum", lambda x: jnp.cumsum(x, axis=1), data(2, 5)),
    case("cumprod", lambda x: jnp.cumprod(x, axis=0), np.array([[1.5, 0.0], [2.0, 3.0], [0.0, -1.0], [4.0, 0.5]], np.float32)),
    case("cumprodNoZeros", lambda x: jnp.cumprod(x), data(6, low=0.5, high=1.5)),
    case("sort", lambda x: jnp.sort(x, axis=0), data(4, 3)),
    case("sortDescending", lambda x: jnp.sort(x, descending=True), data(5)),
    case("splitConcatenate", lambda x: jnp.concatenate(jnp.split(x, [1, 3], axis=1)[::-1], axis=1), data(2, 5)),
    case("pad", lambda x: jnp.pad(x, [[1, 0], [2, 1]], constant_values=2.0), data(2, 3)),
    case("padReflect", lambda x: jnp.pad(x, [4, 2], mode="reflect"), data(3)),
    case("tile", lambda x: jnp.tile(x, [2, 3]), data(2, 2)),
    case("repeat", lambda x: jnp.repeat(x, np.array([2, 0, 1]), axis=1), data(2, 3)),
    case("flipRoll", lambda x: jnp.roll(jnp.flip(x, 1), 1, 0) * x, data(3, 4)),
    case("trilTriu", lambda x: jnp.tril(x) + 2 * jnp.triu(x, 1), data(3, 4)),
    case("swapaxes", lambda x: jnp.swapaxes(x, 0, 2), data(2, 3, 4)),
]


fixture = {
    "unary": unary,
    "binary": binary,
    "reductions": reductions,
    "structure": structure,
    "indexing": indexing,
    "models": models,
}

out = Path(__file__).parent / "fixtures" / "ad.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out}")
