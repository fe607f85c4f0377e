"""Writes the checkpoints flax-ts must read (test/parity/fixtures/serialization/*.msgpack), made by the real
flax 0.12.8 with flax.serialization, and test/parity/fixtures/serialization.json, which says for each file what
flax-ts must restore from it (see describe in shared/checkpoints.py) and whether writing that back must give the
same bytes.

Every array holds exactly representable values (multiples of 1/16, small integers), not trained ones, so the
files do not depend on the last bits of any computation. Deterministic: re-running gives the same files.
"""

import itertools
import json
import sys
from pathlib import Path

import flax
import flax.serialization as serialization
import jax
import jax.numpy as jnp
import numpy as np

# The shared helpers' folder, not this one: random.py here would shadow the standard library.
sys.path.insert(0, str(Path(__file__).parent / "shared"))
from checkpoints import (  # noqa: E402
    CheckpointMLP,
    TrainStateWithStats,
    adam_tx,
    describe,
    mixed_tx,
    model_variables,
)
from flax.training import train_state  # noqa: E402

assert flax.__version__ == "0.12.8", flax.__version__

OUT = Path(__file__).parent / "fixtures" / "serialization"
OUT.mkdir(parents=True, exist_ok=True)


def exact(target, count=3):
    """A copy of target with every float array filled with multiples of 1/16 (different per array) and every int
    array with count. Dict keys keep their order (jax's tree utilities would sort them)."""
    arrays = itertools.count()

    def fill(x):
        if isinstance(x, dict):
            return {k: fill(v) for k, v in x.items()}
        if not isinstance(x, (np.ndarray, jax.Array)):
            return x
        a = np.asarray(x)
        if np.issubdtype(a.dtype, np.integer):
            return np.full(a.shape, count, a.dtype)
        values = (np.arange(a.size) - a.size // 2) / 16 + next(arrays) / 4
        return values.reshape(a.shape).astype(a.dtype)

    return serialization.from_state_dict(target, fill(serialization.to_state_dict(target)))


def as_flax_ts(x):
    """What flax-ts restores for a value Flax restored: arrays of other dtypes converted (see stored-array.ts)."""
    if isinstance(x, dict):
        return {k: as_flax_ts(v) for k, v in x.items()}
    if isinstance(x, list):
        return [as_flax_ts(v) for v in x]
    if isinstance(x, np.ndarray):
        if x.dtype in (np.float64, np.float16, jnp.bfloat16):
            return x.astype(np.float32)
        if np.issubdtype(x.dtype, np.integer) and x.dtype != np.int32:
            assert np.all((x >= -(2**31)) & (x < 2**31)), x
            return x.astype(np.int32)
    return x


cases = {}


def write(name, data, *, reserializes):
    (OUT / f"{name}.msgpack").write_bytes(data)
    restored = as_flax_ts(serialization.msgpack_restore(data))
    cases[name] = {"file": f"serialization/{name}.msgpack", "restored": describe(restored), "reserializes": reserializes}


variables = model_variables()
model = CheckpointMLP()

# Model variables, as flax.serialization.to_bytes(variables) saves them.
write("variables", serialization.to_bytes(exact(variables)), reserializes=True)

# A TrainState with adam, its step a Python int (as TrainState.create and an unjitted apply_gradients leave it).
state = train_state.TrainState.create(apply_fn=model.apply, params=variables["params"], tx=adam_tx())
state = exact(state).replace(step=3)
write("train_state_adam", serialization.to_bytes(state), reserializes=True)

# The same after jit: step is an int32 array; flax-ts's TrainState reads it as its number step.
write("train_state_adam_jitted", serialization.to_bytes(state.replace(step=jnp.int32(3))), reserializes=False)

# A TrainState with batch_stats and multi_transform(adamw with a mask, adagrad): optax's snake_case fields.
state = TrainStateWithStats.create(
    apply_fn=model.apply, params=variables["params"], tx=mixed_tx(), batch_stats=variables["batch_stats"]
)
write("train_state_mixed", serialization.to_bytes(exact(state).replace(step=7)), reserializes=True)

# msgpack's own types in each of their sizes, next to float32, int32 and bool arrays: all of it reads back the same.
plain = {
    "float32": np.arange(6, dtype=np.float32).reshape(2, 3) / 4,
    "int32": np.array([[-(2**31), 2**31 - 1], [0, -5]], dtype=np.int32),
    "bool": np.array([True, False, True]),
    "zero_d": np.array(2.5, dtype=np.float32),
    "empty": np.zeros((0, 3), dtype=np.float32),
    "ints": [0, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**53 - 1, -1, -32, -33, -128, -129, -32768,
             -32769, -(2**31), -(2**31) - 1, -(2**53) + 1],
    "big_ints": [2**53, 2**64 - 1, -(2**63)],
    "floats": [0.1, -2.5, 1e300],
    "strings": ["", "flax ✓", "x" * 31, "y" * 32, "z" * 255, "w" * 256],
    "bytes": [b"", b"\x00\x01\xff", b"b" * 300],
    "none": None,
    "bools": [True, False],
    "long_list": list(range(20)),
    "big_map": {f"key{i:02d}": i for i in range(20)},
    "nested": {"list": [1, "a", [2.5, None]], "empty_map": {}, "empty_list": []},
}
write("plain", serialization.msgpack_serialize(plain), reserializes=True)

# numpy dtypes flax-ts converts (float64 rounds to float32; the others are exact), and numpy scalars.
converted = {
    "float64": np.array([0.1, -1 / 3, 1e-50], dtype=np.float64),
    "float16": np.array([0.5, -2.0, 6.1e-05, 65504.0], dtype=np.float16),
    "bfloat16": np.array([1.5, -3.0e38, 1e-30], dtype=jnp.bfloat16),
    "int8": np.array([-128, 127], dtype=np.int8),
    "uint8": np.array([0, 255], dtype=np.uint8),
    "int16": np.array([-32768, 32767], dtype=np.int16),
    "uint16": np.array([65535], dtype=np.uint16),
    "uint32": np.array([2**31 - 1], dtype=np.uint32),
    "int64": np.array([[-(2**31)], [2**31 - 1]], dtype=np.int64),
    "uint64": np.array([7], dtype=np.uint64),
    "scalar_float32": np.float32(1.5),
    "scalar_int64": np.int64(2**40),
    "scalar_bool": np.bool_(True),
}
write("converted", serialization.msgpack_serialize(converted), reserializes=False)

# Arrays over MAX_CHUNK_SIZE bytes are chunked; a chunk size of 32 bytes makes small ones chunked too.
chunk_size = serialization.MAX_CHUNK_SIZE
serialization.MAX_CHUNK_SIZE = 32
chunked = {
    "big": np.arange(20, dtype=np.float32).reshape(4, 5),
    "inner": {"bool": np.arange(40) % 3 == 0, "small": np.arange(3, dtype=np.int32)},
}
write("chunked", serialization.msgpack_serialize(chunked), reserializes=False)
serialization.MAX_CHUNK_SIZE = chunk_size

# What flax-ts refuses, naming the path: an int64 beyond int32, complex arrays, Python complex numbers.
(OUT / "int64_overflow.msgpack").write_bytes(
    serialization.msgpack_serialize({"a": {"b": np.array([1, 2**40], dtype=np.int64)}})
)
(OUT / "complex_array.msgpack").write_bytes(
    serialization.msgpack_serialize({"z": np.array([1 + 2j], dtype=np.complex64)})
)
(OUT / "native_complex.msgpack").write_bytes(serialization.msgpack_serialize({"w": [1, 1 + 2j]}))

fixture = {"versions": {"flax": flax.__version__, "jax": jax.__version__}, "cases": cases}
out = Path(__file__).parent / "fixtures" / "serialization.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out} and {len(list(OUT.iterdir()))} files in {OUT}")
