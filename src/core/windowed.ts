/**
 * Windowed operations in Flax's channels-last layout, as `jax.lax` offers them: `convGeneralDilated` (lhs
 * `[N, ...spatial, C]`, rhs `[...window, C / featureGroupCount, O]`), `convTranspose`, and `reduceWindow` (sums and
 * maxima over windows of the spatial axes of `[N, ...spatial, C]`), for 1 to 3 spatial axes (1 or 2 for reductions).
 * Padding (`'SAME'`, `'VALID'` or explicit pairs, resolved as `lax.padtype_to_pads`) and input dilation become
 * explicit ops before the primitive.
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray } from './array';
import { broadcastTo, scalar, select } from './primitives/ops';
import { dilateAxes, dilatedSize } from './primitives/windows';
import { op } from './scope';
import { formatShape } from './shapes';
import { bind } from './trace';

/** `'SAME'`, `'VALID'`, or one `[low, high]` pair per spatial axis (negative values crop). */
export type WindowPadding = 'SAME' | 'VALID' | readonly (readonly [number, number])[];

/** Options of {@link convGeneralDilated} (JAX's keyword arguments, camelCase). */
export interface ConvGeneralDilatedOptions {
  /** Step between windows, per spatial axis (default 1). */
  readonly windowStrides?: readonly number[];
  /** Padding of the (dilated) input (default `'VALID'`). */
  readonly padding?: WindowPadding;
  /** Zeros between input elements minus one, per spatial axis (default 1: none); a transposed convolution. */
  readonly lhsDilation?: readonly number[];
  /** Spacing of the kernel's taps, per spatial axis (default 1: adjacent). */
  readonly rhsDilation?: readonly number[];
  /** Number of groups the input and output features are split into (default 1). */
  readonly featureGroupCount?: number;
}

/** Options of {@link reduceWindow}. */
export interface ReduceWindowOptions {
  /** Step between windows, per spatial axis (default 1). */
  readonly strides?: readonly number[];
  /** Padding, filled with the reduction's identity (default `'VALID'`). */
  readonly padding?: WindowPadding;
}

const ones = (n: number): number[] => Array<number>(n).fill(1);

