"""How the parity scripts store arrays in their JSON fixtures: float32 values as nested Python lists."""

import jax
import numpy as np


def as_list(x):
    """An array (or scalar) as nested lists of its float32 values."""
    return np.asarray(x, dtype=np.float32).tolist()


def tree_list(tree):
    """Every array leaf of a pytree as nested lists (see as_list)."""
    return jax.tree_util.tree_map(as_list, tree)
