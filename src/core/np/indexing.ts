/**
 * Reading arrays by index: numpy indexing (`index`, JAX's `x[...]`), `take` and `takeAlongAxis`. Basic indices
 * (integers, slices, `newaxis`, `...`) become one `slice`, then strides, reversals and a reshape; integer arrays
 * become one `gather`. All of it batches and differentiates through the primitives' rules.
 *
 * Out-of-bounds indices behave as in JAX: `index` clamps them into the axis (JAX's default `promise_in_bounds`
 * does so on CPU), while `take` and `takeAlongAxis` return a fill value there (NaN for floats, the smallest int32,
 * true) unless asked to clip. Negative indices count from the end.
 *
 * @packageDocumentation
 */
import { castTo, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { gatherAlongAxis, maskOutOfBounds } from '../primitives/indexing';
import { op } from '../scope';
import { broadcastShapes, formatShape, normalizeAxis } from '../shapes';
import { bind } from '../trace';
import { resolveIndex, toIndexArray, type IndexEntry, type IndexItem } from './index-expression';

/**
 * How a read treats out-of-bounds indices: `'promise_in_bounds'` and `'clip'` clamp them into the axis, `'fill'`
 * returns `fillValue` there.
 */
export type GatherMode = 'promise_in_bounds' | 'clip' | 'fill';

/** Options of reads that can go out of bounds (JAX's keyword arguments of `take` and `.at[].get`). */
export interface GatherOptions {
  readonly mode?: GatherMode;
  /** The value read out of bounds in `'fill'` mode (default NaN, the smallest int32, or true). */
  readonly fillValue?: number | boolean;
}

const INT32_MIN = -(2 ** 31);

/** The scalar `fill` mode reads out of bounds, in `dtype`. */
function fillScalar(dtype: NumericDType, fillValue: number | boolean | undefined): NDArray {
  const fallback = dtype === 'float32' ? NaN : dtype === 'int32' ? INT32_MIN : true;
  const value = fillValue ?? fallback;
  const converted =
    dtype === 'bool' ? Boolean(value) : dtype === 'int32' ? Math.trunc(Number(value)) : Number(value);
  return bind('full', [], { shape: [], dtype, value: converted }) as NDArray;
}

const int = (value: number): NDArray => bind('full', [], { shape: [], dtype: 'int32', value }) as NDArray;
const reshape = (x: NDArray, shape: readonly number[]): NDArray =>
  x.shape.join(',') === shape.join(',') ? x : (bind('reshape', [x], { shape }) as NDArray);

/** Negative indices counted from the end of an axis of size `n`, as numpy reads them. */
function wrapNegative(indices: NDArray, n: number): NDArray {
  const negative = bind('lt', [indices, int(0)], {});
  return bind('select', [negative, bind('add', [indices, int(n)], {}), indices], {}) as NDArray;
}

/** The `count` elements at 0, step, 2·step, … of `axis`, whose length is (count − 1)·step + 1. */
function everyNth(y: NDArray, axis: number, step: number, count: number): NDArray {
  const shape = y.shape;
  const filler = bind('full', [], {
    shape: shape.map((d, a) => (a === axis ? step - 1 : d)),
    dtype: y.dtype as NumericDType,
    value: y.dtype === 'bool' ? false : 0,
  });
  const padded = bind('concatenate', [y, filler], { axis });
  const grouped = [...shape.slice(0, axis), count, step, ...shape.slice(axis + 1)];
  const firsts = bind('slice', [reshape(padded as NDArray, grouped)], {
    begin: grouped.map(() => 0),
    size: grouped.map((d, a) => (a === axis + 1 ? 1 : d)),
  });
  return reshape(
    firsts as NDArray,
    shape.map((d, a) => (a === axis ? count : d)),
  );
}

/**
 * The basic part of an index: one slice covering every selected range (one element for an integer that is not
 * advanced), then strides and reversals. Axes keep their places; integer axes keep size 1.
 */
function sliceBasic(x: NDArray, entries: readonly IndexEntry[], intsAreAdvanced: boolean): NDArray {
  const shape = x.shape;
  const begin = shape.map(() => 0);
  const size = [...shape];
  for (const e of entries) {
    if (e.kind === 'slice') {
      begin[e.axis] = e.count === 0 ? 0 : Math.min(e.start, e.start + (e.count - 1) * e.step);
      size[e.axis] = e.count === 0 ? 0 : (e.count - 1) * Math.abs(e.step) + 1;
    } else if (e.kind === 'int' && !intsAreAdvanced) {
      const n = shape[e.axis];
      if (n === 0) throw new RangeError(`index ${e.index} is out of bounds for axis ${e.axis} with size 0`);
      const wrapped = e.index < 0 ? e.index + n : e.index;
      begin[e.axis] = Math.min(Math.max(wrapped, 0), n - 1);
      size[e.axis] = 1;
    }
  }
  const unchanged = begin.every((b) => b === 0) && size.every((s, a) => s === shape[a]);
  let y = unchanged ? x : (bind('slice', [x], { begin, size }) as NDArray);
  const reversed: number[] = [];
  for (const e of entries) {
    if (e.kind !== 'slice' || e.count <= 1) continue;
    if (Math.abs(e.step) > 1) y = everyNth(y, e.axis, Math.abs(e.step), e.count);
    if (e.step < 0) reversed.push(e.axis);
  }
  return reversed.length === 0 ? y : (bind('rev', [y], { axes: reversed }) as NDArray);
}

/** The indexed axes of an advanced index, its integer arrays broadcast together, and where the result puts them. */
interface Advanced {
  readonly axes: number[];
  readonly indices: NDArray[];
  readonly shape: number[];
  /** Where the broadcast index dimensions go among the result's other dimensions: numpy's adjacency rule. */
  readonly position: number;
}

function advancedPart(
  entries: readonly IndexEntry[],
  shape: readonly number[],
  intsAreAdvanced: boolean,
): Advanced {
  const isAdvanced = (e: IndexEntry): boolean => e.kind === 'array' || (e.kind === 'int' && intsAreAdvanced);
  const picked = entries.flatMap((e, i) => (isAdvanced(e) ? [i] : []));
  const arrays = picked.map((i) => {
    const e = entries[i] as Extract<IndexEntry, { kind: 'array' | 'int' }>;
    return e.kind === 'int' ? int(e.index) : e.indices;
  });
  const broadcast = arrays.reduce<number[]>((s, a) => {
    try {
      return broadcastShapes(s, a.shape);
    } catch {
      const all = arrays.map((b) => formatShape(b.shape)).join(' ');
      throw new Error(`shape mismatch: indexing arrays could not be broadcast together with shapes ${all}.`);
    }
  }, []);
  const axes = picked.map((i) => (entries[i] as { axis: number }).axis);
  const indices = arrays.map((a, j) => wrapNegative(a, shape[axes[j]]));
  // Adjacent advanced indices put their dimensions where they stood; separated ones put them first.
  const adjacent = picked.every((i, j) => j === 0 || i === picked[j - 1] + 1);
  const before = entries.slice(0, picked[0]).filter((e) => e.kind === 'slice' || e.kind === 'newaxis').length;
  return { axes, indices, shape: broadcast, position: adjacent ? before : 0 };
}

/** `x` read at the resolved index `entries`; `fill` replaces out-of-bounds reads (clamped otherwise). */
export function readEntries(x: NDArray, entries: readonly IndexEntry[], fill?: NDArray): NDArray {
  const hasArrays = entries.some((e) => e.kind === 'array');
  const intsAreAdvanced = hasArrays || (fill !== undefined && entries.some((e) => e.kind === 'int'));
  const sliced = sliceBasic(x, entries, intsAreAdvanced);
  // The result's dimensions besides the advanced ones: slices keep theirs, new axes add a 1.
  const kept = entries.flatMap((e) =>
    e.kind === 'slice' ? [sliced.shape[e.axis]] : e.kind === 'newaxis' ? [1] : [],
  );
  if (!intsAreAdvanced) return reshape(sliced, kept);
  const { axes, indices, shape: batch, position } = advancedPart(entries, x.shape, intsAreAdvanced);
  // Advanced axes first, in index order, then the sliced ones: gather reads the leading axes.
  const others = entries.flatMap((e) => (e.kind === 'slice' ? [e.axis] : []));
  const perm = [...axes, ...others];
  const moved = perm.every((p, i) => p === i) ? sliced : (bind('transpose', [sliced], { perm }) as NDArray);
  const columns = indices.map((a) =>
    reshape(bind('broadcastTo', [a], { shape: batch }) as NDArray, [...batch, 1]),
  );
  const stacked =
    columns.length === 1 ? columns[0] : (bind('concatenate', columns, { axis: batch.length }) as NDArray);
  let out = bind('gather', [moved, stacked], {}) as NDArray;
  if (fill !== undefined)
    out = maskOutOfBounds(
      out,
      stacked,
      axes.map((a) => x.shape[a]),
      fill,
    ) as NDArray;
  out = reshape(out, [...batch, ...kept]);
  if (position === 0 || batch.length === 0) return out;
  const rank = batch.length + kept.length;
  const order = Array.from({ length: rank }, (_, i) => i);
  const placed = [
    ...order.slice(batch.length, batch.length + position),
    ...order.slice(0, batch.length),
    ...order.slice(batch.length + position),
  ];
  return bind('transpose', [out], { perm: placed }) as NDArray;
}

/** Reads `x` at `items`, clamping out-of-bounds indices unless `options.mode` is `'fill'`. */
export function readIndex(x: NDArray, items: readonly IndexItem[], options: GatherOptions = {}): NDArray {
  const { mode = 'promise_in_bounds', fillValue } = options;
  const entries = resolveIndex(items, x.shape);
  const fill = mode === 'fill' ? fillScalar(x.dtype as NumericDType, fillValue) : undefined;
  return readEntries(x, entries, fill);
}

/**
 * numpy indexing: `np.index(x, ...indices)` is JAX's `x[...indices]`. Indices are integers (negative count from the
 * end), slices as strings (`'1:'`, `'0:4:2'`, `'::-1'`) or `np.slice(start, stop, step)`, `null` (`np.newaxis`),
 * `'...'` (`np.ellipsis`), integer arrays (int32 arrays or lists; they broadcast together and follow numpy's rules
 * for where their dimensions go), and concrete boolean masks. Out-of-bounds indices are clamped, as in JAX; use
 * `np.at(x, ...).get({ mode: 'fill' })` to read a fill value there instead.
 *
 * | numpy / JAX              | flax-ts                                         |
 * | ------------------------ | ----------------------------------------------- |
 * | `x[1]`, `x[-1]`          | `np.index(x, 1)`, `np.index(x, -1)`             |
 * | `x[1, 0:4:2]`            | `np.index(x, 1, '0:4:2')`                       |
 * | `x[::-1]`, `x[:, None]`  | `np.index(x, '::-1')`, `np.index(x, ':', null)` |
 * | `x[..., 0]`              | `np.index(x, '...', 0)`                         |
 * | `x[idx]`, `x[[0, 2]]`    | `np.index(x, idx)`, `np.index(x, [0, 2])`       |
 * | `x[rows, cols]`          | `np.index(x, rows, cols)`                       |
 *
 * @example
 * const x = np.reshape(np.arange(24), [2, 3, 4]);
 * // x[1, 0:3:2, None, ..., [3, 0]]: the integer and the array are advanced indices apart from each other, so
 * // their broadcast dimension comes first, then the slice's and the new axis: shape [2, 2, 1].
 * np.index(x, 1, '0:3:2', null, '...', [3, 0]);
 * np.index(x, ':', np.slice(null, null, -1)); // x[:, ::-1]
 */
export const index = op('index', (x: ArrayLike, ...indices: IndexItem[]): NDArray => {
  const [value] = promoteOperands([x]);
  return readIndex(value, indices);
});

/** An int32 index array from integer arrays, lists or numbers, naming the function otherwise. */
function integerIndices(indices: ArrayLike, fn: string): NDArray {
  const array = toIndexArray(indices);
  if ('mask' in array || array.dtype !== 'int32') {
    throw new TypeError(
      `${fn} requires integer indices, got an array of dtype ${'mask' in array ? 'bool' : array.dtype}.`,
    );
  }
  return array;
}

/** Options of {@link take}. */
export interface TakeOptions {
  /** Out-of-bounds handling: `'fill'` (default) reads `fillValue`, `'clip'` clamps, `'wrap'` wraps around. */
  readonly mode?: 'fill' | 'clip' | 'wrap';
  readonly fillValue?: number | boolean;
}

/** `i mod n` with numpy's sign (that of `n`), computed exactly for |i| below 2²⁴. */
function wrapAround(indices: NDArray, n: number): NDArray {
  const floats = castTo(indices, 'float32');
  const quotient = bind(
    'floor',
    [bind('div', [floats, bind('full', [], { shape: [], dtype: 'float32', value: n })], {})],
    {},
  );
  const whole = bind('mul', [quotient, bind('full', [], { shape: [], dtype: 'float32', value: n })], {});
  return castTo(bind('sub', [floats, whole], {}) as NDArray, 'int32');
}

/**
 * Elements of `a` at `indices` along `axis` (of the flattened array when `axis` is null), as `jnp.take`: the result
 * has `indices`' dimensions where `axis` was. Out-of-bounds indices read a fill value by default.
 *
 * @example
 * np.take(embeddings, tokenIds, 0); // rows of an embedding table
 * np.take(x, [0, -1], 1, { mode: 'clip' });
 */
export const take = op(
  'take',
  (a: ArrayLike, indices: ArrayLike, axis: number | null = null, options: TakeOptions = {}): NDArray => {
    const { mode = 'fill', fillValue } = options;
    const [flat] = promoteOperands([a]);
    const value = axis === null ? reshape(flat, [flat.size]) : flat;
    const at = normalizeAxis(axis ?? 0, value.rank, 'take: axis');
    if (!['fill', 'clip', 'wrap'].includes(mode)) throw new Error(`Invalid mode '${mode}' for np.take.`);
    let idx = integerIndices(indices, 'take');
    const n = value.shape[at];
    if (n === 0 && idx.size > 0) throw new RangeError('Cannot do a non-empty jnp.take() from an empty axis.');
    if (mode === 'fill') idx = wrapNegative(idx, n);
    if (mode === 'wrap') idx = wrapAround(idx, n);
    const rank = value.rank;
    const perm = [at, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== at)];
    const moved = at === 0 ? value : (bind('transpose', [value], { perm }) as NDArray);
    const positions = reshape(idx, [...idx.shape, 1]);
    let out = bind('gather', [moved, positions], {}) as NDArray;
    if (mode === 'fill')
      out = maskOutOfBounds(
        out,
        positions,
        [n],
        fillScalar(value.dtype as NumericDType, fillValue),
      ) as NDArray;
    if (at === 0) return out;
    // [...I, ...rest] → rest before the axis, then I, then rest after it.
    const k = idx.rank;
    const order = Array.from({ length: k + rank - 1 }, (_, i) => i);
    const back = [...order.slice(k, k + at), ...order.slice(0, k), ...order.slice(k + at)];
    return bind('transpose', [out], { perm: back }) as NDArray;
  },
);

