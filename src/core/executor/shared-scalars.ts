/**
 * Scalar constants shared through the backend's reference counts. Rules and ops bind the same few scalars (0, 1, ½,
 * an epsilon, a learning rate) for nearly every primitive; eagerly each one was a Fill kernel, a new buffer and its
 * release, about 40 a step in the state guide's training step. On the backends that count references to their
 * buffers in JavaScript (wasm, cpu, webgl) one buffer is kept per (dtype, value), and each use takes one more
 * reference to it, as tfjs's own `Reshape` does: a caller owns and releases its scalar exactly as a fresh one.
 * tfjs-node's kernels return registered tensors instead, so there every scalar is still filled anew.
 *
 * @packageDocumentation
 */
import { engine, type DataType, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { activeBackend, activeBackendName } from './kernels';

/** Distinct scalars kept per backend; the oldest is released beyond this (a loop may bind ever new values). */
const CAPACITY = 64;

const cachesByBackend = new WeakMap<KernelBackend, Map<string, TensorInfo>>();

/** The backend's cache of scalars, by dtype and value. */
function cacheOf(backend: KernelBackend): Map<string, TensorInfo> {
  let cache = cachesByBackend.get(backend);
  if (cache === undefined) {
    cache = new Map();
    cachesByBackend.set(backend, cache);
  }
  return cache;
}

/** Releases the cache's own reference to `info` (the buffer lives on while callers hold theirs). */
function release(backend: KernelBackend, info: TensorInfo): void {
  if (backend.disposeData(info.dataId)) engine().removeDataId(info.dataId, backend);
}

/**
 * A scalar buffer holding `value` as `dtype`, owned by the caller: a new reference to a shared buffer where the
 * backend counts references, else `fill()`'s new buffer.
 */
export function sharedScalar(value: number, dtype: DataType, fill: () => TensorInfo): TensorInfo {
  if (activeBackendName() === 'tensorflow') return fill();
  const backend = activeBackend();
  const cache = cacheOf(backend);
  // -0 and 0 differ in their bits; String() would merge them.
  const key = `${dtype} ${Object.is(value, -0) ? '-0' : String(value)}`;
  let shared = cache.get(key);
  if (shared === undefined || backend.refCount(shared.dataId) === 0) {
    shared = fill();
    cache.set(key, shared);
    if (cache.size > CAPACITY) {
      const [oldestKey, oldest] = cache.entries().next().value as [string, TensorInfo];
      cache.delete(oldestKey);
      release(backend, oldest);
    }
  }
  backend.incRef(shared.dataId);
  return { dataId: shared.dataId, shape: [], dtype: shared.dtype };
}
