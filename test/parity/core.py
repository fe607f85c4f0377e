"""Writes test/parity/fixtures/core.json: what the real jax 0.10.2 computes for vmap, grad and collectives.

Each case stores its float32 inputs and jax's outputs; test/core/parity.test.ts runs the same computation with
flax-ts on the stored inputs. Inputs come from a seeded numpy generator, so re-running gives the same file.
"""

import json
import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

# The shared helpers' folder, not this one: random.py here would shadow the standard library.
sys.path.insert(0, str(Path(__file__).parent / "shared"))
from fixture_json import as_list, tree_list  # noqa: E402

assert jax.__version__ == "0.10.2", jax.__version__

rng = np.random.RandomState(0)


def data(*shape):
    return rng.standard_normal(shape).astype(np.float32)


X = data(6, 4)
Y = data(6, 2)
PARAMS = {"w1": data(4, 5), "b1": data(5), "w2": data(5, 2), "b2": data(2)}


def mlp(params, x):
    h = jnp.tanh(x @ params["w1"] + params["b1"])
    return h @ params["w2"] + params["b2"]


def example_loss(params, x, y):
    return jnp.sum((mlp(params, x) - y) ** 2)


def normalize(x):
    """BatchNorm's statistics over a named batch axis, as in flax's BatchNorm with axis_name."""
    mean = jax.lax.pmean(x, "batch")
    mean2 = jax.lax.pmean(x * x, "batch")
    var = jnp.maximum(0.0, mean2 - mean * mean)
    return (x - mean) * jax.lax.rsqrt(var + 1e-5), mean


def aux_loss(params, x, y):
    pred = mlp(params, x)
    return jnp.mean((pred - y) ** 2), {"pred_mean": jnp.mean(pred, axis=0)}


NESTED = data(3, 4, 5)

cases = {
    "inputs": {"x": as_list(X), "y": as_list(Y), "params": tree_list(PARAMS), "nested": as_list(NESTED)},
    # vmap of the forward pass with the parameters unmapped (in_axes=(None, 0)).
    "vmap_forward": as_list(jax.vmap(mlp, in_axes=(None, 0))(PARAMS, X)),
    # Per-example gradients: vmap of grad, parameters unmapped.
    "per_example_grads": tree_list(jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))(PARAMS, X, Y)),
    # grad of a mean over a vmapped loss.
    "grad_of_vmap": (lambda vg: {"value": as_list(vg[0]), "grads": tree_list(vg[1])})(
        jax.value_and_grad(lambda p: jnp.mean(jax.vmap(example_loss, in_axes=(None, 0, 0))(p, X, Y)))(PARAMS)
    ),
    # pmean over a named axis; the mean comes back unmapped (out_axes=(0, None)).
    "pmean_normalize": (lambda r: {"normalized": as_list(r[0]), "mean": as_list(r[1])})(
        jax.vmap(normalize, out_axes=(0, None), axis_name="batch")(X)
    ),
    "psum": as_list(jax.vmap(lambda x: x / jax.lax.psum(x, "i"), axis_name="i")(jnp.abs(X) + 1)),
    # value_and_grad with has_aux and argnums over two arguments.
    "aux_and_argnums": (lambda r: {"value": as_list(r[0][0]), "aux": tree_list(r[0][1]), "grads": tree_list(r[1])})(
        jax.value_and_grad(aux_loss, argnums=(0, 1), has_aux=True)(PARAMS, X, Y)
    ),
    # Nested vmap: the outer level maps axis 1, the inner axis 0 of what is left; a pmean over the outer axis.
    "nested_vmap": as_list(
        jax.vmap(
            jax.vmap(lambda v: jnp.sum(v * v) - jax.lax.pmean(jnp.sum(v), "outer"), in_axes=0),
            in_axes=1,
            axis_name="outer",
        )(NESTED)
    ),
}

out = Path(__file__).parent / "fixtures" / "core.json"
out.write_text(json.dumps(cases, indent=1, sort_keys=True) + "\n")
print(f"wrote {out}")
