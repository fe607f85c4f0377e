"""Writes test/parity/fixtures/guides.json: the numbers the real flax 0.12.8 / optax 0.2.8 print in the guides.

The start-here notebook's keys and Dense outputs; the module-arguments guide's dropout masks and its residual
model (ten blocks, both modes); the state guide (managing parameters and state): its synthetic data, the
BiasAdderWithRunningMean update loop and the vmapped MLP-with-BatchNorm training loop (5 epochs, sgd 0.02), run
exactly as the guide writes them; and the batch-norm guide's train_step / eval_step with a TrainState that carries
batch_stats. Each run uses the keys and inputs its notebook uses, so the notebook's printed numbers are the ones
test/guides/*.test.ts checks against these.
"""

import json
import sys
from functools import partial
from pathlib import Path
from typing import Any, Callable, Optional

import flax
import jax
import jax.numpy as jnp
import optax
from flax import linen as nn
from flax.training import train_state
from jax import random

# The shared models' folder, not this one: random.py here would shadow the standard library.
sys.path.insert(0, str(Path(__file__).parent / "shared"))
from fixture_json import as_list, tree_list  # noqa: E402
from guide_models import BiasAdderWithRunningMean, StateMLP  # noqa: E402

assert flax.__version__ == "0.12.8", flax.__version__
assert optax.__version__ == "0.2.8", optax.__version__


class DenseRelu(nn.Module):
    """The start-here notebook's first module of its own: Dense, then relu."""

    features: int

    @nn.compact
    def __call__(self, x):
        return nn.relu(nn.Dense(self.features)(x))


def start_here_run():
    """00_start_here: split key(0), a normal input from one half, Dense(4) and DenseRelu(2) from the other."""
    params_key, data_key = random.split(random.key(0))
    x = random.normal(data_key, (2, 3))
    dense = nn.Dense(4)
    dense_vars = dense.init(params_key, x)
    block = DenseRelu(2)
    block_vars = block.init(params_key, x)
    return {
        "keys": [random.key_data(k).tolist() for k in (params_key, data_key)],
        "x": as_list(x),
        "dense": as_list(dense.apply(dense_vars, x)),
        "dense_relu": as_list(block.apply(block_vars, x)),
    }


class ResidualBlock(nn.Module):
    """Dense (as wide as its input), relu, then a Dropout built from the template it is given."""

    dropout: Callable

    @nn.compact
    def __call__(self, h):
        return self.dropout()(nn.relu(nn.Dense(h.shape[-1])(h)))


class ResidualModel(nn.Module):
    """The module-arguments guide's model: ten residual blocks sharing one Dropout template."""

    drop_rate: float

    @nn.compact
    def __call__(self, h, train):
        dropout = partial(nn.Dropout, rate=self.drop_rate, deterministic=not train)
        for _ in range(10):
            h = h + ResidualBlock(dropout=dropout)(h)
        return h


class SetupModule(nn.Module):
    """A Dropout made in setup, told its mode at call time."""

    drop_rate: float

    def setup(self):
        self.dropout = nn.Dropout(rate=self.drop_rate)

    def __call__(self, h, train):
        return self.dropout(h, deterministic=not train)


class MyDropout(nn.Module):
    """deterministic either at construction or at call time, merged with merge_param."""

    rate: float
    deterministic: Optional[bool] = None

    @nn.compact
    def __call__(self, h, deterministic=None):
        resolved = nn.merge_param("deterministic", self.deterministic, deterministic)
        return nn.Dropout(rate=self.rate, deterministic=resolved)(h)


def module_arguments_run():
    """01_module_arguments: every mask and output the notebook prints, with its keys and inputs."""
    ones = jnp.ones((2, 6))
    row = jnp.ones((1, 6))
    features = random.normal(random.key(3), (2, 4))
    residual = ResidualModel(drop_rate=0.5)
    residual_vars = residual.init(random.key(4), features, False)
    return {
        "dropout": as_list(nn.Dropout(0.5).apply({}, ones, False, rngs={"dropout": random.key(2)})),
        "features": as_list(features),
        "residual_eval": as_list(residual.apply(residual_vars, features, False)),
        "residual_train": as_list(residual.apply(residual_vars, features, True, rngs={"dropout": random.key(5)})),
        "setup_train": as_list(SetupModule(0.5).apply({}, ones, True, rngs={"dropout": random.key(2)})),
        "my_dropout_train": as_list(MyDropout(0.5).apply({}, row, False, rngs={"dropout": random.key(2)})),
        "explicit_key_train": as_list(nn.Dropout(0.5).apply({}, row, False, random.key(2))),
    }


# The guide's synthetic data.
dummy_input = jnp.ones((32, 5))
X = random.uniform(random.PRNGKey(0), (128, 5), minval=0.0, maxval=1.0)
noise = random.uniform(random.PRNGKey(0), (), minval=0.0, maxval=0.1)
X += noise
W = random.uniform(random.PRNGKey(0), (5, 1), minval=0.0, maxval=1.0)
b = random.uniform(random.PRNGKey(0), (), minval=0.0, maxval=1.0)
Y = jnp.matmul(X, W) + b
num_epochs = 5




