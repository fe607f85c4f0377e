/**
 * Reductions with numpy's `axis` and `keepdims`: `sum`, `mean`, `max`, `min`, `prod`, `any`, `all`, `var`, `std`,
 * `logsumexp`, `argmax`, `argmin`.
 *
 * @packageDocumentation
 */
import { alreadyPromoted, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import type { Primitive } from '../primitives/params';
import { op } from '../scope';
import { normalizeAxis, reducedShape, reductionAxes } from '../shapes';
import { bind } from '../trace';
import { add, exp, log, multiply, sqrt, square, stopGradient, subtract, where } from './elementwise';

/** One axis, several axes, or `null`/`undefined` for all of them. */
export type Axis = number | readonly number[] | null | undefined;

/** Options of a reduction (numpy's keyword arguments). */
export interface ReduceOptions {
  readonly axis?: Axis;
  readonly keepdims?: boolean;
}

type ReducePrimitive = Extract<
  Primitive,
  'reduceSum' | 'mean' | 'reduceMax' | 'reduceMin' | 'reduceProd' | 'reduceOr' | 'reduceAnd'
>;

/** Accepts `f(x)`, `f(x, axis)`, `f(x, axis, { keepdims })` and `f(x, { axis, keepdims })`. */
function readOptions<O extends ReduceOptions>(axisOrOptions: Axis | O, options: O): O {
  const isOptions =
    axisOrOptions !== null && typeof axisOrOptions === 'object' && !Array.isArray(axisOrOptions);
  return isOptions ? (axisOrOptions as O) : { ...options, axis: axisOrOptions as Axis };
}

type Reducer = (x: ArrayLike, axis?: Axis | ReduceOptions, options?: ReduceOptions) => NDArray;

function reduce(name: string, primitive: ReducePrimitive, atLeast: NumericDType): Reducer {
  const apply = (value: NDArray, axis: Axis | ReduceOptions, options: ReduceOptions): NDArray => {
    const { axis: which, keepdims = false } = readOptions(axis, options);
    const axes = reductionAxes(which ?? undefined, value.rank);
    return bind(primitive, [value], { axes, keepdims }) as NDArray;
  };
  const promoting = op(name, (x: ArrayLike, axis: Axis | ReduceOptions, options: ReduceOptions) =>
    apply(promoteOperands([x], atLeast)[0], axis, options),
  );
  // An array that needs no promotion is reduced directly: nothing temporary to free, so no scope.
  return (x, axis = null, options = {}) => {
    const operands = alreadyPromoted([x], atLeast);
    return operands === undefined ? promoting(x, axis, options) : apply(operands[0], axis, options);
  };
}

/** Sum of elements. */
export const sum = reduce('sum', 'reduceSum', 'int32');
/** Arithmetic mean. */
export const mean = reduce('mean', 'mean', 'float32');
/** Largest element. */
export const max = reduce('max', 'reduceMax', 'int32');
/** Smallest element. */
export const min = reduce('min', 'reduceMin', 'int32');
/** Product of elements. */
export const prod = reduce('prod', 'reduceProd', 'int32');
/** True if any element is true. */
export const any = reduce('any', 'reduceOr', 'bool');
/** True if every element is true. */
export const all = reduce('all', 'reduceAnd', 'bool');

/**
 * `log(sum(exp(x)))`, computed stably as `jax.nn.logsumexp` does: shifted by the maximum, which is replaced by 0
 * where it is not finite, so all `-inf` gives `-inf` and any `+inf` gives `+inf`. Its gradient is the softmax.
 */
export const logsumexp: Reducer = op(
  'logsumexp',
  (x: ArrayLike, axis: Axis | ReduceOptions = null, options: ReduceOptions = {}): NDArray => {
    const { axis: which, keepdims = false } = readOptions(axis, options);
    const [value] = promoteOperands([x], 'float32');
    const axes = reductionAxes(which ?? undefined, value.rank);
    const highest = max(value, { axis: axes, keepdims: true });
    const finite = isFinite(highest);
    const shift = stopGradient(where(finite, highest, 0));
    const total = log(sum(exp(subtract(value, shift)), { axis: axes, keepdims }));
    return add(
      total,
      keepdims
        ? shift
        : (bind('reshape', [shift], { shape: reducedShape(value.shape, axes, false) }) as NDArray),
    );
  },
);

function isFinite(x: NDArray): NDArray {
  return bind('isFinite', [x], {}) as NDArray;
}

/** Options of {@link variance} and {@link std}: numpy's `ddof` (delta degrees of freedom) as well. */
export interface VarianceOptions extends ReduceOptions {
  readonly ddof?: number;
}

/** Variance `mean(|x − mean(x)|²)`, divided by `N − ddof`. Exported from `np` as `var`. */
export const variance = op(
  'var',
  (x: ArrayLike, axis: Axis | VarianceOptions = null, options: VarianceOptions = {}): NDArray => {
    const [value] = promoteOperands([x], 'float32');
    const { axis: which, keepdims = false, ddof = 0 } = readOptions(axis, options);
    const axes = reductionAxes(which ?? undefined, value.rank);
    const count = axes.reduce((n, a) => n * value.shape[a], 1);
    const centered = subtract(value, mean(value, { axis: axes, keepdims: true }));
    const total = sum(square(centered), { axis: axes, keepdims });
    return multiply(total, 1 / (count - ddof));
  },
);

/** Standard deviation: the square root of {@link variance}. */
export const std = op(
  'std',
  (x: ArrayLike, axis: Axis | VarianceOptions = null, options: VarianceOptions = {}): NDArray =>
    sqrt(variance(x, axis, options)),
);

function argReduce(name: string, primitive: 'argmax' | 'argmin') {
  return op(
    name,
    (x: ArrayLike, axis: number | null = null, options: { keepdims?: boolean } = {}): NDArray => {
      const [value] = promoteOperands([x], 'int32');
      // numpy flattens when no axis is given.
      const operand = axis === null ? (bind('reshape', [value], { shape: [value.size] }) as NDArray) : value;
      const which = axis === null ? 0 : normalizeAxis(axis, value.rank);
      const out = bind(primitive, [operand], { axis: which }) as NDArray;
      if (!(options.keepdims ?? false)) return out;
      const axes = axis === null ? reductionAxes(undefined, value.rank) : [which];
      return bind('reshape', [out], { shape: reducedShape(value.shape, axes, true) }) as NDArray;
    },
  );
}

/** Index of the largest element (of the flattened array when `axis` is null). */
export const argmax = argReduce('argmax', 'argmax');
/** Index of the smallest element (of the flattened array when `axis` is null). */
export const argmin = argReduce('argmin', 'argmin');
