"""Writes test/parity/fixtures/edges.json: what the real jax 0.10.2 (flax 0.12.8, optax 0.2.8) give at the edges: NaN in
arg-reductions and max/min, infinities in logsumexp and softmax, zero-size arrays, var/std with ddof >= n, exact
int32 matmul, integer-label cross-entropy with out-of-range labels; and a table of every np/nn function applied to
edge values (NaN, +-inf, -0, empty, int32, bool), where jax's error is stored when it raises.

Also per-example randomness under jax.vmap: flax's Dropout applied with one split key per example, and Dense's
init mapped over split keys.

test/core/edges-parity.test.ts computes the same with flax-ts, looking each case up by name (the vmap cases:
test/linen/vmap-rngs.test.ts).
"""

import json
import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import linen as nn

sys.path.insert(0, str(Path(__file__).parent / "shared"))
from array_cases import case, case_or_error  # noqa: E402
from fixture_json import as_list  # noqa: E402

assert jax.__version__ == "0.10.2", jax.__version__
assert optax.__version__ == "0.2.8", optax.__version__

nan, inf = np.nan, np.inf
WITH_NANS = np.array([[1.0, nan, 3.0, nan], [2.0, -inf, 5.0, 0.0], [nan, 4.0, -1.0, nan]], np.float32)
OTHER = np.array([[nan, 0.0, 4.0, -1.0], [3.0, nan, 5.0, inf], [0.0, 1.0, -2.0, nan]], np.float32)
INF_ROWS = np.array([[-inf, -inf, -inf], [1.0, inf, 2.0], [-inf, 0.0, -inf], [inf, inf, -inf]], np.float32)
EMPTY = np.zeros((0,), np.float32)
EMPTY_ROWS = np.zeros((0, 3), np.float32)
BIG_INTS = np.array([[4000, -3000, 5000], [1234, 5678, -4321]], np.int32)
BIG_INTS_RIGHT = np.array([[3000, 2], [-5000, 4567], [4999, -7]], np.int32)
LOGITS = np.array([[1.0, 2.0, 0.5, -1.0], [0.0, 0.0, 3.0, 1.0], [-2.0, 1.0, 1.0, 0.0]], np.float32)

numerics = [
    case("argmaxNaN", lambda x: jnp.argmax(x), WITH_NANS),
    case("argminNaN", lambda x: jnp.argmin(x), WITH_NANS),
    case("argmaxNaNRows", lambda x: jnp.argmax(x, axis=1), WITH_NANS),
    case("argminNaNColumns", lambda x: jnp.argmin(x, axis=0), WITH_NANS),
    case("argmaxAllNegInf", lambda x: jnp.argmax(x, axis=1), INF_ROWS),
    case("maximumNaN", jnp.maximum, WITH_NANS, OTHER),
    case("minimumNaN", jnp.minimum, WITH_NANS, OTHER),
    case("maxNaN", lambda x: jnp.max(x, axis=1), WITH_NANS),
    case("minNaN", lambda x: jnp.min(x, axis=0), WITH_NANS),
    case("maxNaNAll", jnp.max, WITH_NANS),
    case("logsumexpInfinities", lambda x: jax.nn.logsumexp(x, axis=1), INF_ROWS),
    case("logsumexpAllNegInf", jax.nn.logsumexp, np.full((3,), -inf, np.float32)),
    case("logSoftmaxInfinities", jax.nn.log_softmax, INF_ROWS[[0, 2]]),
    case("softmaxMasked", jax.nn.softmax, INF_ROWS[[2]]),
    case("meanEmpty", jnp.mean, EMPTY),
    case("sumEmptyAxis", lambda x: jnp.sum(x, axis=0), EMPTY_ROWS),
    case("meanEmptyAxis", lambda x: jnp.mean(x, axis=0), EMPTY_ROWS),
    case("prodEmpty", jnp.prod, EMPTY),
    case("anyAllEmpty", lambda x: [jnp.any(x), jnp.all(x)], EMPTY),
    case("logsumexpEmpty", jax.nn.logsumexp, EMPTY),
    case("maxEmptyRows", lambda x: jnp.max(x, axis=1), EMPTY_ROWS),
    case("matmulEmptyInner", jnp.matmul, np.zeros((2, 0), np.float32), np.zeros((0, 3), np.float32)),
    case("matmulEmptyOuter", jnp.matmul, np.zeros((0, 2), np.float32), np.ones((2, 3), np.float32)),
    case_or_error("maxEmpty", jnp.max, EMPTY),
    case_or_error("minEmptyAxis", lambda x: jnp.min(x, axis=0), EMPTY_ROWS),
    case_or_error("argmaxEmpty", jnp.argmax, EMPTY),
    case("varDdofN", lambda x: jnp.var(x, ddof=3), np.array([1.0, 2.0, 4.0], np.float32)),
    case("varDdofAboveN", lambda x: jnp.var(x, ddof=5), np.array([1.0, 2.0, 4.0], np.float32)),
    case("stdDdofN", lambda x: jnp.std(x, axis=1, ddof=2), np.array([[1.0, 3.0], [2.0, 2.0]], np.float32)),
    case("varEmpty", jnp.var, EMPTY),
    case("matmulInt", jnp.matmul, BIG_INTS, BIG_INTS_RIGHT),
    case("matmulIntBatched", jnp.matmul, np.stack([BIG_INTS, -BIG_INTS]), BIG_INTS_RIGHT),
    case(
        "crossEntropyLabelsOutOfRange",
        optax.softmax_cross_entropy_with_integer_labels,
        LOGITS,
        np.array([1, 4, -1], np.int32),
    ),
    case(
        "crossEntropyLabelsFarOutOfRange",
        optax.softmax_cross_entropy_with_integer_labels,
        LOGITS,
        np.array([-5, 2, 100], np.int32),
    ),
    case_or_error(
        "crossEntropyLabelsWrongShape",
        optax.softmax_cross_entropy_with_integer_labels,
        LOGITS,
        np.array([[1], [0], [2]], np.int32),
    ),
]

