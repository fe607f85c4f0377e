/**
 * `np`: the numpy-like array API of flax-ts (JAX's `jax.numpy`), on tfjs tensors and `vmap` tracers alike.
 *
 * @packageDocumentation
 */
export type { ArrayLike, NDArray, NestedNumbers, NumericDType } from '../array';
export * from './creation';
export * from './elementwise';
export * from './linalg';
export {
  all,
  any,
  argmax,
  argmin,
  logsumexp,
  max,
  mean,
  min,
  prod,
  std,
  sum,
  variance as var,
} from './reductions';
export type { Axis, ReduceOptions, VarianceOptions } from './reductions';
export * from './shape';
