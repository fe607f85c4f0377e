"""Reads checkpoints flax-ts wrote, with the real flax.serialization, and prints what Python got as a JSON list,
one {"restored": describe(…), "identical": …} per file, "identical" saying whether flax.serialization writes the
very same bytes back (null for plain msgpack). Called by test/serialization/python-read-back.test.ts as
`python -P flax_read_back.py CASE FILE [CASE FILE …]` (one process: importing jax takes seconds).

CASE is "msgpack" (msgpack_restore), or the name of a target Python builds as flax-ts did, for from_bytes:
"variables", "train_state_adam" or "train_state_mixed".
"""

import json
import sys
from pathlib import Path

import flax.serialization as serialization
import jax
import jax.numpy as jnp
from flax.training import train_state

sys.path.insert(0, str(Path(__file__).parents[1] / "parity" / "shared"))
from checkpoints import (  # noqa: E402
    CheckpointMLP,
    TrainStateWithStats,
    adam_tx,
    describe,
    mixed_tx,
    model_variables,
)


def target(case):
    variables = model_variables()
    apply_fn = CheckpointMLP().apply
    if case == "variables":
        return variables
    if case == "train_state_adam":
        state = train_state.TrainState.create(apply_fn=apply_fn, params=variables["params"], tx=adam_tx())
    elif case == "train_state_mixed":
        state = TrainStateWithStats.create(
            apply_fn=apply_fn, params=variables["params"], tx=mixed_tx(), batch_stats=variables["batch_stats"]
        )
    else:
        raise ValueError(f"unknown case {case}")
    # One step, as flax-ts trained its state: the trees optax rebuilt now have sorted keys on both sides.
    return state.apply_gradients(grads=jax.tree_util.tree_map(jnp.zeros_like, state.params))


def read(case, file):
    data = Path(file).read_bytes()
    if case == "msgpack":
        return {"restored": describe(serialization.msgpack_restore(data)), "identical": None}
    restored = serialization.from_bytes(target(case), data)
    return {
        "restored": describe(serialization.to_state_dict(restored)),
        "identical": serialization.to_bytes(restored) == data,
    }


args = sys.argv[1:]
print(json.dumps([read(case, file) for case, file in zip(args[::2], args[1::2])]))
