/**
 * Checkpoints as bytes, in Flax's msgpack format: `msgpackSerialize`/`msgpackRestore` for trees of arrays, and
 * `toBytes`/`fromBytes` for anything with a state dict (parameters, optimizer states, `TrainState`).
 *
 * The bytes are exactly what `flax.serialization` writes and reads: maps, lists, numbers, strings and nil as
 * msgpack's own types; every array as extension type 1 holding msgpack `[shape, dtype name, C-order bytes]`
 * (type 3 for a numpy scalar, read as a number); arrays over {@link MAX_CHUNK_SIZE} bytes chunked (see
 * chunking.ts). Reading converts numpy dtypes as stored-array.ts says (float64 to float32, …).
 *
 * @packageDocumentation
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { isNDArray } from '../core/array';
import { tensorsIn } from '../core/scope';
import { isTreeNode } from '../core/tree';
import { chunkLargeArrays, MAX_CHUNK_SIZE, unchunkArrays } from './chunking';
import { msgpackDecode } from './msgpack/decode';
import { msgpackEncode } from './msgpack/encode';
import { MsgpackExt } from './msgpack/ext';
import { fromStateDict, toStateDict } from './state-dict';
import { isTensor, StoredArray } from './stored-array';

/** Flax's msgpack extension type codes. */
const EXT_NDARRAY = 1;
const EXT_NATIVE_COMPLEX = 2;
const EXT_NPSCALAR = 3;

/** Maps every tensor of a tree (inside maps and lists) to its stored form. */
function storeArrays(tree: unknown, path: string): unknown {
  if (isTensor(tree)) return StoredArray.fromTensor(tree, path);
  if (Array.isArray(tree)) return tree.map((item: unknown, i) => storeArrays(item, `${path}/${i}`));
  if (isTreeNode(tree)) {
    return Object.fromEntries(
      Object.entries(tree).map(([key, value]) => [key, storeArrays(value, `${path}/${key}`)]),
    );
  }
  return tree;
}

function packArray(value: unknown, path: string): MsgpackExt {
  if (value instanceof StoredArray)
    return new MsgpackExt(value.scalar ? EXT_NPSCALAR : EXT_NDARRAY, value.toPayload());
  const what = isNDArray(value)
    ? 'a traced array (inside vmap, grad or jit): serialize concrete arrays'
    : `a ${(value as object | undefined)?.constructor.name ?? typeof value}`;
  throw new TypeError(`msgpackSerialize: cannot serialize ${what}, at path ${path}.`);
}

/** {@link msgpackSerialize} with another chunk size (tests write chunked arrays without allocating a gigabyte). */
export function serializeChunked(pytree: unknown, maxChunkSize: number): Uint8Array {
  return msgpackEncode(chunkLargeArrays(storeArrays(pytree, '.'), maxChunkSize), packArray);
}

/**
 * The msgpack bytes of a tree of maps, lists, numbers, strings, booleans, `null` and tensors (Flax's
 * `msgpack_serialize`), readable by Python's `flax.serialization.msgpack_restore`. Tensors are read from the device
 * synchronously; float32, int32 and bool tensors are written as numpy arrays of those dtypes. Lists stay msgpack
 * arrays: use {@link toBytes} to write them as Flax writes state dicts.
 *
 * @example
 * const bytes = serialization.msgpackSerialize({ params });
 */
export function msgpackSerialize(pytree: unknown): Uint8Array {
  return serializeChunked(pytree, MAX_CHUNK_SIZE);
}

function unpackExt(ext: MsgpackExt, path: string): unknown {
  if (ext.type === EXT_NDARRAY || ext.type === EXT_NPSCALAR) {
    return StoredArray.fromPayload(ext.data, ext.type === EXT_NPSCALAR, path);
  }
  if (ext.type === EXT_NATIVE_COMPLEX) {
    throw new TypeError(`Cannot load the complex number at path ${path}: flax-ts has no complex numbers.`);
  }
  return ext;
}

/** Every stored array of a tree as a tensor (a number for numpy scalars), recording the tensors made. */
function loadArrays(tree: unknown, path: string, made: Tensor[]): unknown {
  if (tree instanceof StoredArray) {
    if (tree.scalar) return tree.toScalar(path);
    const t = tree.toTensor(path);
    made.push(t);
    return t;
  }
  if (Array.isArray(tree)) return tree.map((item: unknown, i) => loadArrays(item, `${path}/${i}`, made));
  if (isTreeNode(tree)) {
    return Object.fromEntries(
      Object.entries(tree).map(([key, value]) => [key, loadArrays(value, `${path}/${key}`, made)]),
    );
  }
  return tree;
}

/**
 * The tree msgpack `bytes` hold (Flax's `msgpack_restore`): maps as objects, lists as arrays, nil as `null`, arrays
 * as float32, int32 or bool tensors (which the caller owns), numpy scalars as numbers, binary data as `Uint8Array`.
 * Integers beyond 2⁵³ come back as `bigint`. A Node `Buffer` is a `Uint8Array` and can be passed as it is.
 *
 * @throws naming the path, for an array of a dtype flax-ts cannot hold (see the module comment), complex numbers
 *   and bytes that are not one complete msgpack value.
 */
export function msgpackRestore(bytes: Uint8Array): unknown {
  const made: Tensor[] = [];
  try {
    return loadArrays(unchunkArrays(msgpackDecode(bytes, unpackExt)), '.', made);
  } catch (error) {
    for (const t of made) t.dispose();
    throw error;
  }
}

/**
 * The msgpack bytes of `target`'s state dict (Flax's `to_bytes`): what Python's `flax.serialization.from_bytes`
 * reads into the matching Python object.
 *
 * @example
 * const bytes = serialization.toBytes(state); // a TrainState: { step, params, opt_state }
 * fs.writeFileSync('checkpoint.msgpack', bytes);
 */
export function toBytes(target: unknown): Uint8Array {
  return msgpackSerialize(toStateDict(target));
}

/**
 * A copy of `target` with the state `bytes` hold (Flax's `from_bytes`), e.g. written by Python's
 * `flax.serialization.to_bytes`. `target` gives the structure, shapes and dtypes (see {@link fromStateDict});
 * the restored tensors are new and the caller's, `target` keeps its own.
 *
 * @example
 * const restored = serialization.fromBytes(state, fs.readFileSync('checkpoint.msgpack'));
 */
export function fromBytes<T>(target: T, bytes: Uint8Array): T {
  const state = msgpackRestore(bytes);
  const loaded = tensorsIn(state);
  let kept = new Set<Tensor>();
  try {
    const restored = fromStateDict(target, state);
    kept = new Set(tensorsIn(restored));
    return restored;
  } finally {
    // Tensors the target did not take (keys it lacks, scalars read as numbers), or all of them after an error.
    for (const t of loaded) if (!kept.has(t)) t.dispose();
  }
}