/**
 * `takeAlongAxis(arr, indices, axis)`: for each position of `indices`, the element of `arr` at that index along
 * `axis` (`jnp.take_along_axis`); the other axes broadcast. With `argsort`/`argmax(..., keepdims)` output it sorts or
 * picks per row. Out-of-bounds indices read a fill value unless `mode` is `'clip'`.
 *
 * @example
 * np.takeAlongAxis(x, np.argsort(x, 1), 1); // each row sorted
 */
export const takeAlongAxis = op(
  'takeAlongAxis',
  (arr: ArrayLike, indices: ArrayLike, axis: number | null, options: GatherOptions = {}): NDArray => {
    const { mode = 'fill', fillValue } = options;
    const [flat] = promoteOperands([arr]);
    let idx = integerIndices(indices, 'takeAlongAxis');
    if (axis === null && idx.rank !== 1) {
      throw new Error(
        `take_along_axis indices must be 1D if axis=None, got shape ${formatShape(idx.shape)}.`,
      );
    }
    const value = axis === null ? reshape(flat, [flat.size]) : flat;
    if (value.rank !== idx.rank) {
      throw new Error(
        `indices and arr must have the same number of dimensions; ${idx.rank} vs. ${value.rank}.`,
      );
    }
    const at = normalizeAxis(axis ?? 0, value.rank, 'takeAlongAxis: axis');
    const n = value.shape[at];
    const out = broadcastShapes(
      idx.shape,
      value.shape.map((d, a) => (a === at ? 1 : d)),
    );
    if (mode !== 'promise_in_bounds') idx = wrapNegative(idx, n);
    const source = bind('broadcastTo', [value], { shape: out.map((d, a) => (a === at ? n : d)) });
    const positions = bind('broadcastTo', [idx], { shape: out }) as NDArray;
    const taken = gatherAlongAxis(source, positions, at) as NDArray;
    if (mode !== 'fill') return taken;
    const column = reshape(positions, [...positions.shape, 1]);
    return maskOutOfBounds(taken, column, [n], fillScalar(value.dtype as NumericDType, fillValue)) as NDArray;
  },
);