tx = optax.sgd(learning_rate=0.02)


def bias_adder_run():
    model = BiasAdderWithRunningMean()
    variables = model.init(random.PRNGKey(0), dummy_input)
    state, params = flax.core.pop(variables, "params")
    opt_state = tx.init(params)
    losses = []
    for _ in range(num_epochs):

        def loss(params):
            y, updated_state = model.apply({"params": params, **state}, dummy_input, mutable=list(state.keys()))
            return ((dummy_input - y) ** 2).sum(), updated_state

        (l, state), grads = jax.value_and_grad(loss, has_aux=True)(params)
        updates, opt_state = tx.update(grads, opt_state)
        params = optax.apply_updates(params, updates)
        losses.append(float(l))
    return {"losses": losses, "params": tree_list(params), "state": tree_list(state)}




def mlp_run(train):
    """The guide's loop calls apply without train (so BatchNorm uses its running averages); train=True also."""
    model = StateMLP(hidden_size=10, out_size=1)
    variables = model.init(random.PRNGKey(0), dummy_input)
    state, params = flax.core.pop(variables, "params")
    opt_state = tx.init(params)
    losses = []
    for _ in range(num_epochs):

        def batch_loss(params):
            def loss_fn(x, y):
                pred, updated_state = model.apply(
                    {"params": params, **state}, x, train=train, mutable=list(state.keys())
                )
                return (pred - y) ** 2, updated_state

            loss, updated_state = jax.vmap(loss_fn, out_axes=(0, None), axis_name="batch")(X, Y)
            return jnp.mean(loss), updated_state

        (loss, state), grads = jax.value_and_grad(batch_loss, has_aux=True)(params)
        updates, opt_state = tx.update(grads, opt_state)
        params = optax.apply_updates(params, updates)
        losses.append(float(loss))
    return {"losses": losses, "params": tree_list(params), "state": tree_list(state)}


class BatchNormMLP(nn.Module):
    """The batch-norm guide's MLP, with three classes so that the cross-entropy is not trivially zero."""

    @nn.compact
    def __call__(self, x, train: bool):
        x = nn.Dense(features=4)(x)
        x = nn.BatchNorm(use_running_average=not train)(x)
        x = nn.relu(x)
        return nn.Dense(features=3)(x)


class TrainState(train_state.TrainState):
    batch_stats: Any


def batch_norm_run():
    """The guide's train_step / eval_step with a TrainState carrying batch_stats, on the notebook's toy batch:
    eight normal inputs from PRNGKey(1), each labelled with the index of its largest feature."""
    images = random.normal(random.PRNGKey(1), (8, 3))
    labels = jnp.argmax(images, -1)
    mlp = BatchNormMLP()
    variables = mlp.init(jax.random.PRNGKey(0), jnp.ones((1, 3)), train=False)
    state = TrainState.create(
        apply_fn=mlp.apply, params=variables["params"], batch_stats=variables["batch_stats"], tx=optax.adam(1e-3)
    )

    def train_step(state, batch):
        def loss_fn(params):
            logits, updates = state.apply_fn(
                {"params": params, "batch_stats": state.batch_stats},
                x=batch["image"],
                train=True,
                mutable=["batch_stats"],
            )
            loss = optax.softmax_cross_entropy_with_integer_labels(logits=logits, labels=batch["label"]).mean()
            return loss, (logits, updates)

        (loss, (logits, updates)), grads = jax.value_and_grad(loss_fn, has_aux=True)(state.params)
        state = state.apply_gradients(grads=grads)
        state = state.replace(batch_stats=updates["batch_stats"])
        return state, {"loss": float(loss), "accuracy": float(jnp.mean(jnp.argmax(logits, -1) == batch["label"]))}

    def eval_step(state, batch):
        logits = state.apply_fn({"params": state.params, "batch_stats": state.batch_stats}, x=batch["image"], train=False)
        loss = optax.softmax_cross_entropy_with_integer_labels(logits=logits, labels=batch["label"]).mean()
        return {"loss": float(loss), "accuracy": float(jnp.mean(jnp.argmax(logits, -1) == batch["label"]))}

    batch = {"image": images, "label": labels}
    train_metrics = []
    for _ in range(3):
        state, metrics = train_step(state, batch)
        train_metrics.append(metrics)
    return {
        "images": as_list(images),
        "labels": [int(v) for v in labels],
        "train": train_metrics,
        "eval": eval_step(state, batch),
        "params": tree_list(state.params),
        "batch_stats": tree_list(state.batch_stats),
    }


fixture = {
    "start_here": start_here_run(),
    "module_arguments": module_arguments_run(),
    "data": {"X": as_list(X), "Y": as_list(Y), "W": as_list(W), "b": as_list(b)},
    "bias_adder": bias_adder_run(),
    "mlp_vmap": mlp_run(train=False),
    "mlp_vmap_train": mlp_run(train=True),
    "batch_norm": batch_norm_run(),
}

out = Path(__file__).parent / "fixtures" / "guides.json"
out.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
print(f"wrote {out}")
