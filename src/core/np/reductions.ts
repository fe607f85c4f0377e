/**
 * Reductions with numpy's `axis` and `keepdims`: `sum`, `mean`, `max`, `min`, `prod`, `any`, `all`, `var`, `std`,
 * `logsumexp`, `argmax`, `argmin`.
 *
 * @packageDocumentation
 */
import {
  alreadyPromoted,
  numericDType,
  promoteOperands,
  type ArrayLike,
  type NDArray,
  type NumericDType,
} from '../array';
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

/** numpy's refusal to take the max or min of no elements (there is no identity to return). */
function checkNotEmpty(name: string, shape: readonly number[], axes: readonly number[]): void {
  if (axes.some((a) => shape[a] === 0)) {
    throw new Error(`zero-size array to reduction operation ${name} which has no identity`);
  }
}

function reduce(name: string, primitive: ReducePrimitive, atLeast: NumericDType): Reducer {
  const needsElements = primitive === 'reduceMax' || primitive === 'reduceMin';
  const asksTruth = primitive === 'reduceOr' || primitive === 'reduceAnd';
  const apply = (value: NDArray, axis: Axis | ReduceOptions, options: ReduceOptions): NDArray => {
    const { axis: which, keepdims = false } = readOptions(axis, options);
    const axes = reductionAxes(which ?? undefined, value.rank);
    if (needsElements) checkNotEmpty(name, value.shape, axes);
    return bind(primitive, [value], { axes, keepdims }) as NDArray;
  };
  const promoting = op(name, (x: ArrayLike, axis: Axis | ReduceOptions, options: ReduceOptions) => {
    const [value] = promoteOperands([x], atLeast);
    // any/all of numbers ask whether they are non-zero.
    const operand =
      atLeast === 'bool' && value.dtype !== 'bool'
        ? (bind('ne', [value, zeroOf(value)], {}) as NDArray)
        : value;
    return apply(operand, axis, options);
  });
  // An array that needs no promotion is reduced directly: nothing temporary to free, so no scope.
  return (x, axis = null, options = {}) => {
    const operands = alreadyPromoted([x], atLeast);
    return operands !== undefined && (!asksTruth || operands[0].dtype === 'bool')
      ? apply(operands[0], axis, options)
      : promoting(x, axis, options);
  };
}

function zeroOf(value: NDArray): NDArray {
  return bind('full', [], { shape: [], dtype: numericDType(value), value: 0 }) as NDArray;
}

/**
 * The maximum along `axis` with the reduced axes kept, where an empty group gives `-inf` (no error): the stable
 * shift of `logsumexp` and `softmax`, which JAX computes with `initial=-inf`.
 */
export function shiftMax(value: NDArray, axis: Axis): NDArray {
  const axes = reductionAxes(axis ?? undefined, value.rank);
  return bind('reduceMax', [value], { axes, keepdims: true }) as NDArray;
}

/** Sum of elements. */
export const sum = reduce('sum', 'reduceSum', 'int32');
/** Arithmetic mean. */
export const mean = reduce('mean', 'mean', 'float32');
/** Largest element. */
export const max = reduce('max', 'reduceMax', 'bool');
/** Smallest element. */
export const min = reduce('min', 'reduceMin', 'bool');
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
    const highest = shiftMax(value, axes);
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

/** Variance `mean(|x − mean(x)|²)`, divided by `N − ddof`; NaN when `ddof ≥ N`, as JAX. Exported from `np` as `var`. */
export const variance = op(
  'var',
  (x: ArrayLike, axis: Axis | VarianceOptions = null, options: VarianceOptions = {}): NDArray => {
    const [value] = promoteOperands([x], 'float32');
    const { axis: which, keepdims = false, ddof = 0 } = readOptions(axis, options);
    const axes = reductionAxes(which ?? undefined, value.rank);
    const count = axes.reduce((n, a) => n * value.shape[a], 1);
    const centered = subtract(value, mean(value, { axis: axes, keepdims: true }));
    const total = sum(square(centered), { axis: axes, keepdims });
    return multiply(total, count > ddof ? 1 / (count - ddof) : NaN);
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
      if (operand.shape[which] === 0) throw new Error(`attempt to get ${name} of an empty sequence`);
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
