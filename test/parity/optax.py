"""Writes test/parity/fixtures/optax.json: what the real optax 0.2.8 computes for sgd, adam and the losses.

Optimizers: a small two-layer tanh MLP is trained for 50 steps on fixed data with each optimizer. For every step
the fixture stores the gradient optax was given, so test/optax/parity.test.ts can replay the exact same gradient
sequence through flax-ts (testing the optimizer arithmetic alone), and it stores optax's final parameters, final
optimizer state and the per-step losses, which flax-ts must also reach when it computes the gradients itself with
its own valueAndGrad. Losses: optax's loss functions and their gradients on fixed inputs.

Inputs come from a seeded numpy generator and nothing is jitted (so every operation runs in the order written),
so re-running gives the same file.
"""

import json
import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax

# The shared helpers' folder, not this one: random.py here would shadow the standard library.
sys.path.insert(0, str(Path(__file__).parent / "shared"))
from fixture_json import as_list, tree_list  # noqa: E402

assert jax.__version__ == "0.10.2", jax.__version__
assert optax.__version__ == "0.2.8", optax.__version__

STEPS = 50
rng = np.random.RandomState(0)


def data(*shape, scale=1.0):
    return (scale * rng.standard_normal(shape)).astype(np.float32)


X = data(8, 3)
Y = data(8, 2)
PARAMS = {
    "dense": {"kernel": data(3, 4, scale=0.5), "bias": data(4, scale=0.1)},
    "out": {"kernel": data(4, 2, scale=0.5), "bias": data(2, scale=0.1)},
}


def mlp_loss(params, x, y):
    """Mean squared error of a two-layer tanh MLP: the fixed function every optimizer case minimises."""
    h = jnp.tanh(x @ params["dense"]["kernel"] + params["dense"]["bias"])
    pred = h @ params["out"]["kernel"] + params["out"]["bias"]
    return jnp.mean((pred - y) ** 2)


def linear_schedule(init, slope):
    """A schedule without powers, so that both sides round it the same (float32, like optax's int32 count)."""
    return lambda count: init + slope * count


# Each case: the options flax-ts passes (camelCase, as in its API) and the optax optimizer they mean.
OPTIMIZERS = [
    ("sgd", {"learningRate": 0.1}, optax.sgd(0.1)),
    ("sgd", {"learningRate": 0.1, "momentum": 0.9}, optax.sgd(0.1, momentum=0.9)),
    ("sgd", {"learningRate": 0.1, "momentum": 0.9, "nesterov": True}, optax.sgd(0.1, momentum=0.9, nesterov=True)),
    (
        "sgd",
        {"learningRate": {"linear": [0.2, -0.003]}, "momentum": 0.5},
        optax.sgd(linear_schedule(0.2, -0.003), momentum=0.5),
    ),
    ("adam", {"learningRate": 0.01}, optax.adam(0.01)),
    (
        "adam",
        {"learningRate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-6, "epsRoot": 1e-8},
        optax.adam(0.05, b1=0.8, b2=0.99, eps=1e-6, eps_root=1e-8),
    ),
    ("adam", {"learningRate": 0.01, "nesterov": True}, optax.adam(0.01, nesterov=True)),
]


def train(tx):
    params = PARAMS
    opt_state = tx.init(params)
    grads_seq, losses = [], []
    for _ in range(STEPS):
        loss, grads = jax.value_and_grad(mlp_loss)(params, X, Y)
        updates, opt_state = tx.update(grads, opt_state, params)
        params = optax.apply_updates(params, updates)
        grads_seq.append(tree_list(grads))
        losses.append(float(loss))
    return {
        "grads": grads_seq,
        "losses": losses,
        "params": tree_list(params),
        # optax's state is a tuple of NamedTuples; flax-ts keeps an array of plain objects with the same fields.
        "optState": [tree_list(s._asdict()) for s in opt_state],
    }


def optimizer_cases():
    return [{"optimizer": name, "options": options, **train(tx)} for name, options, tx in OPTIMIZERS]


def loss_cases():
    logits = data(4, 5, scale=2.0)
    labels = np.array([0, 3, 4, 1], dtype=np.int32)
    one_hot = jax.nn.one_hot(labels, 5)
    soft = jax.nn.softmax(data(4, 5))
    # Logits far apart: the stable formulas must not overflow or lose the small terms.
    extreme = np.array([[100.0, -100.0, 0.0], [-50.0, 60.0, 60.0]], dtype=np.float32)
    extreme_labels = np.array([1, 2], dtype=np.int32)
    logits3 = data(2, 3, 4)
    labels3 = np.array([[0, 1, 3], [2, 2, 0]], dtype=np.int32)
    predictions = data(3, 4)
    targets = data(3, 4)

    def integer_case(x, y):
        loss = optax.softmax_cross_entropy_with_integer_labels(x, y)
        grad = jax.grad(lambda z: jnp.mean(optax.softmax_cross_entropy_with_integer_labels(z, y)))(x)
        return {"logits": as_list(x), "labels": y.tolist(), "loss": as_list(loss), "grad": as_list(grad)}

    def probability_case(x, y):
        loss = optax.softmax_cross_entropy(x, y)
        grad = jax.grad(lambda z: jnp.mean(optax.softmax_cross_entropy(z, y)))(x)
        return {"logits": as_list(x), "labels": as_list(y), "loss": as_list(loss), "grad": as_list(grad)}

    def regression_case(fn, p, t):
        args = (p,) if t is None else (p, t)
        grad = jax.grad(lambda z: jnp.mean(fn(z, *args[1:])))(p)
        return {
            "predictions": as_list(p),
            "targets": None if t is None else as_list(t),
            "loss": as_list(fn(*args)),
            "grad": as_list(grad),
        }

    return {
        "softmaxCrossEntropyWithIntegerLabels": [
            integer_case(logits, labels),
            integer_case(extreme, extreme_labels),
            integer_case(logits3, labels3),
        ],
        "softmaxCrossEntropy": [
            probability_case(logits, one_hot),
            probability_case(logits, soft),
            probability_case(extreme, jax.nn.one_hot(extreme_labels, 3)),
        ],
        "l2Loss": [regression_case(optax.l2_loss, predictions, targets), regression_case(optax.l2_loss, predictions, None)],
        "squaredError": [
            regression_case(optax.squared_error, predictions, targets),
            regression_case(optax.squared_error, predictions, None),
        ],
    }


fixture = {
    "versions": {"jax": jax.__version__, "optax": optax.__version__},
    "steps": STEPS,
    "x": as_list(X),
    "y": as_list(Y),
    "params": tree_list(PARAMS),
    "optimizers": optimizer_cases(),
    "losses": loss_cases(),
}

out = Path(__file__).parent / "fixtures" / "optax.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out}")
