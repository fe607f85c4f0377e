"""Writes test/parity/fixtures/np.json: what the real jax 0.10.2 gives for jax.numpy's indexing, take,
take_along_axis, .at[] updates, einsum, split, tile, repeat, pad, flip, tril/triu, cumulative sums and products,
and sort/argsort, including JAX's out-of-bounds rules and NaN order.

Each case is a function of one or more arrays; the case stores the arguments (with their dtypes) and every output
(value, dtype, shape). test/core/np-parity.test.ts computes the same with flax-ts, looking each case up by name.
"""

import json
import sys
import warnings
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, str(Path(__file__).parent / "shared"))
from array_cases import case  # noqa: E402

assert jax.__version__ == "0.10.2", jax.__version__
# The int32 case adds float32 values on purpose, to pin down JAX's promote-then-cast-back rule.
warnings.filterwarnings("ignore", message="scatter inputs have incompatible types", category=FutureWarning)

rng = np.random.RandomState(1)


def data(*shape, low=-2.0, high=2.0):
    return rng.uniform(low, high, shape).astype(np.float32)


X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
XI = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
X4 = np.arange(120, dtype=np.float32).reshape(5, 2, 3, 4)
V = np.arange(10, dtype=np.float32)
MASK = np.array([[True, False, True], [False, False, True]])

indexing = [
    case("int", lambda x: x[1], X),
    case("negativeInt", lambda x: x[-1, -2], X),
    case("outOfBoundsInt", lambda x: x[5, -9], X),
    case("slices", lambda x: x[:, 1:, ::2], X),
    case("negativeSteps", lambda x: x[::-1, ::-2], X),
    case("stepsAndBounds", lambda x: x[:, 5:0:-2, 1::3], X),
    case("emptySlice", lambda x: x[:, 2:1], X),
    case("vectorSlices", lambda v: jnp.concatenate([v[-3:-1], v[-100:100], v[7:2:-2], v[-3::-3], v[20:]]), V),
    case("newaxisEllipsis", lambda x: x[None, ..., None, 1], X),
    case("ellipsisOnly", lambda x: x[...], X),
    case("mixed", lambda x: x[1, 0:3:2, None, ..., jnp.array([3, 0])], X),
    case("arraysAdjacent", lambda x: x[:, jnp.array([2, 0, 1]), jnp.array([1, 3, 3])], X),
    case("arraysSeparated", lambda x: x[jnp.array([1, 0]), :, jnp.array([3, 2])], X),
    case("intAndArraySeparated", lambda x: x[0, :, jnp.array([1, 2])], X),
    case("intAndArrayAdjacent", lambda x: x[:, 0, jnp.array([1, 2])], X),
    case("newaxisSeparatesArrays", lambda x: x[:, jnp.array([0, 1]), None, jnp.array([1, 2])], X4),
    case("broadcastArrays", lambda x: x[jnp.array([[0], [1]]), jnp.array([0, 2, 1])], X),
    case("outOfBoundsArrays", lambda x: x[jnp.array([5, -7, -1]), 1], X),
    case("negativeArray2d", lambda x: x[1, jnp.array([[-1, -3], [0, -2]]), -1], X),
    case("booleanMask", lambda x: x[MASK], X),
    case("booleanMaskLast", lambda x: x[..., np.array([True, False, False, True])], X),
    case("ints", lambda x: x[1, ::-1, jnp.array([0, 3])], XI),
]

take = [
    case("fillDefault", lambda x: jnp.take(x, jnp.array([1, -1, 5, -9]), axis=1), X),
    case("clip", lambda x: jnp.take(x, jnp.array([[3, -1], [7, 0]]), axis=2, mode="clip"), X),
    case("wrap", lambda x: jnp.take(x, jnp.array([4, -1, -5, 2]), axis=0, mode="wrap"), X4),
    case("flat", lambda x: jnp.take(x, jnp.array([23, 0, -1, 30])), X),
    case("fillValue", lambda x: jnp.take(x, jnp.array([0, 9]), axis=1, fill_value=-3.5), X),
    case("ints", lambda x: jnp.take(x, jnp.array([2, 9]), axis=1), XI),
    case("rows", lambda x: jnp.take(x, jnp.array([[1, 0], [1, 1]]), axis=0), data(3, 4)),
]

