"""Trains guide 05's CNN ("A first real model", Flax's Quick Start on the 8x8 UCI digits) with the real flax 0.12.8
and optax 0.2.8, and writes what the guide and its tests read:

- notebooks/data/digits_cnn_flax.msgpack: the trained params, written by flax.serialization.to_bytes;
- notebooks/data/digits_cnn_flax.json: the test rows' predicted classes and the test accuracy, which the notebook
  compares with its own predictions from that checkpoint;
- test/parity/fixtures/quick_start.json: the same predictions, the test rows, the rows of the first minibatch, the
  params' shapes and the logits of the first test images, for test/guides/quick-start*.test.ts.

The split, the init key and the minibatch order are the notebook's (keys from random.key(42), as in the batch-norm
guide), so flax-ts's random functions, which match JAX's bits, pick the same rows. Deterministic on CPU: re-running
writes the same bytes.
"""

import base64
import json
import sys
from pathlib import Path

import flax
import flax.serialization as serialization
import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import linen as nn
from flax.training import train_state

# The shared helpers' folder, not this one: random.py here would shadow the standard library.
sys.path.insert(0, str(Path(__file__).parent / "shared"))
from fixture_json import as_list  # noqa: E402

assert flax.__version__ == "0.12.8", flax.__version__
assert optax.__version__ == "0.2.8", optax.__version__

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "notebooks" / "data"

TEST_SIZE = 360
EPOCHS = 10
BATCH_SIZE = 32
PEAK_LEARNING_RATE = 0.1
MOMENTUM = 0.9
LOGITS_SHOWN = 8


class CNN(nn.Module):
    """The Quick Start's CNN, sized for 8x8 images: two 'SAME' 3x3 convolutions, each followed by relu and a 2x2
    average pool (8x8 -> 4x4 -> 2x2), then two Dense layers."""

    @nn.compact
    def __call__(self, x):
        x = nn.Conv(features=16, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = nn.Conv(features=32, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = x.reshape((x.shape[0], -1))
        x = nn.Dense(features=64)(x)
        x = nn.relu(x)
        return nn.Dense(features=10)(x)


def load_digits():
    """notebooks/data/digits.json as (images [N, 8, 8, 1] in [0, 1], labels [N]), decoded as digits.ts does."""
    stored = json.loads((DATA / "digits.json").read_text())
    pixels = np.frombuffer(base64.b64decode(stored["pixels_base64_uint8"]), dtype=np.uint8)
    images = (pixels.astype(np.float32) / np.float32(stored["max_value"])).reshape(
        stored["count"], stored["height"], stored["width"], 1
    )
    labels = np.array([int(c) for c in stored["labels"]], dtype=np.int32)
    return images, labels


def compute_metrics(logits, labels):
    loss = optax.softmax_cross_entropy_with_integer_labels(logits, labels).mean()
    accuracy = jnp.mean(jnp.argmax(logits, -1) == labels)
    return {"loss": loss, "accuracy": accuracy}


@jax.jit
def train_step(state, images, labels):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, images)
        return optax.softmax_cross_entropy_with_integer_labels(logits, labels).mean(), logits

    (_, logits), grads = jax.value_and_grad(loss_fn, has_aux=True)(state.params)
    return state.apply_gradients(grads=grads), compute_metrics(logits, labels)


@jax.jit
def logits_of(params, images):
    return CNN().apply({"params": params}, images)


def main():
    images, labels = load_digits()
    split_key, shuffle_key, model_key = jax.random.split(jax.random.key(42), 3)
    order = np.asarray(jax.random.permutation(split_key, len(labels)))
    test_rows, train_rows = order[:TEST_SIZE], order[TEST_SIZE:]
    steps_per_epoch = len(train_rows) // BATCH_SIZE

    model = CNN()
    params = model.init(model_key, images[:1])["params"]
    schedule = optax.cosine_decay_schedule(PEAK_LEARNING_RATE, EPOCHS * steps_per_epoch)
    state = train_state.TrainState.create(
        apply_fn=model.apply, params=params, tx=optax.sgd(schedule, momentum=MOMENTUM)
    )

    history = []
    first_batch_rows = None
    for epoch in range(EPOCHS):
        shuffled = np.asarray(jax.random.permutation(jax.random.fold_in(shuffle_key, epoch), train_rows))
        if first_batch_rows is None:
            first_batch_rows = shuffled[:BATCH_SIZE].tolist()
        for b in range(steps_per_epoch):
            rows = shuffled[b * BATCH_SIZE : (b + 1) * BATCH_SIZE]
            state, _ = train_step(state, images[rows], labels[rows])
        test = compute_metrics(logits_of(state.params, images[test_rows]), labels[test_rows])
        history.append(float(test["accuracy"]))

    logits = np.asarray(logits_of(state.params, images[test_rows]))
    predictions = logits.argmax(-1)
    accuracy = float(np.mean(predictions == labels[test_rows]))
    # The gap between the two largest logits of each image: how far an image is from a tie that round-off in
    # another implementation could break the other way.
    top_two = np.sort(logits, -1)[:, -2:]
    smallest_margin = float((top_two[:, 1] - top_two[:, 0]).min())

    checkpoint = serialization.to_bytes(state.params)
    (DATA / "digits_cnn_flax.msgpack").write_bytes(checkpoint)
    notebook_data = {
        "made_by": "test/parity/quick_start.py with flax 0.12.8 and optax 0.2.8",
        "checkpoint": "digits_cnn_flax.msgpack",
        "test_rows": "the first 360 of random.permutation(split_key, 1797), split_key = random.split(random.key(42), 3)[0]",
        # One digit character per test image, as digits.json stores its labels.
        "predictions": "".join(str(p) for p in predictions),
        "accuracy": accuracy,
    }
    (DATA / "digits_cnn_flax.json").write_text(json.dumps(notebook_data, indent=1) + "\n")

    fixture = {
        "epochs": EPOCHS,
        "batch_size": BATCH_SIZE,
        "peak_learning_rate": PEAK_LEARNING_RATE,
        "momentum": MOMENTUM,
        "checkpoint_bytes": len(checkpoint),
        "param_shapes": jax.tree_util.tree_map(lambda a: list(a.shape), serialization.to_state_dict(state.params)),
        "test_rows": test_rows.tolist(),
        "first_batch_rows": first_batch_rows,
        "test_accuracy_per_epoch": history,
        "predictions": predictions.tolist(),
        "accuracy": accuracy,
        "smallest_margin": smallest_margin,
        "first_logits": as_list(logits[:LOGITS_SHOWN]),
    }
    out = Path(__file__).parent / "fixtures" / "quick_start.json"
    out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"test accuracy per epoch {[round(a, 4) for a in history]}; checkpoint {len(checkpoint)} bytes")


if __name__ == "__main__":
    main()
