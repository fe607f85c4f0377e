/**
 * flax-ts: Flax's modules, JAX's transforms and optax's optimizers, in TypeScript on TensorFlow.js.
 *
 * @packageDocumentation
 */
// Only what a user calls: internals (traces, the primitive table, the executor) stay importable by flax-ts's own
// modules from './core', and the tree utilities live in the `tree` namespace only.
export { ready } from './backend';
export type { BackendChoice, BackendName, ReadyOptions, WasmFileName } from './backend';
export {
  ClosedJaxpr,
  ConcretizationError,
  grad,
  isNDArray,
  jit,
  makeJaxpr,
  np,
  pmean,
  psum,
  tidy,
  Tracer,
  tree,
  valueAndGrad,
  vmap,
} from './core';
export type {
  ArrayLike,
  AxisSpec,
  DType,
  GradOptions,
  GradResult,
  GradsOf,
  JitOptions,
  NDArray,
  NumericDType,
  VmapOptions,
} from './core';
export * as random from './core/random';
export * as nn from './linen';
export * as optax from './optax';
export * as training from './training';
export * as serialization from './serialization';