SCORES = data(3, 5)
take_along_axis = [
    case("argsortRows", lambda x: jnp.take_along_axis(x, jnp.argsort(x, axis=1), axis=1), SCORES),
    case("argmaxKeepdims", lambda x: jnp.take_along_axis(x, jnp.argmax(x, axis=0, keepdims=True), axis=0), SCORES),
    case("broadcast", lambda x: jnp.take_along_axis(x, jnp.array([[[0, 2, 1, 1]]]), axis=1), X),
    case("outOfBounds", lambda x: jnp.take_along_axis(x, jnp.array([[7, -1, -9]]), axis=1), SCORES),
    case("clip", lambda x: jnp.take_along_axis(x, jnp.array([[7, -1, -9]]), axis=1, mode="clip"), SCORES),
    case("flat", lambda x: jnp.take_along_axis(x, jnp.array([5, -2, 0]), axis=None), SCORES),
]

at = [
    case("setInt", lambda x: x.at[1].set(-1.0), X),
    case("setSlice", lambda x: x.at[:, ::-2].set(jnp.array([[7.0], [8.0]])), X),
    case("setArrays", lambda x: x.at[jnp.array([1, 0]), :, jnp.array([3, -1])].set(5.0), X),
    case("setDuplicates", lambda v: v.at[jnp.array([0, 0, 1])].set(jnp.array([10.0, 20.0, 30.0])), V),
    case("setOutOfBounds", lambda v: v.at[jnp.array([12, -12, -1])].set(jnp.array([10.0, 20.0, 30.0])), V),
    case("setOutOfBoundsInt", lambda x: x.at[7].set(1.0), X),
    case("setNewaxis", lambda x: x.at[None, 0, 1:].set(jnp.zeros((1, 2, 4))), X),
    case("addDuplicates", lambda v: v.at[jnp.array([12, -12, -1, 0, 0])].add(1.5), V),
    case("addRows", lambda x: x.at[jnp.array([[1, 1], [0, 1]])].add(jnp.ones((2, 2, 3, 4))), X),
    case("addClip", lambda v: v.at[jnp.array([12, -12, 3])].add(1.0, mode="clip"), V),
    case("subtract", lambda x: x.at[:, 1].subtract(jnp.array([1.0, 2.0, 3.0, 4.0])), X),
    case("multiply", lambda v: v.at[jnp.array([1, 1, 4])].multiply(jnp.array([3.0, -1.0, 0.5])), V),
    case("divide", lambda v: v.at[2:5].divide(4.0), V),
    case("power", lambda v: v.at[jnp.array([3, 3])].power(2.0), V),
    case("min", lambda v: v.at[jnp.array([1, 1, 4])].min(jnp.array([0.5, -1.0, 9.0])), V),
    case("max", lambda x: x.at[0, jnp.array([0, 2, 0])].max(jnp.array([[30.0], [-1.0], [2.0]])), X),
    case("intsAddFloats", lambda x: x.at[0, 0].add(jnp.array([0.6, 0.6, -1.5, 2.5])), XI),
    case("getFill", lambda v: v.at[jnp.array([12, -1, 3])].get(mode="fill", fill_value=-1.0), V),
    case("getClamps", lambda v: v.at[jnp.array([12, -12])].get(), V),
]

WITH_NANS = np.array(
    [[3.0, np.nan, -0.0, 0.0, -np.inf, 1.0, np.nan, 0.0], [np.inf, 2.0, np.nan, -np.inf, 2.0, -1.0, np.inf, 5.0]],
    np.float32,
)
TIES = np.array([[2, 1, 2, -2147483648, 2147483647, 1], [0, 0, -1, 0, 3, 3]], np.int32)

