/**
 * Reductions with numpy's `axis` and `keepdims`: `sum`, `mean`, `max`, `min`, `prod`, `any`, `all`, `var`, `std`,
 * `logsumexp`, `argmax`, `argmin`.
 *
 * @packageDocumentation
 */
import { bind } from '../bind';
import { promoteOperands, withPromoted, type ArrayLike, type NDArray, type NumericDType } from '../array';
import type { Primitive } from '../primitives';
import { normalizeAxis, reducedShape, reductionAxes } from '../shapes';
import { subtract, square, sqrt, multiply } from './elementwise';

/** One axis, several axes, or `null`/`undefined` for all of them. */
export type Axis = number | readonly number[] | null | undefined;

/** Options of a reduction (numpy's keyword arguments). */
export interface ReduceOptions {
  readonly axis?: Axis;
  readonly keepdims?: boolean;
}

type ReducePrimitive = Extract<
  Primitive,
  'sum' | 'mean' | 'max' | 'min' | 'prod' | 'any' | 'all' | 'logSumExp'
>;

/** Accepts `f(x)`, `f(x, axis)`, `f(x, axis, { keepdims })` and `f(x, { axis, keepdims })`. */
function readOptions<O extends ReduceOptions>(axisOrOptions: Axis | O, options: O): O {
  const isOptions =
    axisOrOptions !== null && typeof axisOrOptions === 'object' && !Array.isArray(axisOrOptions);
  return isOptions ? (axisOrOptions as O) : { ...options, axis: axisOrOptions as Axis };
}

function reduce(primitive: ReducePrimitive, atLeast: NumericDType) {
  return (x: ArrayLike, axis: Axis | ReduceOptions = null, options: ReduceOptions = {}): NDArray => {
    const { axis: which, keepdims = false } = readOptions(axis, options);
    return withPromoted([x], atLeast, ([value]) => {
      const axes = reductionAxes(which ?? undefined, value.rank);
      return bind(primitive, [value], { axes, keepdims }) as NDArray;
    });
  };
}

/** Sum of elements. */
export const sum = reduce('sum', 'int32');
/** Arithmetic mean. */
export const mean = reduce('mean', 'float32');
/** Largest element. */
export const max = reduce('max', 'int32');
/** Smallest element. */
export const min = reduce('min', 'int32');
/** Product of elements. */
export const prod = reduce('prod', 'int32');
/** True if any element is true. */
export const any = reduce('any', 'bool');
/** True if every element is true. */
export const all = reduce('all', 'bool');
/** `log(sum(exp(x)))`, computed stably (`jax.nn.logsumexp`). */
export const logsumexp = reduce('logSumExp', 'float32');

/** Options of {@link variance} and {@link std}: numpy's `ddof` (delta degrees of freedom) as well. */
export interface VarianceOptions extends ReduceOptions {
  readonly ddof?: number;
}

/** Variance `mean(|x − mean(x)|²)`, divided by `N − ddof`. Exported from `np` as `var`. */
export function variance(
  x: ArrayLike,
  axis: Axis | VarianceOptions = null,
  options: VarianceOptions = {},
): NDArray {
  const [value] = promoteOperands([x], 'float32');
  const { axis: which, keepdims = false, ddof = 0 } = readOptions(axis, options);
  const axes = reductionAxes(which ?? undefined, value.rank);
  const count = axes.reduce((n, a) => n * value.shape[a], 1);
  const centered = subtract(value, mean(value, { axis: axes, keepdims: true }));
  const total = sum(square(centered), { axis: axes, keepdims });
  return multiply(total, 1 / (count - ddof));
}

/** Standard deviation: the square root of {@link variance}. */
export function std(
  x: ArrayLike,
  axis: Axis | VarianceOptions = null,
  options: VarianceOptions = {},
): NDArray {
  return sqrt(variance(x, axis, options));
}

function argReduce(primitive: 'argmax' | 'argmin') {
  return (x: ArrayLike, axis: number | null = null, options: { keepdims?: boolean } = {}): NDArray => {
    const [value] = promoteOperands([x], 'int32');
    // numpy flattens when no axis is given.
    const operand = axis === null ? (bind('reshape', [value], { shape: [value.size] }) as NDArray) : value;
    const which = axis === null ? 0 : normalizeAxis(axis, value.rank);
    const out = bind(primitive, [operand], { axis: which }) as NDArray;
    if (!(options.keepdims ?? false)) return out;
    const axes = axis === null ? reductionAxes(undefined, value.rank) : [which];
    return bind('reshape', [out], { shape: reducedShape(value.shape, axes, true) }) as NDArray;
  };
}

/** Index of the largest element (of the flattened array when `axis` is null). */
export const argmax = argReduce('argmax');
/** Index of the smallest element (of the flattened array when `axis` is null). */
export const argmin = argReduce('argmin');
