"""The bench's two training steps in Flax + optax under `jax.jit`, and in TensorFlow under `tf.function`, on this
machine's CPU, for `npm run bench`.

Prints one JSON line: the median milliseconds of a step for each workload and compiler (the same models, sizes and
optimizers as bench/workloads/: the state guide's 5-10-10-1 MLP with BatchNorm at batch 128 and SGD 0.02, the
784-512-512-10 ReLU MLP with softmax cross-entropy at batch 256 and SGD 0.01, and guide 05's digits CNN at batch 32
with SGD, momentum 0.9 and a cosine-decay schedule). Each step's result is waited for.
"""

import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import flax.linen as nn  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
import tensorflow as tf  # noqa: E402


def median_ms(step, carry, runs):
    carry = step(carry)  # traces and compiles
    jax.block_until_ready(carry)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        carry = step(carry)
        jax.block_until_ready(carry)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]


class StateGuideMLP(nn.Module):
    @nn.compact
    def __call__(self, x, train):
        for _ in range(2):
            x = nn.Dense(10)(x)
            x = nn.BatchNorm(use_running_average=not train, momentum=0.9, epsilon=1e-5)(x)
            x = nn.relu(x)
        return nn.Dense(1)(x)


def state_guide(runs):
    x = jax.random.uniform(jax.random.key(1), (128, 5))
    y = x @ jax.random.uniform(jax.random.key(2), (5, 1)) + 0.5
    model = StateGuideMLP()
    variables = model.init(jax.random.key(0), x, False)
    tx = optax.sgd(0.02)

    @jax.jit
    def step(carry):
        params, batch_stats, opt_state = carry

        def loss_fn(p):
            pred, updates = model.apply({"params": p, "batch_stats": batch_stats}, x, True, mutable=["batch_stats"])
            return jnp.mean((pred - y) ** 2), updates["batch_stats"]

        (_, new_stats), grads = jax.value_and_grad(loss_fn, has_aux=True)(params)
        updates, opt_state = tx.update(grads, opt_state)
        return optax.apply_updates(params, updates), new_stats, opt_state

    params = variables["params"]
    return median_ms(step, (params, variables["batch_stats"], tx.init(params)), runs)


def mlp(runs):
    sizes = [784, 512, 512, 10]
    keys = jax.random.split(jax.random.key(0), 5)
    layers = [
        (jax.random.normal(keys[i], (sizes[i], sizes[i + 1])) * (2 / sizes[i]) ** 0.5, jnp.zeros(sizes[i + 1]))
        for i in range(3)
    ]
    inputs = jax.random.normal(keys[3], (256, 784))
    labels = jax.nn.one_hot(jax.random.randint(keys[4], (256,), 0, 10), 10)

    def loss(layers):
        h = inputs
        for i, (w, b) in enumerate(layers):
            h = h @ w + b
            if i < len(layers) - 1:
                h = jax.nn.relu(h)
        return jnp.mean(optax.softmax_cross_entropy(h, labels))

    @jax.jit
    def step(layers):
        grads = jax.grad(loss)(layers)
        return jax.tree_util.tree_map(lambda p, g: p - 0.01 * g, layers, grads)

    return median_ms(step, layers, runs)


class DigitsCNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        for features in (16, 32):
            x = nn.relu(nn.Conv(features, (3, 3))(x))
            x = nn.avg_pool(x, (2, 2), strides=(2, 2))
        x = nn.relu(nn.Dense(64)(x.reshape((x.shape[0], -1))))
        return nn.Dense(10)(x)


def cnn(runs):
    keys = jax.random.split(jax.random.key(5), 3)
    images = jax.random.uniform(keys[0], (32, 8, 8, 1))
    labels = jax.random.randint(keys[1], (32,), 0, 10)
    model = DigitsCNN()
    params = model.init(keys[2], images)["params"]
    tx = optax.sgd(optax.cosine_decay_schedule(0.1, 500), momentum=0.9)

    @jax.jit
    def step(carry):
        params, opt_state = carry

        def loss_fn(p):
            logits = model.apply({"params": p}, images)
            return jnp.mean(optax.softmax_cross_entropy_with_integer_labels(logits, labels))

        grads = jax.grad(loss_fn)(params)
        updates, opt_state = tx.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state

    return median_ms(step, (params, tx.init(params)), runs)


