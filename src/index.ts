/**
 * flax-ts: Flax's modules, JAX's transforms and optax's optimizers, in TypeScript on TensorFlow.js.
 *
 * @packageDocumentation
 */
export { ready } from './backend';
export type { BackendChoice, BackendName } from './backend';
export {
  BatchTracer,
  ConcretizationError,
  grad,
  isNDArray,
  np,
  pmean,
  psum,
  tidy,
  HELD_TENSORS,
  tree,
  valueAndGrad,
  vmap,
} from './core';
export type {
  ArrayLike,
  AxisSpec,
  GradOptions,
  GradResult,
  GradsOf,
  HoldsTensors,
  NDArray,
  NumericDType,
  VmapOptions,
} from './core';
export { treeLeaves, treeMap, treeStructure, shapes } from './core/tree';
export * as random from './core/random';
export * as nn from './linen';
export * as optax from './optax';
export * as training from './training';
export * as display from './display';