sorting = [
    case("sortNans", lambda x: jnp.sort(x, axis=1), WITH_NANS),
    case("argsortNans", lambda x: jnp.argsort(x, axis=1), WITH_NANS),
    case("sortDescending", lambda x: jnp.sort(x, axis=1, descending=True), WITH_NANS),
    case("argsortDescending", lambda x: jnp.argsort(x, axis=1, descending=True), WITH_NANS),
    case("sortAxis0", lambda x: jnp.sort(x, axis=0), data(4, 3)),
    case("argsortFlat", lambda x: jnp.argsort(x, axis=None), data(3, 4)),
    case("sortInts", lambda x: jnp.sort(x, axis=-1), TIES),
    case("argsortInts", lambda x: jnp.argsort(x), TIES),
    case("argsortIntsDescending", lambda x: jnp.argsort(x, descending=True), TIES),
    case("sortBools", lambda x: jnp.sort(x), np.array([True, False, True, False])),
]

ROWS_WITH_ZEROS = np.array([[1.5, 2.0, 0.0, 3.0], [-1.0, 0.5, 2.0, -2.0]], np.float32)
cumulative = [
    case("cumsumFlat", jnp.cumsum, data(2, 3)),
    case("cumsumAxis", lambda x: jnp.cumsum(x, axis=0), data(3, 2)),
    case("cumsumInts", lambda x: jnp.cumsum(x, axis=1), TIES[1:]),
    case("cumsumBools", lambda x: jnp.cumsum(x), np.array([True, False, True, True])),
    case("cumprod", lambda x: jnp.cumprod(x, axis=1), ROWS_WITH_ZEROS),
    case("cumprodInts", lambda x: jnp.cumprod(x, axis=1), np.array([[2, 3, -1], [0, 5, 7]], np.int32)),
]

einsum = [
    case("matmul", lambda a, b: jnp.einsum("ij,jk->ik", a, b), data(2, 3), data(3, 4)),
    case("attention", lambda q, k: jnp.einsum("bqhd,bkhd->bhqk", q, k), data(2, 3, 2, 4), data(2, 5, 2, 4)),
    case("implicit", lambda a, b: jnp.einsum("ij,jk", a, b), data(2, 3), data(3, 4)),
    case("implicitSorted", lambda a: jnp.einsum("kji", a), data(2, 3, 4)),
    case("trace", lambda a: jnp.einsum("ii", a), data(3, 3)),
    case("diagonal", lambda a: jnp.einsum("ii->i", a), data(3, 3)),
    case("outer", lambda a, b: jnp.einsum("i,j->ij", a, b), data(3), data(4)),
    case("sumAll", lambda a: jnp.einsum("ij->", a), data(2, 3)),
    case("sumOne", lambda a: jnp.einsum("ijk->ik", a), data(2, 3, 4)),
    case("ellipsisTranspose", lambda a: jnp.einsum("...ij->...ji", a), data(2, 3, 4)),
    case("ellipsisBroadcast", lambda a, b: jnp.einsum("...ij,...jk->...ik", a, b), data(2, 1, 3, 4), data(5, 4, 2)),
    case("threeOperands", lambda a, b, c: jnp.einsum("ij,jk,kl->il", a, b, c), data(2, 3), data(3, 4), data(4, 2)),
    case("sharedByThree", lambda a, b, c: jnp.einsum("i,i,i->i", a, b, c), data(4), data(4), data(4)),
    case("hadamard", lambda a, b: jnp.einsum("ij,ij->ij", a, b), data(2, 3), data(2, 3)),
    case("denseGeneral", lambda x, k: jnp.einsum("...d,dhk->...hk", x, k), data(2, 5, 4), data(4, 2, 3)),
    case("batchDiagonal", lambda a: jnp.einsum("bii->bi", a), data(2, 3, 3)),
    case("spaces", lambda a, b: jnp.einsum(" ij , j -> i ", a, b), data(2, 3), data(3)),
    case("ints", lambda a, b: jnp.einsum("ij,j->i", a, b), XI[0], np.array([1, -2, 3, 0], np.int32)),
]