/** `lax.padtype_to_pads`: the `[low, high]` padding per spatial axis. */
export function windowPadding(
  padding: WindowPadding,
  sizes: readonly number[],
  window: readonly number[],
  strides: readonly number[],
  what: string,
): [number, number][] {
  if (padding === 'VALID') return sizes.map(() => [0, 0]);
  if (padding === 'SAME') {
    return sizes.map((size, i) => {
      const out = Math.ceil(size / strides[i]);
      const total = Math.max((out - 1) * strides[i] + window[i] - size, 0);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  const isPair = (p: unknown): p is readonly [number, number] =>
    Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v));
  const pairs: readonly unknown[] = padding;
  if (pairs.length !== sizes.length || !pairs.every(isPair)) {
    throw new Error(
      `${what}: padding must be 'SAME', 'VALID' or one [low, high] pair per spatial axis (${sizes.length}), ` +
        `got ${JSON.stringify(padding)}.`,
    );
  }
  return pairs.map(([low, high]): [number, number] => [low, high]);
}

/** `x` padded by `pairs` (one per axis); negative amounts crop, as `lax.pad`. */
function padOrCrop(x: NDArray, pairs: readonly (readonly [number, number])[]): NDArray {
  let value = x;
  if (pairs.some(([low, high]) => low < 0 || high < 0)) {
    value = bind('slice', [value], {
      begin: pairs.map(([low]) => Math.max(-low, 0)),
      size: value.shape.map((d, i) => d - Math.max(-pairs[i][0], 0) - Math.max(-pairs[i][1], 0)),
    }) as NDArray;
  }
  const padding = pairs.map(([low, high]): [number, number] => [Math.max(low, 0), Math.max(high, 0)]);
  return padding.every(([low, high]) => low === 0 && high === 0)
    ? value
    : (bind('pad', [value], { padding }) as NDArray);
}

/** A per-spatial-axis option: as given (checked), or 1 on every axis. */
function perAxis(value: readonly number[] | undefined, k: number, name: string, what: string): number[] {
  if (value === undefined) return ones(k);
  if (value.length !== k || !value.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new Error(
      `${what}: ${name} must be ${k} positive integer(s), one per spatial axis, got ${JSON.stringify(value)}.`,
    );
  }
  return [...value];
}

/** Checks an operand of Flax's layout with 1 to `maxSpatial` spatial axes. */
function checkRank(x: NDArray, what: string, name: string, maxSpatial: number): void {
  if (x.rank < 3 || x.rank > maxSpatial + 2) {
    throw new Error(
      `${what}: ${name} must be [N, ...spatial, features] with 1 to ${maxSpatial} spatial axes, got ` +
        `${formatShape(x.shape)} (flax-ts has ${maxSpatial === 3 ? '1-D, 2-D and 3-D' : '1-D and 2-D'} windows).`,
    );
  }
}

/**
 * `lax.conv_general_dilated` with Flax's dimension numbers (`NHWC`, `HWIO`, `NHWC`): lhs `[N, ...spatial, C]`,
 * rhs `[...window, C / featureGroupCount, O]`, result `[N, ...outSpatial, O]`.
 */
export const convGeneralDilated = op(
  'convGeneralDilated',
  (lhs: ArrayLike, rhs: ArrayLike, options: ConvGeneralDilatedOptions = {}): NDArray => {
    const what = 'convGeneralDilated';
    const [x, w] = promoteOperands([lhs, rhs], 'float32');
    checkRank(x, what, 'lhs', 3);
    if (w.rank !== x.rank) {
      throw new Error(
        `${what}: rhs ${formatShape(w.shape)} must have the rank of lhs ${formatShape(x.shape)}.`,
      );
    }
    const k = x.rank - 2;
    const groups = options.featureGroupCount ?? 1;
    const [inFeatures, outFeatures] = [x.shape[k + 1], w.shape[k + 1]];
    if (
      !Number.isInteger(groups) ||
      groups < 1 ||
      inFeatures !== w.shape[k] * groups ||
      outFeatures % groups
    ) {
      throw new Error(
        `${what}: lhs features (${inFeatures}) must equal rhs input features (${w.shape[k]}) × featureGroupCount ` +
          `(${groups}), and rhs output features (${outFeatures}) must be a multiple of featureGroupCount.`,
      );
    }
    const strides = perAxis(options.windowStrides, k, 'windowStrides', what);
    const lhsDilation = perAxis(options.lhsDilation, k, 'lhsDilation', what);
    const rhsDilation = perAxis(options.rhsDilation, k, 'rhsDilation', what);
    const spatialAxes = Array.from({ length: k }, (_, i) => i + 1);
    if (typeof options.padding === 'string' && lhsDilation.some((d) => d > 1)) {
      throw new Error(
        'String padding is not implemented for transposed convolution using this op. Please either exactly ' +
          'specify the required padding or use conv_transpose.',
      );
    }
    const dilated = dilateAxes(x, spatialAxes, lhsDilation) as NDArray;
    const window = w.shape.slice(0, k).map((d, i) => dilatedSize(d, rhsDilation[i]));
    const pads = windowPadding(options.padding ?? 'VALID', dilated.shape.slice(1, -1), window, strides, what);
    const padded = padOrCrop(dilated, [[0, 0], ...pads, [0, 0]]);
    padded.shape.slice(1, -1).forEach((size, i) => {
      if (size < window[i]) {
        throw new Error(
          `${what}: the padded input ${formatShape(padded.shape)} is smaller than the (dilated) window ` +
            `${formatShape(window)} on spatial axis ${i}.`,
        );
      }
    });
    return bind('conv', [padded, w], { strides, rhsDilation, featureGroupCount: groups }) as NDArray;
  },
);

/** Options of {@link convTranspose} (JAX's keyword arguments, camelCase). */
export interface ConvTransposeOptions {
  /** Spacing of the kernel's taps, per spatial axis (default 1: adjacent). */
  readonly rhsDilation?: readonly number[];
  /**
   * Flip the kernel's spatial axes and swap its two feature axes (default false): the kernel is then given as the
   * forward convolution's `[...window, O, C]`, and the result is that convolution's gradient (Keras's
   * `Conv2DTranspose`).
   */
  readonly transposeKernel?: boolean;
}

/**
 * `lax._conv_transpose_padding`: the `[low, high]` padding of the stride-dilated input on one spatial axis, for a
 * (dilated) window of `span` and a string padding naming the forward convolution's.
 */
function transposePadding(span: number, stride: number, padding: 'SAME' | 'VALID'): [number, number] {
  const total = padding === 'SAME' ? span + stride - 2 : span + stride - 2 + Math.max(span - stride, 0);
  const low = padding === 'VALID' || stride > span - 1 ? span - 1 : Math.ceil(total / 2);
  return [low, total - low];
}

/**
 * `lax.conv_transpose` with Flax's dimension numbers: a fractionally strided convolution, i.e. `lhs` spread by
 * `strides` (`strides − 1` zeros between elements), padded, and convolved with stride 1. `'SAME'` and `'VALID'`
 * name the padding of the forward convolution (`'SAME'` gives `size · stride` outputs); explicit pairs pad the
 * spread input as given. rhs is `[...window, C, O]` (`[...window, O, C]` with `transposeKernel`).
 */
export const convTranspose = op(
  'convTranspose',
  (
    lhs: ArrayLike,
    rhs: ArrayLike,
    strides: readonly number[],
    padding: WindowPadding,
    options: ConvTransposeOptions = {},
  ): NDArray => {
    const what = 'convTranspose';
    const [x, w] = promoteOperands([lhs, rhs], 'float32');
    checkRank(x, what, 'lhs', 3);
    const k = x.rank - 2;
    const lhsDilation = perAxis(strides, k, 'strides', what);
    const rhsDilation = perAxis(options.rhsDilation, k, 'rhsDilation', what);
    const pads =
      padding === 'SAME' || padding === 'VALID'
        ? lhsDilation.map((s, i) => transposePadding(dilatedSize(w.shape[i], rhsDilation[i]), s, padding))
        : padding;
    const spatial = Array.from({ length: k }, (_, i) => i);
    const kernel = options.transposeKernel
      ? (bind('transpose', [bind('rev', [w], { axes: spatial })], {
          perm: [...spatial, k + 1, k],
        }) as NDArray)
      : w;
    return convGeneralDilated(x, kernel, { padding: pads, lhsDilation, rhsDilation });
  },
);

/**
 * `lax.reduce_window` for sums (`'sum'`, initial value 0) and maxima (`'max'`, initial value −∞) over windows of
 * the spatial axes of `x` (`[N, ...spatial, C]`); padding is filled with that initial value.
 */
export const reduceWindow = op(
  'reduceWindow',
  (
    x: ArrayLike,
    reduction: 'sum' | 'max',
    window: readonly number[],
    options: ReduceWindowOptions = {},
  ): NDArray => {
    const what = reduction === 'sum' ? 'reduceWindow (sum)' : 'reduceWindow (max)';
    const [value] = promoteOperands([x], 'float32');
    checkRank(value, what, 'the input', 2);
    const k = value.rank - 2;
    const sizes = perAxis(window, k, 'window', what);
    const strides = perAxis(options.strides, k, 'strides', what);
    const pads = windowPadding(options.padding ?? 'VALID', value.shape.slice(1, -1), sizes, strides, what);
    const pairs: [number, number][] = [[0, 0], ...pads, [0, 0]];
    let padded = padOrCrop(value, pairs);
    if (reduction === 'max' && pads.some(([low, high]) => low > 0 || high > 0)) {
      // Padding holds −∞ for a max: positions outside the input are where a padded ones-mask is 0.
      const inside = padOrCrop(broadcastTo(scalar(1), value.shape) as NDArray, pairs);
      padded = select(bind('gt', [inside, scalar(0)], {}), padded, scalar(-Infinity)) as NDArray;
    }
    padded.shape.slice(1, -1).forEach((size, i) => {
      if (size < sizes[i]) {
        throw new Error(
          `${what}: the padded input ${formatShape(padded.shape)} is smaller than the window ` +
            `${formatShape(sizes)} on spatial axis ${i}.`,
        );
      }
    });
    const primitive = reduction === 'sum' ? 'reduceWindowSum' : 'reduceWindowMax';
    return bind(primitive, [padded], { window: sizes, strides }) as NDArray;
  },
);
