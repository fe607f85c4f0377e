"""The state guide's two models in flax, shared by guides.py and linen.py (the TypeScript twins live in
test/support/guide-models.ts). This folder is put on the import path by those scripts; it holds no file named
after a library, unlike test/parity itself (random.py)."""

from functools import partial

import jax.numpy as jnp
from flax import linen as nn


class BiasAdderWithRunningMean(nn.Module):
    momentum: float = 0.9

    @nn.compact
    def __call__(self, x):
        is_initialized = self.has_variable("batch_stats", "mean")
        mean = self.variable("batch_stats", "mean", jnp.zeros, x.shape[1:])
        bias = self.param("bias", lambda rng, shape: jnp.zeros(shape), x.shape[1:])
        if is_initialized:
            mean.value = self.momentum * mean.value + (1.0 - self.momentum) * jnp.mean(x, axis=0, keepdims=True)
        return mean.value + bias


class StateMLP(nn.Module):
    hidden_size: int
    out_size: int

    @nn.compact
    def __call__(self, x, train=False):
        norm = partial(nn.BatchNorm, use_running_average=not train, momentum=0.9, epsilon=1e-5, axis_name="batch")
        x = nn.Dense(self.hidden_size)(x)
        x = norm()(x)
        x = nn.relu(x)
        x = nn.Dense(self.hidden_size)(x)
        x = norm()(x)
        x = nn.relu(x)
        return nn.Dense(self.out_size)(x)
