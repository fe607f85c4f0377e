/**
 * Calling the backend's kernels directly: `getKernel(name, backend).kernelFunc` on tensor buffers, without tfjs's
 * engine (no scopes, no tape, no profiling), which costs about half of an engine call per kernel. The eval trace
 * and the executor run every primitive through here.
 *
 * @packageDocumentation
 */
import {
  engine,
  getKernel,
  Tensor,
  type DataType,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

let cachedFor: string | undefined;
const cachedKernels = new Map<string, KernelFunc>();

function kernelFunc(name: string, backendName: string): KernelFunc {
  if (cachedFor !== backendName) {
    cachedKernels.clear();
    cachedFor = backendName;
  }
  let fn = cachedKernels.get(name);
  if (fn === undefined) {
    const config = getKernel(name, backendName) as KernelConfig | undefined;
    if (config === undefined) {
      throw new Error(`The ${backendName} backend has no ${name} kernel, which flax-ts needs here.`);
    }
    fn = config.kernelFunc;
    cachedKernels.set(name, fn);
  }
  return fn;
}

/** The name of the active backend (`'tensorflow'`, `'wasm'`, `'cpu'`, `'webgl'`). */
export function activeBackendName(): string {
  return engine().backendName;
}

let backendStarted = false;

/**
 * The active backend. Before `ready()` has picked one, tfjs would say "await tf.ready()" (which never tries
 * tfjs-node); say what to do in flax-ts instead.
 */
export function activeBackend(): KernelBackend {
  if (backendStarted) return engine().backend;
  try {
    const backend = engine().backend;
    backendStarted = true;
    return backend;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes('has not yet been initialized')) throw error;
    throw new Error(
      "flax-ts has no backend yet: `await ready()` (from 'flax-ts') before the first computation; it picks the " +
        `fastest backend available and says which. (tfjs: ${message})`,
    );
  }
}

/**
 * Runs kernel `name` on `inputs`. On tfjs-node the result is already a `Tensor` registered with the engine; on the
 * other backends it is a bare buffer that {@link wrap} or {@link free} must eventually take.
 */
export function runKernel(
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const backend = activeBackend();
  const out = kernelFunc(name, engine().backendName)({ inputs, backend, attrs });
  return Array.isArray(out) ? out[0] : out;
}

/** Runs kernel `name` for all of its outputs (e.g. `TopK`'s values and indices); the caller owns each of them. */
export function runKernelOutputs(
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo[] {
  const eng = engine();
  const out = kernelFunc(name, eng.backendName)({ inputs, backend: eng.backend, attrs });
  return Array.isArray(out) ? out : [out];
}

/** Releases a buffer made by a kernel (or a tensor): once per buffer handle. */
export function free(info: TensorInfo): void {
  if (info instanceof Tensor) info.dispose();
  else engine().backend.disposeData(info.dataId);
}

/** Makes a kernel's result a tensor owned by the caller (and tracked by the enclosing `tidy`). */
export function wrap(info: TensorInfo): Tensor {
  return info instanceof Tensor ? (info as Tensor) : engine().makeTensorFromTensorInfo(info);
}

/** Uploads host values as a new buffer. */
export function upload(
  values: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  dtype: DataType,
): Tensor {
  return engine().makeTensor(values, [...shape], dtype);
}

/** Reads a buffer's values synchronously. */
export function download(info: TensorInfo): Float32Array | Int32Array | Uint8Array {
  return engine().backend.readSync(info.dataId) as Float32Array | Int32Array | Uint8Array;
}

/**
 * Runs `fn`, handing it `temp` to mark the intermediate buffers it makes, and frees every marked buffer afterwards,
 * also when `fn` throws. The result must not be marked.
 */
export function withIntermediates<T extends TensorInfo>(
  fn: (temp: (info: TensorInfo) => TensorInfo) => T,
): T {
  const temps: TensorInfo[] = [];
  try {
    return fn((info) => {
      temps.push(info);
      return info;
    });
  } finally {
    for (const t of temps) free(t);
  }
}