# The table: every function below, applied to each edge input (errors stored where jax raises).
EDGE_INPUTS = {
    "float": np.array([nan, inf, -inf, -0.0, 0.0, 1.0, -1.5, 2.5], np.float32),
    "int": np.array([-3, 0, 2, 7], np.int32),
    "bool": np.array([True, False, True], np.bool_),
    "empty": EMPTY,
    "scalar": np.array(-inf, np.float32),
}
UNARY = {
    "abs": jnp.abs,
    "negative": jnp.negative,
    "sign": jnp.sign,
    "exp": jnp.exp,
    "log": jnp.log,
    "log1p": jnp.log1p,
    "expm1": jnp.expm1,
    "sqrt": jnp.sqrt,
    "square": jnp.square,
    "tanh": jnp.tanh,
    "sin": jnp.sin,
    "cos": jnp.cos,
    "floor": jnp.floor,
    "ceil": jnp.ceil,
    "round": jnp.round,
    "isnan": jnp.isnan,
    "sum": jnp.sum,
    "mean": jnp.mean,
    "max": jnp.max,
    "min": jnp.min,
    "prod": jnp.prod,
    "any": jnp.any,
    "all": jnp.all,
    "var": jnp.var,
    "std": jnp.std,
    "logsumexp": jax.nn.logsumexp,
    "argmax": jnp.argmax,
    "argmin": jnp.argmin,
    "cumsum": jnp.cumsum,
    "sort": jnp.sort,
    "relu": jax.nn.relu,
    "sigmoid": jax.nn.sigmoid,
    "softplus": jax.nn.softplus,
    "silu": jax.nn.silu,
    "leakyRelu": jax.nn.leaky_relu,
    "elu": jax.nn.elu,
    "gelu": jax.nn.gelu,
    "softmax": jax.nn.softmax,
    "logSoftmax": jax.nn.log_softmax,
}
BINARY = {
    "add": jnp.add,
    "subtract": jnp.subtract,
    "multiply": jnp.multiply,
    "divide": jnp.divide,
    "power": jnp.power,
    "maximum": jnp.maximum,
    "minimum": jnp.minimum,
    "equal": jnp.equal,
    "less": jnp.less,
    "greaterEqual": jnp.greater_equal,
}
table = [
    case_or_error(f"{fn}/{kind}", UNARY[fn], x) for fn in UNARY for kind, x in EDGE_INPUTS.items()
] + [
    # Each input against itself reversed: every pair of edge values that meet in the list.
    case_or_error(f"{fn}/{kind}", BINARY[fn], x, np.flip(x)) for fn in BINARY for kind, x in EDGE_INPUTS.items()
]

XS = np.arange(20, dtype=np.float32).reshape(4, 5) / 10 - 1
DROPOUT = nn.Dropout(rate=0.3)
dropout_keys = jax.random.split(jax.random.key(1), 4)
per_example_dropout = jax.vmap(lambda x, k: DROPOUT.apply({}, x, False, rngs={"dropout": k}))(XS, dropout_keys)
DENSE = nn.Dense(2)
init_keys = jax.random.split(jax.random.key(0), 3)
per_key_init = jax.vmap(lambda k: DENSE.init(k, jnp.ones(3)))(init_keys)
vmap_rngs = {
    "xs": as_list(XS),
    "dropoutRate": 0.3,
    "dropoutKeySeed": 1,
    "dropout": as_list(per_example_dropout),
    "initKeySeed": 0,
    "denseKernels": as_list(per_key_init["params"]["kernel"]),
}

out = Path(__file__).parent / "fixtures" / "edges.json"
out.write_text(json.dumps({"numerics": numerics, "table": table, "vmapRngs": vmap_rngs}, indent=1) + "\n")
print(f"wrote {out}")
