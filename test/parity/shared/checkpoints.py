"""What the checkpoint scripts share (test/parity/serialization.py writes the fixtures, test/serialization/
flax_read_back.py reads what flax-ts writes): the model and optimizers whose states are saved, and one JSON
description of a restored tree that both languages produce (test/serialization/describe.ts is the TypeScript twin).
"""

from typing import Any

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax.training import train_state


class CheckpointMLP(nn.Module):
    """Dense → BatchNorm → relu → Dense: params in two layers and batch_stats, like the guides' models."""

    @nn.compact
    def __call__(self, x, train=False):
        x = nn.Dense(3)(x)
        x = nn.BatchNorm(use_running_average=not train)(x)
        x = nn.relu(x)
        return nn.Dense(2)(x)


class TrainStateWithStats(train_state.TrainState):
    batch_stats: Any


def model_variables():
    return CheckpointMLP().init(jax.random.key(0), jnp.ones((1, 4)))


def adam_tx():
    return optax.adam(1e-3)


# Every snake_case state field optax has (inner_states, inner_state, sum_of_squares) and masked-out nodes.
KERNELS = {"Dense_0": {"kernel": True, "bias": False}, "BatchNorm_0": False, "Dense_1": {"kernel": True, "bias": False}}
LABELS = {"Dense_0": "adamw", "BatchNorm_0": "adagrad", "Dense_1": "adamw"}


def mixed_tx():
    return optax.multi_transform({"adamw": optax.adamw(1e-3, mask=KERNELS), "adagrad": optax.adagrad(0.1)}, LABELS)


def describe(x):
    """A restored tree as JSON: {"dict": …}, {"list": …}, {"array": dtype, "shape", "values"}, {"number": v},
    {"bigint": "digits"}, {"bytes": "hex"}, strings, booleans and null."""
    if isinstance(x, dict):
        return {"dict": {str(k): describe(v) for k, v in x.items()}}
    if isinstance(x, (list, tuple)):
        return {"list": [describe(v) for v in x]}
    if isinstance(x, np.generic):
        return describe(x.item())
    if isinstance(x, (np.ndarray, jax.Array)):
        a = np.asarray(x)
        values = a.astype(np.int32) if a.dtype == np.bool_ else a
        return {"array": a.dtype.name, "shape": list(a.shape), "values": values.ravel().tolist()}
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return {"number": x} if abs(x) <= 2**53 - 1 else {"bigint": str(x)}
    if isinstance(x, float):
        return {"number": x}
    if isinstance(x, bytes):
        return {"bytes": x.hex()}
    raise TypeError(f"describe: unexpected {type(x)}")
