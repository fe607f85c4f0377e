"""Writes test/parity/fixtures/optax.json: what the real optax 0.2.8 computes for its optimizers, schedules and losses.

Optimizers: a small two-layer tanh MLP is trained for 50 steps on fixed data with each optimizer. For every step
the fixture stores the gradient optax was given, so test/optax/parity.test.ts can replay the exact same gradient
sequence through flax-ts (testing the optimizer arithmetic alone), and it stores optax's final parameters, final
optimizer state and the per-step losses, which flax-ts must also reach when it computes the gradients itself with
its own valueAndGrad. Losses: optax's loss functions and their gradients on fixed inputs.

Transforms and schedules (test/optax/transform-parity.test.ts, schedule-parity.test.ts): every case is a spec, a
small JSON description of an optax expression that both sides build with their own library (`spec` below), e.g.
{"fn": "adamw", "args": [0.01], "options": {"weightDecay": 0.1}} is optax.adamw(0.01, weight_decay=0.1). Each
transform replays the same fixed sequence of gradients from fixed parameters (no model: the arithmetic of the
transform alone) and stores the final parameters and state; each schedule stores its values at counts 0, 1, ….

Inputs come from a seeded numpy generator and nothing is jitted (so every operation runs in the order written),
so re-running gives the same file.
"""

import json
import re
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


def snake(name):
    """camelCase (flax-ts) to snake_case (optax)."""
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def build(spec):
    """The optax object a spec describes (see the module docstring); plain values and trees are kept as they are."""
    if isinstance(spec, list):
        return [build(x) for x in spec]
    if not isinstance(spec, dict):
        return spec
    if "fn" in spec:
        args = [build(a) for a in spec.get("args", [])]
        if spec["fn"] == "chain":
            return optax.chain(*args)
        options = {snake(k): build(v) for k, v in spec.get("options", {}).items()}
        return getattr(optax, snake(spec["fn"]))(*args, **options)
    return {k: build(v) for k, v in spec.items()}


def fn(name, *args, **options):
    return {"fn": name, "args": list(args), "options": options}


def state_tree(x):
    """An optax state as flax-ts lays it out: tuples as lists, NamedTuples as objects of their fields."""
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return {k: state_tree(v) for k, v in x._asdict().items()}
    if isinstance(x, (tuple, list)):
        return [state_tree(v) for v in x]
    if isinstance(x, dict):
        return {k: state_tree(v) for k, v in x.items()}
    return as_list(x)


def layout(x):
    """The structure of a state with every array written as dtype[shape], e.g. int32[] or float32[3,4]."""
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return {k: layout(v) for k, v in x._asdict().items()}
    if isinstance(x, (tuple, list)):
        return [layout(v) for v in x]
    if isinstance(x, dict):
        return {k: layout(v) for k, v in x.items()}
    x = jnp.asarray(x)
    return f"{x.dtype}[{','.join(map(str, x.shape))}]"


TRANSFORM_STEPS = 20
# Gradients of norm about 5 (26 standard normals): clipByGlobalNorm(4) clips some steps and not others.
# Drawn from their own generator, so that the other cases' inputs do not depend on these.
transform_rng = np.random.RandomState(1)
TRANSFORM_GRADS = [
    jax.tree_util.tree_map(lambda p: transform_rng.standard_normal(p.shape).astype(np.float32), PARAMS)
    for _ in range(TRANSFORM_STEPS)
]

WARMUP_COSINE = fn("warmupCosineDecaySchedule", 0.0, 0.05, 5, 20, endValue=1e-3)
KERNELS_ONLY = {"dense": {"kernel": True, "bias": False}, "out": {"kernel": True, "bias": False}}

