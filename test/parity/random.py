"""Writes test/parity/fixtures/random.json: what the real jax 0.10.2 gives for keys, split, fold_in and the samplers.

Floats are stored as their float32 bit patterns (uint32) so the comparison in test/random/parity.test.ts is exact.
Seeds are strings, because some do not fit in a double. Everything is deterministic: re-running gives the same file.
"""

import sys
from pathlib import Path

# This file is called random.py: drop its folder from the import path, or `import random` (done inside jax) would
# load this file instead of the standard library module. (generate.sh also runs scripts with `python -P`.)
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import json  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import jax.extend.random  # noqa: E402
import jaxlib  # noqa: E402
from jax import random  # noqa: E402

# The fixtures describe jax's defaults: 32-bit mode and the partitionable threefry scheme.
assert jax.__version__ == "0.10.2", jax.__version__
assert not jax.config.jax_enable_x64
assert jax.config.jax_threefry_partitionable

SEEDS = [0, 1, 42, 2**31 - 1, 2**32 + 5, -1]
EXTRA_SEEDS = [2**31, 2**32 - 1, 2**32, -(2**31), -(2**31) - 1, 2**40 + 3, -(2**40) - 7, 2**63 - 1, -(2**63)]
SHAPES = [[], [3], [2, 3], [7, 5, 3]]


def words(x):
    """A flat list of Python ints from a uint32 array."""
    return [int(v) for v in np.asarray(x, dtype=np.uint32).ravel()]


def float_bits(x):
    """The float32 bit patterns of an array, flattened."""
    return words(np.asarray(x, dtype=np.float32).view(np.uint32))


def key_words(k):
    return words(random.key_data(k))


# Key/counter pairs for the raw hash: zeros, all ones, the digits of pi used by the Random123 known-answer tests,
# and a few arbitrary words.
THREEFRY_INPUTS = [
    ([0, 0], [0, 0]),
    ([0xFFFFFFFF, 0xFFFFFFFF], [0xFFFFFFFF, 0xFFFFFFFF]),
    ([0x13198A2E, 0x03707344], [0x243F6A88, 0x85A308D3]),
    ([0, 42], [0, 7]),
    ([123456789, 987654321], [2**31, 1]),
]


def threefry():
    return [
        {
            "key": k,
            "count": c,
            "out": words(
                jax.extend.random.threefry_2x32(np.array(k, dtype=np.uint32), np.array(c, dtype=np.uint32))
            ),
        }
        for k, c in THREEFRY_INPUTS
    ]


def keys():
    return [
        {"seed": str(s), "key": key_words(random.key(s)), "PRNGKey": words(random.PRNGKey(s))}
        for s in SEEDS + EXTRA_SEEDS
    ]


def splits():
    return [
        {"seed": str(s), "num": num, "data": key_words(random.split(random.key(s), num))}
        for s in SEEDS
        for num in [1, 2, 3, 5]
    ] + [{"seed": "0", "num": [2, 3], "data": key_words(random.split(random.key(0), (2, 3)))}]


def apply_op(k, op):
    name, arg = op
    if name == "split":
        return random.split(k, arg)
    if name == "at":
        return k[arg]
    if name == "foldIn":
        return random.fold_in(k, arg)
    raise ValueError(name)


# Chains of derivations, as a Flax init performs them: split of split, fold-in of a split key, and so on.
CHAINS = [
    [["split", 2], ["at", 1], ["split", 3], ["at", 2]],
    [["split", 3], ["at", 0], ["split", 5], ["at", 4], ["split", 2], ["at", 1]],
    [["foldIn", 7], ["foldIn", 2**32 - 1], ["foldIn", 0]],
    [["split", 5], ["at", 3], ["foldIn", 12345], ["split", 2], ["at", 0], ["foldIn", 2**31]],
    [["foldIn", 1], ["split", 3]],
]


def chains():
    cases = []
    for s in SEEDS:
        for ops in CHAINS:
            k = random.key(s)
            for op in ops:
                k = apply_op(k, op)
            cases.append({"seed": str(s), "ops": ops, "data": key_words(k)})
    return cases


def fold_ins():
    return [
        {"seed": str(s), "data": d, "key": key_words(random.fold_in(random.key(s), d))}
        for s in SEEDS
        for d in [0, 1, 42, 2**31, 2**32 - 1]
    ]


def bits():
    cases = [
        {"seed": str(s), "shape": shape, "data": words(random.bits(random.key(s), tuple(shape)))}
        for s in SEEDS
        for shape in SHAPES
    ]
    cases.append({"seed": "7", "shape": [1000], "data": words(random.bits(random.key(7), (1000,)))})
    return cases


UNIFORM_BOUNDS = [(0.0, 1.0), (-1.0, 1.0), (-0.3, 2.7), (5.0, 5.5), (-1e-3, 1e6)]


