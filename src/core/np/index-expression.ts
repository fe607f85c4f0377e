/**
 * numpy index expressions in TypeScript: what `x[1, 0:4:2, None, ..., idx]` is written with, and how it is read
 * against an array's shape (ellipsis expanded, slices normalised as Python's `slice.indices` does, boolean masks
 * turned into integer arrays). `np.index` and `np.at` (in `indexing.ts` and `at.ts`) take these.
 *
 * @packageDocumentation
 */
import { Tensor } from '@tensorflow/tfjs-core';
import { asArray, isNDArray, type ArrayLike, type NDArray } from '../array';
import { download } from '../executor/kernels';
import { formatShape } from '../shapes';
import { Tracer } from '../trace';

/** A slice `start:stop:step`, as Python's `slice`; `null` bounds take their defaults. */
export class Slice {
  constructor(
    readonly start: number | null,
    readonly stop: number | null,
    readonly step: number | null,
  ) {}

  toString(): string {
    const bound = (b: number | null): string => (b === null ? '' : String(b));
    return `${bound(this.start)}:${bound(this.stop)}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/**
 * A slice, like Python's `slice`: `np.slice(0, 4, 2)` is `0:4:2`, `np.slice(null, null, -1)` is `::-1`, and with
 * one argument it is the stop, as `slice(3)` is `:3`. Handy when the bounds are variables; otherwise the string
 * form (`'0:4:2'`) reads closer to numpy.
 */
export function slice(start: number | null, stop?: number | null, step: number | null = null): Slice {
  return stop === undefined ? new Slice(null, start, null) : new Slice(start, stop, step);
}

/** numpy's `newaxis` (Python's `None`): inserts an axis of size 1. */
export const newaxis = null;

/** numpy's `...` (Python's `Ellipsis`): as many full slices as the other indices leave axes. */
export const ellipsis = '...';

type Bound = '' | `${number}`;

/** A slice written as in Python: `':'`, `'1:'`, `':-1'`, `'0:4:2'`, `'::-1'`. */
export type SliceString = `${Bound}:${Bound}` | `${Bound}:${Bound}:${Bound}`;

/**
 * One index of an index expression: an integer (negative counts from the end), a slice (`'0:4:2'` or
 * `np.slice(0, 4, 2)`), `null` (`np.newaxis`), `'...'` (`np.ellipsis`), or an integer array (an int32 `NDArray` or a
 * list of integers) or a boolean mask (concrete only) for numpy's advanced indexing.
 */
export type IndexItem = number | SliceString | Slice | null | typeof ellipsis | ArrayLike;

/** One resolved index, tied to the axis of the indexed array it applies to. */
export type IndexEntry =
  /** The elements start, start + step, … (`count` of them) of `axis`. */
  | {
      readonly kind: 'slice';
      readonly axis: number;
      readonly start: number;
      readonly step: number;
      readonly count: number;
    }
  /** A new axis of size 1. */
  | { readonly kind: 'newaxis' }
  /** One element of `axis`; `index` as written (negative or out of bounds until read). */
  | { readonly kind: 'int'; readonly axis: number; readonly index: number }
  /** Advanced indexing of `axis` by an int32 array, as written (negative entries not yet wrapped). */
  | { readonly kind: 'array'; readonly axis: number; readonly indices: NDArray };

/** True for an entry that keeps its whole axis in order. */
export function isFullSlice(entry: IndexEntry, shape: readonly number[]): boolean {
  return entry.kind === 'slice' && entry.start === 0 && entry.step === 1 && entry.count === shape[entry.axis];
}

function parseBound(text: string, expression: string): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isInteger(value)) {
    throw new TypeError(`Slice bounds must be integers, got '${text}' in '${expression}'.`);
  }
  return value;
}

function toSlice(item: Slice | string): Slice {
  if (item instanceof Slice) {
    for (const bound of [item.start, item.stop, item.step]) {
      if (bound !== null && !Number.isInteger(bound)) {
        throw new TypeError(
          `Slice bounds must be integers or null, got ${String(bound)} in ${item.toString()}.`,
        );
      }
    }
    return item;
  }
  const parts = item.split(':');
  if (parts.length < 2 || parts.length > 3) {
    throw new TypeError(`'${item}' is not an index: write slices as 'start:stop' or 'start:stop:step'.`);
  }
  const [start, stop, step] = parts.map((p) => parseBound(p.trim(), item));
  return new Slice(start, stop, step ?? null);
}

/** Python's `slice.indices(n)`: the first element, the step and how many elements the slice selects. */
function resolveSlice(s: Slice, n: number): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  if (step === 0) throw new Error('slice step cannot be zero');
  const [lower, upper] = step > 0 ? [0, n] : [-1, n - 1];
  const clampBound = (bound: number | null, fallback: number): number => {
    if (bound === null) return fallback;
    return bound < 0 ? Math.max(bound + n, lower) : Math.min(bound, upper);
  };
  const start = clampBound(s.start, step > 0 ? lower : upper);
  const stop = clampBound(s.stop, step > 0 ? upper : lower);
  const span = step > 0 ? stop - start : start - stop;
  return { start, step, count: Math.max(0, Math.ceil(span / Math.abs(step))) };
}

/**
 * An index array from an NDArray, a number or a list: lists of integers become int32 (`asArray` would make them
 * float32), boolean arrays come back as `{ mask }`, and anything else keeps its dtype for the caller to refuse.
 */
export function toIndexArray(item: ArrayLike): NDArray | { mask: NDArray } {
  if (typeof item === 'number' && Number.isInteger(item)) return asArray(item, 'int32');
  const array = isNDArray(item) ? item : asArray(item);
  if (array.dtype === 'bool') return { mask: array };
  if (
    !isNDArray(item) &&
    array.dtype === 'float32' &&
    Array.from(download(array as Tensor)).every(Number.isInteger)
  ) {
    return asArray(item, 'int32');
  }
  return array;
}

/** An integer index array or a boolean mask from an index item, refusing other dtypes in JAX's words. */
function indexArray(item: ArrayLike, position: number): NDArray | { mask: NDArray } {
  const array = toIndexArray(item);
  if ('mask' in array || array.dtype === 'int32') return array;
  throw new TypeError(
    `Indexer must have integer or boolean type, got indexer with type ${array.dtype} at position ${position}.`,
  );
}

/** The integer arrays a concrete boolean mask selects (numpy's `nonzero`), one per axis of the mask. */
function maskPositions(mask: NDArray, axes: readonly number[], shape: readonly number[]): NDArray[] {
  if (mask instanceof Tracer) {
    throw new TypeError(
      `Array boolean indices must be concrete; got a traced boolean array of shape ${formatShape(mask.shape)}. ` +
        'Inside jit or vmap, use np.where(mask, x, 0) or integer indices instead.',
    );
  }
  axes.forEach((axis, i) => {
    if (shape[axis] !== mask.shape[i]) {
      throw new Error(
        `boolean index did not match indexed array along axis ${axis}; size of axis is ${shape[axis]} but size ` +
          `of corresponding boolean axis is ${mask.shape[i]}.`,
      );
    }
  });
  const flags = download(mask);
  const strides = mask.shape.map((_, i) => mask.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const coordinates = mask.shape.map(() => [] as number[]);
  flags.forEach((flag, flat) => {
    if (flag !== 0)
      strides.forEach((stride, i) => coordinates[i].push(Math.floor(flat / stride) % mask.shape[i]));
  });
  return coordinates.map((c) => asArray(Int32Array.from(c), 'int32'));
}

type Classified =
  | { readonly kind: 'int'; readonly index: number }
  | { readonly kind: 'slice'; readonly slice: Slice }
  | { readonly kind: 'newaxis' }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'array'; readonly indices: NDArray }
  | { readonly kind: 'mask'; readonly mask: NDArray };

function classify(item: IndexItem, position: number): Classified {
  if (item === null) return { kind: 'newaxis' };
  if (item === ellipsis) return { kind: 'ellipsis' };
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) {
      throw new TypeError(`Indices must be integers, got ${item} at position ${position}.`);
    }
    return { kind: 'int', index: item };
  }
  if (typeof item === 'string' || item instanceof Slice) return { kind: 'slice', slice: toSlice(item) };
  if (typeof item === 'boolean') {
    throw new TypeError(
      `Boolean scalar indices are not supported (position ${position}); use null for a new axis.`,
    );
  }
  const array = indexArray(item, position);
  if (!('mask' in array)) return { kind: 'array', indices: array };
  if (array.mask.rank === 0) {
    throw new TypeError(
      `Boolean scalar indices are not supported (position ${position}); use null for a new axis.`,
    );
  }
  return { kind: 'mask', mask: array.mask };
}

/** How many axes of the indexed array an index uses up. */
function consumed(item: Classified): number {
  if (item.kind === 'newaxis' || item.kind === 'ellipsis') return 0;
  return item.kind === 'mask' ? item.mask.rank : 1;
}

/**
 * Resolves `items` against an array of shape `shape`: one entry per index, each tied to its axis, with the ellipsis
 * (or the end, when there is none) expanded into full slices of the axes left over.
 */
export function resolveIndex(items: readonly IndexItem[], shape: readonly number[]): IndexEntry[] {
  const classified = items.map(classify);
  const ellipses = classified.filter((c) => c.kind === 'ellipsis').length;
  if (ellipses > 1) throw new Error("An index can only have a single ellipsis ('...').");
  const used = classified.reduce((n, c) => n + consumed(c), 0);
  if (used > shape.length) {
    throw new Error(
      `Too many indices: ${shape.length}-dimensional array indexed with ${used} regular indices.`,
    );
  }
  const full = (): Classified => ({ kind: 'slice', slice: new Slice(null, null, null) });
  const rest = Array.from({ length: shape.length - used }, full);
  const at = classified.findIndex((c) => c.kind === 'ellipsis');
  const expanded =
    at < 0 ? [...classified, ...rest] : [...classified.slice(0, at), ...rest, ...classified.slice(at + 1)];
  const entries: IndexEntry[] = [];
  let axis = 0;
  for (const c of expanded) {
    if (c.kind === 'newaxis') entries.push({ kind: 'newaxis' });
    else if (c.kind === 'int') entries.push({ kind: 'int', axis: axis++, index: c.index });
    else if (c.kind === 'slice')
      entries.push({ kind: 'slice', axis, ...resolveSlice(c.slice, shape[axis++]) });
    else if (c.kind === 'array') entries.push({ kind: 'array', axis: axis++, indices: c.indices });
    else if (c.kind === 'mask') {
      const axes = Array.from({ length: c.mask.rank }, (_, i) => axis + i);
      maskPositions(c.mask, axes, shape).forEach((indices, i) =>
        entries.push({ kind: 'array', axis: axes[i], indices }),
      );
      axis += c.mask.rank;
    }
  }
  return entries;
}