TRANSFORMS = [
    fn("adamw", 0.01),
    fn("adamw", WARMUP_COSINE, weightDecay=0.1, mask={"dense": {"kernel": True, "bias": False}, "out": False}),
    fn("adamw", 0.01, b1=0.8, nesterov=True, weightDecay=fn("exponentialDecay", 0.1, 5, 0.5)),
    fn("rmsprop", 0.01),
    fn("rmsprop", 0.01, centered=True, momentum=0.9, nesterov=True),
    fn(
        "rmsprop",
        fn("cosineDecaySchedule", 0.02, 15, alpha=0.1),
        decay=0.8,
        initialScale=0.5,
        epsInSqrt=False,
        biasCorrection=True,
        momentum=0.5,
    ),
    fn("rmsprop", 0.01, decay=0.5, centered=True, epsInSqrt=False),
    fn("adagrad", 0.1),
    fn(
        "adagrad",
        fn("exponentialDecay", 0.1, 3, 0.9, transitionBegin=4, staircase=True, endValue=0.05),
        initialAccumulatorValue=0.0,
        eps=1e-4,
    ),
    fn("lion", 1e-3),
    fn(
        "lion",
        fn("linearSchedule", 1e-3, 1e-4, 10, transitionBegin=5),
        b1=0.95,
        b2=0.98,
        weightDecay=0.5,
        mask={"dense": True, "out": {"kernel": True, "bias": False}},
    ),
    fn("chain", fn("scaleByLion", mode="smooth", smoothBeta=2.0), fn("scale", -0.01)),
    fn("chain", fn("scaleByLion", b1=0.5, mode="refined"), fn("scale", -0.01)),
    fn("chain", fn("clipByGlobalNorm", 4.0), fn("sgd", 0.1)),
    fn("chain", fn("clipByGlobalNorm", 4.0), fn("adam", 0.01)),
    fn("chain", fn("addDecayedWeights", fn("linearSchedule", 0.5, 0.0, 10)), fn("sgd", 0.1)),
    fn("chain", fn("addDecayedWeights", 0.0), fn("sgd", 0.1)),
    fn("chain", fn("addDecayedWeights", 0.1, mask=KERNELS_ONLY), fn("sgd", 0.1)),
    fn("masked", fn("sgd", 0.1, momentum=0.9), {"dense": True, "out": False}),
    fn(
        "multiTransform",
        {"a": fn("adam", 0.01), "s": fn("sgd", 0.1, momentum=0.9), "l": fn("lion", 1e-3)},
        {"dense": {"kernel": "a", "bias": "s"}, "out": "l"},
    ),
    fn("sgd", fn("joinSchedules", [fn("constantSchedule", 0.1), fn("exponentialDecay", 0.1, 2, 0.5)], [6])),
]


def replay(spec):
    tx = build(spec)
    params = PARAMS
    state = tx.init(params)
    for grads in TRANSFORM_GRADS:
        updates, state = tx.update(grads, state, params)
        params = optax.apply_updates(params, updates)
    return {"spec": spec, "params": tree_list(params), "state": state_tree(state), "layout": layout(state)}


SCHEDULE_COUNTS = 40

SCHEDULES = [
    fn("constantSchedule", 0.3),
    fn("linearSchedule", 1.0, 0.01, 20),
    fn("linearSchedule", 0.0, 2.0, 10, transitionBegin=5),
    fn("linearSchedule", 0.5, 0.1, 0),
    fn("polynomialSchedule", 1.0, 0.1, 2, 25, transitionBegin=3),
    fn("cosineDecaySchedule", 0.1, 30),
    fn("cosineDecaySchedule", 2.0, 25, alpha=0.2, exponent=2.0),
    fn("warmupCosineDecaySchedule", 0.0, 1.0, 8, 30),
    fn("warmupCosineDecaySchedule", 0.1, 0.5, 5, 35, endValue=0.05, exponent=1.5),
    fn("exponentialDecay", 1.0, 10, 0.5),
    fn("exponentialDecay", 0.2, 4, 0.7, transitionBegin=6, staircase=True),
    fn("exponentialDecay", 1.0, 5, 0.5, endValue=0.3),
    fn("exponentialDecay", 0.1, 5, 2.0, endValue=0.5, transitionBegin=2),
    fn("exponentialDecay", 0.1, 0, 0.5),
    fn(
        "joinSchedules",
        [fn("linearSchedule", 0.0, 1.0, 10), fn("constantSchedule", 1.0), fn("cosineDecaySchedule", 1.0, 15)],
        [10, 20],
    ),
]


def schedule_case(spec):
    schedule = build(spec)
    # Evaluated one int32 count at a time, as scale_by_schedule calls it.
    values = [np.float32(schedule(jnp.asarray(c, dtype=jnp.int32))).item() for c in range(SCHEDULE_COUNTS)]
    return {"spec": spec, "values": values}


fixture = {
    "versions": {"jax": jax.__version__, "optax": optax.__version__},
    "steps": STEPS,
    "x": as_list(X),
    "y": as_list(Y),
    "params": tree_list(PARAMS),
    "optimizers": optimizer_cases(),
    "losses": loss_cases(),
    "transforms": {
        "steps": TRANSFORM_STEPS,
        "params": tree_list(PARAMS),
        "grads": [tree_list(g) for g in TRANSFORM_GRADS],
        "cases": [replay(spec) for spec in TRANSFORMS],
    },
    "schedules": {"counts": SCHEDULE_COUNTS, "cases": [schedule_case(spec) for spec in SCHEDULES]},
}

out = Path(__file__).parent / "fixtures" / "optax.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out}")