def tf_median_ms(step, runs):
    step().numpy()  # traces the tf.function
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step().numpy()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]


def dense(fan_in, fan_out, rng):
    kernel = (rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)).astype(np.float32)
    return tf.Variable(kernel), tf.Variable(
        tf.zeros(fan_out)
    )


def tf_state_guide(runs):
    rng = np.random.default_rng(0)
    x = tf.constant(rng.uniform(size=(128, 5)).astype(np.float32))
    y = tf.constant((x.numpy() @ rng.uniform(size=(5, 1)) + 0.5).astype(np.float32))
    layers = [dense(5, 10, rng), dense(10, 10, rng), dense(10, 1, rng)]
    norms = [(tf.Variable(tf.ones(10)), tf.Variable(tf.zeros(10))) for _ in range(2)]
    stats = [(tf.Variable(tf.zeros(10)), tf.Variable(tf.ones(10))) for _ in range(2)]
    trainable = [v for layer in layers for v in layer] + [v for norm in norms for v in norm]

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            h = x
            for i in range(2):
                h = h @ layers[i][0] + layers[i][1]
                mean = tf.reduce_mean(h, axis=0)
                var = tf.maximum(tf.reduce_mean(h * h, axis=0) - mean * mean, 0.0)
                stats[i][0].assign(0.9 * stats[i][0] + 0.1 * mean)
                stats[i][1].assign(0.9 * stats[i][1] + 0.1 * var)
                h = tf.nn.relu((h - mean) * tf.math.rsqrt(var + 1e-5) * norms[i][0] + norms[i][1])
            loss = tf.reduce_mean((h @ layers[2][0] + layers[2][1] - y) ** 2)
        for v, g in zip(trainable, tape.gradient(loss, trainable)):
            v.assign_sub(0.02 * g)
        return loss

    return tf_median_ms(step, runs)


def tf_mlp(runs):
    rng = np.random.default_rng(0)
    sizes = [784, 512, 512, 10]
    layers = [dense(sizes[i], sizes[i + 1], rng) for i in range(3)]
    trainable = [v for layer in layers for v in layer]
    inputs = tf.constant(rng.standard_normal((256, 784)).astype(np.float32))
    labels = tf.one_hot(rng.integers(0, 10, 256), 10)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            h = inputs
            for i, (w, b) in enumerate(layers):
                h = h @ w + b
                if i < 2:
                    h = tf.nn.relu(h)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels, h))
        for v, g in zip(trainable, tape.gradient(loss, trainable)):
            v.assign_sub(0.01 * g)
        return loss

    return tf_median_ms(step, runs)


def tf_cnn(runs):
    rng = np.random.default_rng(0)
    images = tf.constant(rng.uniform(size=(32, 8, 8, 1)).astype(np.float32))
    labels = tf.constant(rng.integers(0, 10, 32))

    def conv(fan_in, features):
        kernel = rng.standard_normal((3, 3, fan_in, features)) / np.sqrt(9 * fan_in)
        return tf.Variable(kernel.astype(np.float32)), tf.Variable(tf.zeros(features))

    convs = [conv(1, 16), conv(16, 32)]
    layers = [dense(2 * 2 * 32, 64, rng), dense(64, 10, rng)]
    trainable = [v for layer in convs + layers for v in layer]
    optimizer = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.CosineDecay(0.1, 500), momentum=0.9)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            h = images
            for kernel, bias in convs:
                h = tf.nn.relu(tf.nn.conv2d(h, kernel, 1, "SAME") + bias)
                h = tf.nn.avg_pool2d(h, 2, 2, "VALID")
            h = tf.nn.relu(tf.reshape(h, (32, -1)) @ layers[0][0] + layers[0][1])
            logits = h @ layers[1][0] + layers[1][1]
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
        optimizer.apply_gradients(zip(tape.gradient(loss, trainable), trainable))
        return loss

    return tf_median_ms(step, runs)


print(
    json.dumps(
        {
            "jax": {"stateGuide": state_guide(400), "mlp": mlp(100), "cnn": cnn(400), "version": jax.__version__},
            "tf": {
                "stateGuide": tf_state_guide(400),
                "mlp": tf_mlp(100),
                "cnn": tf_cnn(400),
                "version": tf.__version__,
            },
        }
    )
)