def uniforms():
    cases = [
        {
            "seed": str(s),
            "shape": shape,
            "minval": lo,
            "maxval": hi,
            "bits": float_bits(random.uniform(random.key(s), tuple(shape), minval=lo, maxval=hi)),
        }
        for s in SEEDS
        for shape in SHAPES
        for (lo, hi) in UNIFORM_BOUNDS
    ]
    cases.append(
        {"seed": "3", "shape": [4096], "minval": -0.3, "maxval": 2.7,
         "bits": float_bits(random.uniform(random.key(3), (4096,), minval=-0.3, maxval=2.7))}
    )
    return cases


def normals():
    cases = [
        {"seed": str(s), "shape": shape, "bits": float_bits(random.normal(random.key(s), tuple(shape)))}
        for s in SEEDS
        for shape in SHAPES
    ]
    cases.append({"seed": "11", "shape": [8192], "bits": float_bits(random.normal(random.key(11), (8192,)))})
    return cases


TRUNCATION_BOUNDS = [(-2.0, 2.0), (-1.0, 1.0), (0.0, 3.0), (-5.0, -4.5), (1.5, 10.0), (-float("inf"), 0.5), (-0.25, float("inf"))]


def json_float(x):
    """JSON has no infinities: they are written as the strings "inf" / "-inf"."""
    return x if np.isfinite(x) else ("inf" if x > 0 else "-inf")


def truncated_normals():
    cases = [
        {
            "seed": str(s),
            "lower": json_float(lo),
            "upper": json_float(hi),
            "shape": shape,
            "bits": float_bits(random.truncated_normal(random.key(s), lo, hi, tuple(shape))),
        }
        for s in SEEDS
        for shape in SHAPES
        for (lo, hi) in TRUNCATION_BOUNDS
    ]
    cases.append(
        {"seed": "13", "lower": -2.0, "upper": 2.0, "shape": [8192],
         "bits": float_bits(random.truncated_normal(random.key(13), -2.0, 2.0, (8192,)))}
    )
    return cases


def bernoullis():
    return [
        {
            "seed": str(s),
            "p": p,
            "shape": shape,
            "data": [int(v) for v in np.asarray(random.bernoulli(random.key(s), p, tuple(shape))).ravel()],
        }
        for s in SEEDS
        for shape in SHAPES
        for p in [0.0, 0.1, 0.5, 0.9, 1.0, 1 / 3]
    ]


def permutations():
    cases = [
        {"seed": str(s), "n": n, "data": [int(v) for v in np.asarray(random.permutation(random.key(s), n))]}
        for s in SEEDS
        for n in [0, 1, 2, 5, 10, 100]
    ] + [
        # One shuffle round up to n = 1625, two from 1626 on.
        {"seed": str(s), "n": n, "data": [int(v) for v in np.asarray(random.permutation(random.key(s), n))]}
        for s in [0, -1]
        for n in [1625, 1626, 3000]
    ]
    rows = jnp.arange(12, dtype=jnp.float32).reshape(4, 3)
    cases.append(
        {"seed": "5", "x": np.asarray(rows).tolist(),
         "data": np.asarray(random.permutation(random.key(5), rows)).tolist()}
    )
    return cases


RANDINT_BOUNDS = [
    (0, 10), (-5, 5), (0, 1), (3, 3), (9, 2), (7, 1000003), (-(2**31), 2**31 - 1), (-7, 2**31 - 1), (-(2**31), 0),
]


def randints():
    return [
        {
            "seed": str(s),
            "shape": shape,
            "minval": lo,
            "maxval": hi,
            "data": [int(v) for v in np.asarray(random.randint(random.key(s), tuple(shape), lo, hi)).ravel()],
        }
        for s in SEEDS
        for shape in SHAPES
        for (lo, hi) in RANDINT_BOUNDS
    ]


def gumbels():
    cases = [
        {"seed": str(s), "shape": shape, "bits": float_bits(random.gumbel(random.key(s), tuple(shape)))}
        for s in SEEDS
        for shape in SHAPES
    ]
    cases.append({"seed": "17", "shape": [8192], "bits": float_bits(random.gumbel(random.key(17), (8192,)))})
    return cases


def ints(x):
    return np.asarray(x).tolist()


LOGITS = np.log(np.array([[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]], np.float32))
CATEGORICAL_CASES = [
    {"logits": np.zeros(5, np.float32), "axis": -1, "shape": None, "replace": True},
    {"logits": LOGITS, "axis": -1, "shape": None, "replace": True},
    {"logits": LOGITS, "axis": 0, "shape": None, "replace": True},
    {"logits": LOGITS, "axis": -1, "shape": [5, 2, 3], "replace": True},
    {"logits": LOGITS[:1], "axis": 1, "shape": [6, 3], "replace": True},
    {"logits": LOGITS, "axis": -1, "shape": [4, 3], "replace": False},
    {"logits": LOGITS, "axis": 0, "shape": [3, 4], "replace": False},
]


