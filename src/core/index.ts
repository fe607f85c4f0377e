/**
 * The JAX-like layer: arrays, `np`, transforms (`grad`, `valueAndGrad`, `vmap`, `jit`, `makeJaxpr`), collectives
 * and pytrees.
 *
 * @packageDocumentation
 */
import './interpreters/eval';
import './tensor-item';

export * as np from './np';
export type { ArrayLike, NDArray, NumericDType } from './array';
export { isNDArray } from './array';
export type { DType } from './avals';
export { ConcretizationError, Tracer } from './trace';
export { grad, valueAndGrad } from './interpreters/ad';
export type { GradOptions, GradResult, GradsOf } from './interpreters/ad';
export { vmap } from './interpreters/batching';
export type { AxisSpec, VmapOptions } from './interpreters/batching';
export { ClosedJaxpr, jit, makeJaxpr } from './interpreters/jit';
export type { JitOptions } from './interpreters/jit';
export { pmean, psum } from './collectives';
export { tidy } from './scope';
export * as tree from './tree-namespace';