ROW = np.arange(10, dtype=np.float32)
rearrange = [
    case("splitSections", lambda x: jnp.split(x, 3, axis=1), data(2, 6)),
    case("splitIndices", lambda x: jnp.split(x, [1, 4], axis=1), data(2, 6)),
    case("splitEmptyPiece", lambda v: jnp.split(v, [2, 2, 7]), ROW),
    case("arraySplit", lambda v: jnp.array_split(v, 4), ROW),
    case("swapaxes", lambda x: jnp.swapaxes(x, 0, -1), X),
    case("moveaxis", lambda x: jnp.moveaxis(x, 0, -1), X),
    case("moveaxes", lambda x: jnp.moveaxis(x, [0, 1], [-1, 0]), X4),
    case("flipAll", jnp.flip, X),
    case("flipAxes", lambda x: jnp.flip(x, [0, 2]), X),
    case("fliplr", jnp.fliplr, data(3, 4)),
    case("flipud", jnp.flipud, XI[0]),
    case("rollFlat", lambda x: jnp.roll(x, -5), X),
    case("rollAxes", lambda x: jnp.roll(x, [1, 7], [0, 2]), X),
    case("tileVector", lambda v: jnp.tile(v, 2), ROW[:3]),
    case("tileMore", lambda x: jnp.tile(x, [2, 1, 2]), data(2, 3)),
    case("tileFewer", lambda x: jnp.tile(x, [2]), data(2, 3)),
    case("repeatScalar", lambda v: jnp.repeat(v, 2), ROW[:4]),
    case("repeatAxis", lambda x: jnp.repeat(x, 2, axis=0), data(2, 3)),
    case("repeatPerElement", lambda x: jnp.repeat(x, np.array([1, 0, 3]), axis=1), data(2, 3)),
    case("repeatFlat", lambda x: jnp.repeat(x, np.array([2, 0, 1, 1, 0, 3])), XI[0, :2, :3]),
    case("repeatTotalLonger", lambda x: jnp.repeat(x, jnp.array([1, 2]), axis=0, total_repeat_length=5), data(2, 3)),
    case("repeatTotalShorter", lambda x: jnp.repeat(x, jnp.array([2, 2]), axis=0, total_repeat_length=3), data(2, 3)),
    case("padZeros", lambda x: jnp.pad(x, 1), X),
    case("padPairs", lambda x: jnp.pad(x, [[0, 1], [2, 0]], constant_values=-1.5), data(2, 3)),
    case("padConstantsPerAxis", lambda x: jnp.pad(x, [1, 2], constant_values=[[3, 4], [5, 6]]), data(2, 3)),
    case("padEdge", lambda x: jnp.pad(x, [[2, 1], [0, 3]], mode="edge"), data(2, 3)),
    case("padWrap", lambda v: jnp.pad(v, [7, 2], mode="wrap"), ROW[:3]),
    case("padReflect", lambda v: jnp.pad(v, [5, 4], mode="reflect"), ROW[:3]),
    case("padSymmetric", lambda v: jnp.pad(v, [5, 4], mode="symmetric"), ROW[:3]),
    case("padInts", lambda x: jnp.pad(x, [[1, 0], [0, 2]], constant_values=7), XI[0]),
    case("padBools", lambda x: jnp.pad(x, 1), MASK),
    case("tril", jnp.tril, data(4, 5)),
    case("trilBelow", lambda x: jnp.tril(x, -1), data(4, 5)),
    case("triuAbove", lambda x: jnp.triu(x, 1), data(4, 3)),
    case("trilBatched", lambda x: jnp.tril(x, 1), data(2, 3, 3)),
    case("triuInts", jnp.triu, XI),
]

fixture = {
    "index": indexing,
    "take": take,
    "takeAlongAxis": take_along_axis,
    "at": at,
    "sorting": sorting,
    "cumulative": cumulative,
    "einsum": einsum,
    "rearrange": rearrange,
}

out = Path(__file__).parent / "fixtures" / "np.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out}")
