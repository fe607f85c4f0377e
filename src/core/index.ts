/**
 * The JAX-like layer: arrays, `np`, transforms (`grad`, `valueAndGrad`, `vmap`), collectives and pytrees.
 *
 * @packageDocumentation
 */
export * as np from './np';
export type { ArrayLike, NDArray, NumericDType } from './array';
export { isNDArray } from './array';
export { BatchTracer, ConcretizationError } from './tracer';
export { grad, valueAndGrad } from './grad';
export type { GradOptions, GradResult, GradsOf } from './grad';
export { vmap } from './vmap';
export type { AxisSpec, VmapOptions } from './vmap';
export { pmean, psum } from './collectives';
export { tidy, HELD_TENSORS } from './scope';
export type { HoldsTensors } from './scope';
export * as tree from './tree-namespace';
