/**
 * JAX's answers where tfjs's kernels have none or another: NaN propagates through `max`/`min` (elementwise and
 * reduced), `argmax`/`argmin` return the index of the first NaN, and a reduction over no elements gives its
 * identity (`mean` NaN) instead of whatever memory the wasm kernels leave there. Used by the primitives' impls, so
 * eager calls, `vmap`, `grad` and `jit`'s kernel executor all get them.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf, type DType } from '../avals';
import { activeBackendName, runKernel, withIntermediates } from '../executor/kernels';

type Kernel = (x: TensorInfo) => TensorInfo;
type BinaryKernel = (a: TensorInfo, b: TensorInfo) => TensorInfo;

/**
 * TensorFlow's own `Maximum`/`Minimum`, `Max`/`Min` and `Sign` propagate NaN as XLA's do; the wasm and cpu kernels
 * lose it.
 */
const kernelsPropagateNaN = (): boolean => activeBackendName() === 'tensorflow';

/** `a max b` (or min) with NaN wherever either operand is NaN. */
export function maxOrMinWithNaN(kernel: BinaryKernel, a: TensorInfo, b: TensorInfo): TensorInfo {
  if (a.dtype !== 'float32' || kernelsPropagateNaN()) return kernel(a, b);
  return withIntermediates((temp) => {
    const chosen = temp(kernel(a, b));
    const anyNaN = temp(
      runKernel('LogicalOr', {
        a: temp(runKernel('NotEqual', { a, b: a })),
        b: temp(runKernel('NotEqual', { a: b, b })),
      }),
    );
    // a + b is NaN exactly where one of them is, and has the broadcast shape of the result.
    return runKernel('Select', { condition: anyNaN, t: temp(runKernel('Add', { a, b })), e: chosen });
  });
}

/** `sign(x)`, NaN where `x` is NaN. */
export function signWithNaN(x: TensorInfo): TensorInfo {
  const sign = runKernel('Sign', { x });
  if (x.dtype !== 'float32' || kernelsPropagateNaN()) return sign;
  return withIntermediates((temp) => {
    temp(sign);
    return runKernel('Select', { condition: temp(runKernel('NotEqual', { a: x, b: x })), t: x, e: sign });
  });
}

/** A `Max`/`Min` reduction over `axes` that is NaN where its group holds a NaN. */
export function reducedMaxOrMinWithNaN(
  reduce: Kernel,
  x: TensorInfo,
  axes: readonly number[],
  keepDims: boolean,
): TensorInfo {
  if (x.dtype !== 'float32' || kernelsPropagateNaN()) return reduce(x);
  return withIntermediates((temp) => {
    const isNaN = temp(runKernel('NotEqual', { a: x, b: x }));
    const anyNaN = temp(runKernel('Any', { x: isNaN }, { axis: [...axes], keepDims }));
    // The group's sum is NaN wherever the group holds a NaN.
    const total = temp(runKernel('Sum', { x }, { axis: [...axes], keepDims }));
    return runKernel('Select', { condition: anyNaN, t: total, e: temp(reduce(x)) });
  });
}

/** `ArgMax`/`ArgMin` along `axis`, returning the first NaN's index in a group that holds one (every backend skips NaN). */
export function argReductionFirstNaN(kernel: string, x: TensorInfo, axis: number): TensorInfo {
  if (x.dtype !== 'float32') return runKernel(kernel, { x }, { axis });
  return withIntermediates((temp) => {
    const isNaN = temp(runKernel('NotEqual', { a: x, b: x }));
    const anyNaN = temp(runKernel('Any', { x: isNaN }, { axis: [axis], keepDims: false }));
    // Ties go to the first index, so the argmax of the NaN mask is the first NaN.
    const mask = temp(runKernel('Cast', { x: isNaN }, { dtype: 'float32' }));
    const firstNaN = temp(runKernel('ArgMax', { x: mask }, { axis }));
    return runKernel('Select', {
      condition: anyNaN,
      t: firstNaN,
      e: temp(runKernel(kernel, { x }, { axis })),
    });
  });
}

/** A reduction's result where the reduced axes hold no elements: its identity, filled in (or undefined if not empty). */
export function emptyReduction(
  x: TensorInfo,
  axes: readonly number[],
  outShape: readonly number[],
  identity: (dtype: DType) => number,
): TensorInfo | undefined {
  if (sizeOf(axes.map((a) => x.shape[a])) !== 0) return undefined;
  const dtype = x.dtype as DType;
  return runKernel('Fill', {}, { shape: [...outShape], value: identity(dtype), dtype });
}
