/**
 * `np`: the numpy-like array API of flax-ts (JAX's `jax.numpy`), on tfjs tensors and `vmap` tracers alike.
 *
 * @packageDocumentation
 */
export type { ArrayLike, NDArray, NestedNumbers, NumericDType } from '../array';
export * from './creation';
export { cumprod, cumsum } from './cumulative';
export type { CumulativeOptions } from './cumulative';
export * from './elementwise';
export { einsum } from './einsum';
export { at, IndexedArray } from './at';
export type { ScatterMode, UpdateOptions } from './at';
export { ellipsis, newaxis, Slice, slice } from './index-expression';
export type { IndexItem, SliceString } from './index-expression';
export { index, take, takeAlongAxis } from './indexing';
export type { GatherMode, GatherOptions, TakeOptions } from './indexing';
export * from './linalg';
export { pad } from './pad';
export type { PadMode, PadOptions, PerAxisPairs } from './pad';
export { arraySplit, flip, fliplr, flipud, moveaxis, repeat, roll, split, swapaxes, tile } from './rearrange';
export type { RepeatOptions } from './rearrange';
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
export { argsort, sort } from './sorting';
export { tril, triu } from './triangular';
export type { SortOptions } from './sorting';