def categoricals():
    cases = []
    for s in SEEDS:
        for c in CATEGORICAL_CASES:
            shape = None if c["shape"] is None else tuple(c["shape"])
            out = random.categorical(random.key(s), c["logits"], axis=c["axis"], shape=shape, replace=c["replace"])
            cases.append(dict(c, seed=str(s), logits=c["logits"].tolist(), data=ints(out)))
    return cases


ROWS = np.arange(12, dtype=np.float32).reshape(4, 3)
WEIGHTS = np.array([0.1, 0.0, 0.5, 0.15, 0.25], np.float32)
CHOICE_CASES = [
    {"a": 10, "shape": [], "replace": True},
    {"a": 10, "shape": [3], "replace": True},
    {"a": 10, "shape": [2, 3], "replace": False},
    {"a": 5, "shape": [5], "replace": False},
    {"a": 5, "shape": [4, 2], "replace": True, "p": WEIGHTS},
    {"a": 5, "shape": [3], "replace": False, "p": WEIGHTS},
    {"a": ROWS, "shape": [2], "replace": True},
    {"a": ROWS, "shape": [2], "replace": False, "axis": 1},
    {"a": ROWS, "shape": [3, 2], "replace": True, "axis": 1, "p": np.array([0.2, 0.5, 0.3], np.float32)},
    {"a": ROWS, "shape": [4], "replace": False, "p": np.array([0.4, 0.1, 0.3, 0.2], np.float32)},
]


def choices():
    cases = []
    for s in SEEDS:
        for c in CHOICE_CASES:
            out = random.choice(
                random.key(s), c["a"], tuple(c["shape"]), c["replace"], c.get("p"), c.get("axis", 0)
            )
            case = dict(c, seed=str(s), data=ints(out))
            if isinstance(c["a"], np.ndarray):
                case["a"] = c["a"].tolist()
            if "p" in c:
                case["p"] = c["p"].tolist()
            cases.append(case)
    return cases


def permutations_along_axis():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    return [
        {"seed": str(s), "axis": axis, "x": x.tolist(), "data": ints(random.permutation(random.key(s), x, axis))}
        for s in SEEDS
        for axis in [0, 1, -1]
    ]


def special_functions():
    """XLA's float32 erf_inv, erf and log1p on a fixed spread of inputs, incl. values near ±1 and near 0."""
    rng = np.random.default_rng(20261122)
    unit = rng.uniform(-1, 1, 3000).astype(np.float32)
    near_one = (1 - rng.integers(1, 2**16, 300).astype(np.float32) * np.float32(2**-24)) * rng.choice([-1, 1], 300)
    tiny = rng.uniform(-1e-3, 1e-3, 300).astype(np.float32)
    edges = np.array([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.41421354, -0.41421354], dtype=np.float32)
    x = np.concatenate([unit, near_one.astype(np.float32), tiny, edges]).astype(np.float32)
    wide = rng.uniform(-6, 6, 2000).astype(np.float32)
    return {
        "x": float_bits(x),
        "erfInv": float_bits(jax.jit(jax.lax.erf_inv)(x)),
        "log1p": float_bits(jax.jit(jnp.log1p)(x)),
        "wide": float_bits(wide),
        "erf": float_bits(jax.jit(jax.lax.erf)(wide)),
    }


def write(path, sections):
    """One case per line: small diffs, still valid JSON."""
    lines = ["{"]
    items = list(sections.items())
    for i, (name, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list):
            body = ",\n".join("  " + json.dumps(case, separators=(",", ":")) for case in value)
            lines.append(f"{json.dumps(name)}: [\n{body}\n]{comma}")
        else:
            lines.append(f"{json.dumps(name)}: {json.dumps(value, separators=(',', ':'))}{comma}")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    write(
        Path(__file__).parent / "fixtures" / "random.json",
        {
            "versions": {"jax": jax.__version__, "jaxlib": jaxlib.__version__},
            "threefry": threefry(),
            "keys": keys(),
            "split": splits(),
            "chains": chains(),
            "foldIn": fold_ins(),
            "bits": bits(),
            "uniform": uniforms(),
            "normal": normals(),
            "truncatedNormal": truncated_normals(),
            "bernoulli": bernoullis(),
            "permutation": permutations(),
            "permutationAlongAxis": permutations_along_axis(),
            "randint": randints(),
            "gumbel": gumbels(),
            "categorical": categoricals(),
            "choice": choices(),
            "specialFunctions": special_functions(),
        },
    )
