/**
 * `pad` (`jnp.pad`): numpy's `pad_width` forms and the modes `'constant'`, `'edge'`, `'wrap'`, `'reflect'` and
 * `'symmetric'`. Zero padding is one `pad` primitive; other constants are full blocks concatenated axis by axis
 * (later axes fill the corners, as numpy); the other modes read the array at computed positions along each padded
 * axis (one gather per axis), which is what numpy's repeated reflections and wraps add up to.
 *
 * @packageDocumentation
 */
import { asArray, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { op } from '../scope';
import { formatShape } from '../shapes';
import { bind } from '../trace';
import { take } from './indexing';

/** numpy's pad modes that flax-ts implements. */
export type PadMode = 'constant' | 'edge' | 'wrap' | 'reflect' | 'symmetric';

/** One value for all, a (before, after) pair for all axes, or one pair per axis (numpy's forms). */
export type PerAxisPairs<T> =
  T | readonly [T] | readonly [T, T] | readonly (readonly [T, T] | readonly [T])[];

/** Options of {@link pad}. */
export interface PadOptions {
  /** How to fill the padding (default `'constant'`). */
  readonly mode?: PadMode;
  /** The values of `'constant'` padding, in any {@link PerAxisPairs} form (default 0). */
  readonly constantValues?: PerAxisPairs<number | boolean>;
}

/** numpy's `_as_pairs`: one `[before, after]` per axis from any of the accepted forms. */
function asPairs<T>(value: PerAxisPairs<T>, rank: number, what: string): [T, T][] {
  if (!Array.isArray(value)) return Array.from({ length: rank }, () => [value as T, value as T]);
  const list = value as readonly unknown[];
  const isPair = (v: unknown): v is readonly T[] => Array.isArray(v) && v.length >= 1 && v.length <= 2;
  if (list.every((v) => !Array.isArray(v))) {
    if (list.length === 1) return asPairs(list[0] as T, rank, what);
    if (list.length === 2) return Array.from({ length: rank }, () => [list[0] as T, list[1] as T]);
  } else if (list.every(isPair)) {
    const pairs = list.map((p): [T, T] => [p[0], p[p.length - 1]]);
    if (pairs.length === 1) return Array.from({ length: rank }, () => pairs[0]);
    if (pairs.length === rank) return pairs;
  }
  throw new Error(
    `pad: ${what} ${JSON.stringify(value)} does not give one (before, after) pair per axis of ${rank}.`,
  );
}

/** Where each position of an axis padded by `before`/`after` reads from in the original axis of size `n`. */
function sourcePositions(
  mode: Exclude<PadMode, 'constant'>,
  n: number,
  before: number,
  after: number,
): Int32Array {
  const mod = (i: number, m: number): number => ((i % m) + m) % m;
  const read = (i: number): number => {
    if (mode === 'edge') return Math.min(Math.max(i, 0), n - 1);
    if (mode === 'wrap') return mod(i, n);
    if (mode === 'reflect') {
      if (n === 1) return 0;
      const j = mod(i, 2 * (n - 1));
      return j < n ? j : 2 * (n - 1) - j;
    }
    const j = mod(i, 2 * n);
    return j < n ? j : 2 * n - 1 - j;
  };
  return Int32Array.from({ length: before + n + after }, (_, k) => read(k - before));
}

/** Constant padding: the `pad` primitive for zeros, blocks of the constants concatenated otherwise. */
function padConstant(
  x: NDArray,
  widths: readonly [number, number][],
  values: readonly [number | boolean, number | boolean][],
): NDArray {
  if (values.every(([b, a]) => Number(b) === 0 && Number(a) === 0) && x.dtype !== 'bool') {
    return bind('pad', [x], { padding: widths }) as NDArray;
  }
  const dtype = x.dtype as NumericDType;
  const cast = (v: number | boolean): number | boolean =>
    dtype === 'bool' ? Boolean(v) : dtype === 'int32' ? Math.trunc(Number(v)) : Number(v);
  return widths.reduce((y, [before, after], axis) => {
    if (before === 0 && after === 0) return y;
    const block = (count: number, value: number | boolean): NDArray =>
      bind('full', [], {
        shape: y.shape.map((d, a) => (a === axis ? count : d)),
        dtype,
        value: cast(value),
      }) as NDArray;
    const parts = [block(before, values[axis][0]), y, block(after, values[axis][1])];
    return bind('concatenate', parts, { axis }) as NDArray;
  }, x);
}

/**
 * `array` padded by `padWidth` along each axis (`jnp.pad`): a number for every side, a `[before, after]` pair for
 * every axis, or one pair per axis.
 *
 * @example
 * np.pad(images, [[0, 0], [1, 1], [1, 1], [0, 0]]); // one pixel of zeros around NHWC images
 * np.pad(x, 2, { mode: 'reflect' });
 * np.pad(x, [1, 2], { constantValues: -1 });
 */
export const pad = op(
  'pad',
  (array: ArrayLike, padWidth: PerAxisPairs<number>, options: PadOptions = {}): NDArray => {
    const { mode = 'constant', constantValues = 0 } = options;
    const [x] = promoteOperands([array]);
    const widths = asPairs(padWidth, x.rank, 'padWidth');
    if (!widths.flat().every((w) => Number.isInteger(w) && w >= 0)) {
      throw new Error(`pad: padWidth must hold non-negative integers, got ${JSON.stringify(padWidth)}.`);
    }
    if (mode === 'constant') return padConstant(x, widths, asPairs(constantValues, x.rank, 'constantValues'));
    if (!['edge', 'wrap', 'reflect', 'symmetric'].includes(mode)) {
      throw new Error(`Unimplemented padding mode '${mode}' for np.pad.`);
    }
    return widths.reduce((y, [before, after], axis) => {
      if (before === 0 && after === 0) return y;
      const n = y.shape[axis];
      if (n === 0) {
        throw new Error(
          `can't extend empty axis ${axis} using modes other than 'constant' or 'empty' (shape ${formatShape(y.shape)})`,
        );
      }
      const positions = asArray(sourcePositions(mode, n, before, after), 'int32');
      return take(y, positions, axis, { mode: 'clip' });
    }, x);
  },
);
