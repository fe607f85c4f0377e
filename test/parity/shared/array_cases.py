"""Fixture cases of jax.numpy-like functions: each stores its arguments (with dtypes) and every output (value,
dtype, shape), or the error the real jax raised. Shared by np.py and edges.py; the TypeScript side reads them with
test/support/fixture-cases.ts."""

import jax.numpy as jnp
import numpy as np
from fixture_json import as_list


def values(x):
    """An array as nested lists: ints and bools exactly, floats as float32 with non-finite values as strings."""
    x = np.asarray(x)
    if x.dtype == np.bool_:
        return x.tolist()
    if np.issubdtype(x.dtype, np.integer):
        return x.astype(np.int64).tolist()

    def fix(v):
        if isinstance(v, list):
            return [fix(e) for e in v]
        if np.isnan(v):
            return "NaN"
        if np.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v

    return fix(as_list(x))


def array(x):
    x = np.asarray(x)
    return {"dtype": str(x.dtype), "value": values(x), "shape": list(x.shape)}


def case(name, fn, *args):
    out = fn(*[jnp.asarray(a) for a in args])
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    return {
        "name": name,
        "args": [array(a) for a in args],
        "outputs": [array(o) for o in outs],
    }


def case_or_error(name, fn, *args):
    """Like case, but a case where jax raises stores the error's type and first line instead of outputs."""
    try:
        return case(name, fn, *args)
    except (TypeError, ValueError, IndexError) as e:
        return {"name": name, "args": [array(a) for a in args], "error": str(e).split("\n")[0]}
