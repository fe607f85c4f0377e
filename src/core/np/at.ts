/**
 * Functional updates at an index: `np.at(x, ...indices).set(v)` is JAX's `x.at[indices].set(v)`, and likewise `add`,
 * `subtract`, `multiply`, `divide`, `power`, `min`, `max` and `get`. The result is a new array; `x` is unchanged.
 *
 * Any index `np.index` accepts works here. The positions it selects are found by indexing an array of positions
 * (so slices, new axes and advanced indices follow exactly the rules of reads), then one scatter primitive writes
 * the values there. Out-of-bounds indices are dropped, as in JAX, unless `mode` is `'clip'`.
 *
 * @packageDocumentation
 */
import { castTo, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { iota } from '../primitives/indexing';
import { op } from '../scope';
import { formatShape } from '../shapes';
import { bind } from '../trace';
import { divide, power } from './elementwise';
import { isFullSlice, resolveIndex, type IndexItem } from './index-expression';
import { readEntries, readIndex, type GatherOptions } from './indexing';

/**
 * How an update treats out-of-bounds indices: `'drop'` (the default; JAX also calls it `'fill'`, and XLA's CPU
 * backend drops for `'promise_in_bounds'`) skips them, `'clip'` clamps them into the axis.
 */
export type ScatterMode = 'drop' | 'fill' | 'promise_in_bounds' | 'clip';

/** Options of the updates (JAX's keyword arguments). */
export interface UpdateOptions {
  readonly mode?: ScatterMode;
  /**
   * A promise that no position is updated twice. JAX needs it to differentiate `multiply`, `divide` and `power`
   * with respect to the values; flax-ts too.
   */
  readonly uniqueIndices?: boolean;
}

type ScatterPrimitive = 'scatter' | 'scatterAdd' | 'scatterMul' | 'scatterMin' | 'scatterMax';

const int = (value: number): NDArray => bind('full', [], { shape: [], dtype: 'int32', value }) as NDArray;

/**
 * Writes `values` into `x` at `items` with `primitive`. The indexed axes are the leading ones up to the last index
 * that is not a full slice; the trailing axes are whole rows that each position carries.
 */
function scatterAt(
  primitive: ScatterPrimitive,
  target: NDArray,
  items: readonly IndexItem[],
  values: ArrayLike,
  { mode = 'drop', uniqueIndices = false }: UpdateOptions,
): NDArray {
  if (!['drop', 'fill', 'promise_in_bounds', 'clip'].includes(mode)) {
    throw new Error(`Invalid scatter mode '${mode}': use 'drop' (or 'fill') or 'clip'.`);
  }
  const entries = resolveIndex(items, target.shape);
  let indexed = target.rank;
  let end = entries.length;
  while (
    end > 0 &&
    isFullSlice(entries[end - 1], target.shape) &&
    (entries[end - 1] as { axis: number }).axis === indexed - 1
  ) {
    end--;
    indexed--;
  }
  const dims = target.shape.slice(0, indexed);
  const row = target.shape.slice(indexed);
  const count = dims.reduce((a, b) => a * b, 1);
  const table = bind('reshape', [iota([count], 0)], { shape: dims }) as NDArray;
  // Dropped positions read as −1, which the scatter skips.
  const positions = readEntries(table, entries.slice(0, end), mode === 'clip' ? undefined : int(-1));
  const selected = [...positions.shape, ...row];
  const [x, v] = promoteOperands([target, values]);
  const fits =
    v.rank <= selected.length &&
    v.shape.every((d, i) => d === 1 || d === selected[selected.length - v.rank + i]);
  if (!fits) {
    throw new Error(
      `Cannot broadcast the values of shape ${formatShape(v.shape)} to the indexed shape ${formatShape(selected)}.`,
    );
  }
  const operands = [
    bind('reshape', [x], { shape: [count, ...row] }),
    bind('reshape', [positions], { shape: [...positions.shape, 1] }),
    bind('broadcastTo', [v], { shape: selected }),
  ];
  // Integers and slices never select a position twice (JAX knows that too); only integer arrays can.
  const unique = uniqueIndices || !entries.some((e) => e.kind === 'array');
  const params = primitive === 'scatterMul' ? { uniqueIndices: unique } : {};
  const out = bind(primitive, operands, params as never);
  return castTo(bind('reshape', [out], { shape: target.shape }) as NDArray, target.dtype as NumericDType);
}

type Method = 'set' | 'add' | 'subtract' | 'multiply' | 'divide' | 'power' | 'min' | 'max';

const PRIMITIVE: Readonly<Record<Method, ScatterPrimitive>> = {
  set: 'scatter',
  add: 'scatterAdd',
  subtract: 'scatterAdd',
  multiply: 'scatterMul',
  divide: 'scatterMul',
  power: 'scatterMul',
  min: 'scatterMin',
  max: 'scatterMax',
};

const atGet = op('at.get', (x: ArrayLike, indices: readonly IndexItem[], options: GatherOptions) =>
  readIndex(promoteOperands([x])[0], indices, options),
);

const atUpdate = op(
  'at.update',
  (
    method: Method,
    x: ArrayLike,
    indices: readonly IndexItem[],
    values: ArrayLike,
    options: UpdateOptions,
  ) => {
    const [target] = promoteOperands([x]);
    const primitive = PRIMITIVE[method];
    if (target.dtype === 'bool' && primitive !== 'scatter' && method !== 'min' && method !== 'max') {
      throw new TypeError(`at(...).${method} needs a numeric array, got a bool array.`);
    }
    if (method === 'subtract') {
      const [, v] = promoteOperands([target, values]);
      return scatterAt(primitive, target, indices, bind('neg', [v], {}) as NDArray, options);
    }
    // JAX divides (or raises) by the product of the values landing at each position, 1 elsewhere.
    if (method === 'divide' || method === 'power') {
      const ones = bind('full', [], {
        shape: target.shape,
        dtype: target.dtype as NumericDType,
        value: 1,
      }) as NDArray;
      const factors = scatterAt(primitive, ones, indices, values, options);
      return method === 'divide' ? divide(target, factors) : power(target, factors);
    }
    return scatterAt(primitive, target, indices, values, options);
  },
);

/**
 * The reads and updates of an array at one index, made by {@link at}. Each method returns a new array (JAX's
 * `x.at[idx]`).
 */
export class IndexedArray {
  constructor(
    private readonly x: ArrayLike,
    private readonly indices: readonly IndexItem[],
  ) {}

  /** `x[idx]`, with JAX's `mode` and `fillValue` for out-of-bounds indices (clamped by default). */
  get(options: GatherOptions = {}): NDArray {
    return atGet(this.x, this.indices, options);
  }

  /** `x[idx] = values`: where several indices repeat a position, the last value wins. */
  set(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('set', this.x, this.indices, values, options);
  }

  /** `x[idx] += values`, summing over repeated positions. */
  add(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('add', this.x, this.indices, values, options);
  }

  /** `x[idx] -= values`, subtracting every value at repeated positions. */
  subtract(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('subtract', this.x, this.indices, values, options);
  }

  /** `x[idx] *= values`, multiplying by every value at repeated positions. */
  multiply(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('multiply', this.x, this.indices, values, options);
  }

  /** `x[idx] /= values` (a float result, as numpy's true division). */
  divide(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('divide', this.x, this.indices, values, options);
  }

  /** `x[idx] **= values`. */
  power(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('power', this.x, this.indices, values, options);
  }

  /** `x[idx] = minimum(x[idx], values)`, over every value at repeated positions. */
  min(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('min', this.x, this.indices, values, options);
  }

  /** `x[idx] = maximum(x[idx], values)`, over every value at repeated positions. */
  max(values: ArrayLike, options: UpdateOptions = {}): NDArray {
    return atUpdate('max', this.x, this.indices, values, options);
  }
}

/**
 * Functional updates and reads at an index: `np.at(x, ...indices)` is JAX's `x.at[indices]`, with the indices
 * `np.index` takes. Out-of-bounds positions are dropped by the updates (clamped with `{ mode: 'clip' }`).
 *
 * @example
 * np.at(x, 0).set(5); // x.at[0].set(5)
 * np.at(x, ':', 1).add(v); // x.at[:, 1].add(v)
 * np.at(counts, tokenIds).add(1); // x.at[ids].add(1): repeated ids count several times
 * np.at(x, idx).get({ mode: 'fill', fillValue: 0 });
 */
export function at(x: ArrayLike, ...indices: IndexItem[]): IndexedArray {
  return new IndexedArray(x, indices);
}
