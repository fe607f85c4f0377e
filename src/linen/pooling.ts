/**
 * Pooling (Flax's `nn.pool`, `nn.avgPool`, `nn.maxPool`, `nn.minPool`): reductions over windows of the spatial axes
 * of `[...batch, ...window axes, features]` inputs; no batch axis at all works too (one example in, one out).
 *
 * - `strides` default to 1 per window axis; `padding` is `'VALID'` (default), `'SAME'` or one `[low, high]` pair
 *   per window axis, filled with the reduction's initial value.
 * - `avgPool` divides by the window size (`countIncludePad`, default true) or by the number of real elements.
 * - Gradients are JAX's: a max sends each window's cotangent to its first maximum (row-major window order).
 *
 * @example
 * const y = nn.avgPool(x, [2, 2], { strides: [2, 2] }); // [4, 28, 28, 8] → [4, 14, 14, 8]
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray } from '../core/array';
import { add, divide, maximum, minimum, negative, ones, reshape } from '../core/np';
import { op } from '../core/scope';
import { reduceWindow, type WindowPadding } from '../core/windowed';

/** Options of the pooling functions. */
export interface PoolOptions {
  /** Step between windows, per window axis (default 1). */
  readonly strides?: readonly number[];
  /** `'VALID'` (default), `'SAME'` or one `[low, high]` pair per window axis. */
  readonly padding?: WindowPadding;
}

/** Options of {@link avgPool}. */
export interface AvgPoolOptions extends PoolOptions {
  /** Divide by the whole window, padding included (default true), or by the input elements it covers. */
  readonly countIncludePad?: boolean;
}

/** A binary `np` function: `pool` takes `np.add`, `np.maximum` or `np.minimum`. */
export type PoolReduceFn = typeof add;

/** `lax.reduce_window` over the window axes of `x`, whatever its batch axes (flattened into one and restored). */
function windowed(
  x: NDArray,
  reduction: 'sum' | 'max',
  windowShape: readonly number[],
  { strides, padding = 'VALID' }: PoolOptions,
  what: string,
): NDArray {
  const k = windowShape.length;
  if (strides !== undefined && strides.length !== k) {
    throw new Error(
      `${what}: len(${JSON.stringify(windowShape)}) must equal len(${JSON.stringify(strides)})`,
    );
  }
  const batchRank = x.rank - (k + 1);
  if (batchRank < 0) {
    throw new Error(
      `${what}: the input ${JSON.stringify(x.shape)} has fewer axes than the window plus features.`,
    );
  }
  const batchShape = x.shape.slice(0, batchRank);
  const flat = batchRank === 1 ? x : reshape(x, [-1, ...x.shape.slice(batchRank)]);
  const y = reduceWindow(flat, reduction, windowShape, { strides, padding });
  return batchRank === 1 ? y : reshape(y, [...batchShape, ...y.shape.slice(1)]);
}

/**
 * Flax's `pool`: `reduceFn` over windows, starting from `init`. flax-ts has windowed sums and maxima as primitives,
 * so `reduceFn` is `np.add` (with `init` 0), `np.maximum` (−∞) or `np.minimum` (+∞).
 */
export const pool = op(
  'pool',
  (
    inputs: ArrayLike,
    init: number,
    reduceFn: PoolReduceFn,
    windowShape: readonly number[],
    strides?: readonly number[],
    padding: WindowPadding = 'VALID',
  ): NDArray => {
    const [x] = promoteOperands([inputs], 'float32');
    const options = { strides, padding };
    if (reduceFn === add && init === 0) return windowed(x, 'sum', windowShape, options, 'pool');
    if (reduceFn === maximum && init === -Infinity) return windowed(x, 'max', windowShape, options, 'pool');
    if (reduceFn === minimum && init === Infinity) {
      return negative(windowed(negative(x), 'max', windowShape, options, 'pool'));
    }
    throw new Error(
      'pool: flax-ts pools with (0, np.add), (-Infinity, np.maximum) or (Infinity, np.minimum) as (init, reduceFn).',
    );
  },
);

/** Flax's `avg_pool`: the mean of each window. */
export const avgPool = op(
  'avgPool',
  (inputs: ArrayLike, windowShape: readonly number[], options: AvgPoolOptions = {}): NDArray => {
    const [x] = promoteOperands([inputs], 'float32');
    const sums = windowed(x, 'sum', windowShape, options, 'avgPool');
    if (options.countIncludePad ?? true)
      return divide(
        sums,
        windowShape.reduce((a, b) => a * b, 1),
      );
    // The number of input elements each window covers: the same windowed sum over ones.
    const countShape = [...x.shape.slice(0, -1), 1];
    if (countShape.length - 2 === windowShape.length) countShape[0] = 1;
    return divide(sums, windowed(ones(countShape), 'sum', windowShape, options, 'avgPool'));
  },
);

/** Flax's `max_pool`: the maximum of each window. */
export const maxPool = op(
  'maxPool',
  (inputs: ArrayLike, windowShape: readonly number[], options: PoolOptions = {}): NDArray => {
    const [x] = promoteOperands([inputs], 'float32');
    return windowed(x, 'max', windowShape, options, 'maxPool');
  },
);

/** Flax's `min_pool`: the minimum of each window. */
export const minPool = op(
  'minPool',
  (inputs: ArrayLike, windowShape: readonly number[], options: PoolOptions = {}): NDArray => {
    const [x] = promoteOperands([inputs], 'float32');
    return negative(windowed(negative(x), 'max', windowShape, options, 'minPool'));
  },
);
