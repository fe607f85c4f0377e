"""Arrays as the TypeScript tests read them ({"shape", "data"} of float32 values), and the uniform test inputs the
linen and layers fixtures share."""

import numpy as np
from jax import random


def arr(x):
    x = np.asarray(x, dtype=np.float32)
    return {"shape": list(x.shape), "data": [float(v) for v in x.ravel()]}


def tree(t):
    if isinstance(t, dict):
        return {k: tree(v) for k, v in t.items()}
    return arr(t)


def uniform_input(seed, shape):
    return random.uniform(random.key(seed), shape, minval=-2.0, maxval=2.0)
