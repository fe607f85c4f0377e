/**
 * Sorting along one axis: `sort` (the values) and `argsort` (their int32 positions), both ascending and stable, with
 * JAX's order for floats: −0 and 0 are equal (so they keep their order), and NaNs come last.
 *
 * Kernels: `TopK` (on every backend) sorts descending and, for equal keys, puts the lower index first, which makes it
 * a stable sort. Keys that sort descending as the values sort ascending: `−x` for floats (NaN made the smallest), and
 * `−1 − x` for integers (no overflow at the int32 minimum). A float NaN key ties with `+∞`'s, so a second stable
 * pass moves the NaNs behind the infinities.
 *
 * `sort`'s VJP sends each cotangent back to the position its value came from: a gather by the inverse permutation.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf } from '../avals';
import { free, runKernel, runKernelOutputs, withIntermediates } from '../executor/kernels';
import { bind } from '../trace';
import { gatherAlongAxis, tensorOperand } from './indexing';
import type { RuleTable } from './rule';

type Temp = (info: TensorInfo) => TensorInfo;

/** Positions that sort each row of `keys` (`[rows, n]`) descending, lower positions first among equals. */
function descendingOrder(keys: TensorInfo, temp: Temp): TensorInfo {
  const [values, order] = runKernelOutputs('TopK', { x: keys }, { k: keys.shape[1], sorted: true });
  free(values);
  return temp(order);
}

/** Row `r` of `table` (`[rows, n]`) read at the positions in row `r` of `order`. */
function takeRows(table: TensorInfo, order: TensorInfo, temp: Temp): TensorInfo {
  const [rows, n] = order.shape;
  const starts = temp(runKernel('Range', {}, { start: 0, stop: rows * n, step: n, dtype: 'int32' }));
  const offsets = temp(runKernel('Reshape', { x: starts }, { shape: [rows, 1] }));
  const flatOrder = temp(runKernel('Add', { a: order, b: offsets }));
  const flatIndex = temp(runKernel('Reshape', { x: flatOrder }, { shape: [rows * n] }));
  const flatTable = temp(runKernel('Reshape', { x: table }, { shape: [rows * n] }));
  const taken = temp(runKernel('GatherV2', { x: flatTable, indices: flatIndex }, { axis: 0, batchDims: 0 }));
  return temp(runKernel('Reshape', { x: taken }, { shape: [rows, n] }));
}

/** The stable ascending order (NaN last) of each row of `table` (`[rows, n]`), as int32 positions. */
function ascendingOrder(table: TensorInfo, temp: Temp): TensorInfo {
  if (table.dtype !== 'float32') {
    const ints = table.dtype === 'int32' ? table : temp(runKernel('Cast', { x: table }, { dtype: 'int32' }));
    const minusOne = temp(runKernel('Fill', {}, { shape: [], value: -1, dtype: 'int32' }));
    return descendingOrder(temp(runKernel('Sub', { a: minusOne, b: ints })), temp);
  }
  const isNan = temp(runKernel('IsNan', { x: table }));
  const negated = temp(runKernel('Neg', { x: table }));
  const lowest = temp(runKernel('Fill', {}, { shape: table.shape, value: -Infinity, dtype: 'float32' }));
  const order = descendingOrder(temp(runKernel('Select', { condition: isNan, t: lowest, e: negated })), temp);
  // NaNs and +∞ shared the lowest key: stably move the NaNs after everything else.
  const sortedIsNan = temp(runKernel('IsNan', { x: takeRows(table, order, temp) }));
  const isNumber = temp(runKernel('LogicalNot', { x: sortedIsNan }));
  const numbersFirst = descendingOrder(temp(runKernel('Cast', { x: isNumber }, { dtype: 'int32' })), temp);
  return takeRows(order, numbersFirst, temp);
}

/**
 * Sorts `x` along `axis`: the kernels work on rows, so the axis moves last and the rest flattens, then back. Returns
 * the sorted values or their positions.
 */
function sortAlong(x: TensorInfo, axis: number, what: 'values' | 'positions'): TensorInfo {
  const shape = x.shape;
  const rank = shape.length;
  const n = shape[axis];
  const rows = sizeOf(shape) / Math.max(n, 1);
  if (n === 0 || rows === 0) {
    const dtype = what === 'positions' ? 'int32' : x.dtype;
    return runKernel('Fill', {}, { shape: [...shape], value: 0, dtype });
  }
  const perm = [...Array(rank).keys()].filter((a) => a !== axis).concat(axis);
  const movedShape = perm.map((p) => shape[p]);
  return withIntermediates((temp) => {
    const moved = axis === rank - 1 ? x : temp(runKernel('Transpose', { x }, { perm }));
    const table = temp(runKernel('Reshape', { x: moved }, { shape: [rows, n] }));
    const order = ascendingOrder(table, temp);
    const result = what === 'positions' ? order : takeRows(table, order, temp);
    const unflat = runKernel('Reshape', { x: result }, { shape: movedShape });
    if (axis === rank - 1) return unflat;
    temp(unflat);
    return runKernel('Transpose', { x: unflat }, { perm: perm.map((_, i) => perm.indexOf(i)) });
  });
}

/** The sorting rows of the primitive table. */
export const sortRules: RuleTable<'sort' | 'argsort'> = {
  sort: {
    jaxName: 'sort',
    abstractEval: ([x]) => x,
    impl: ([x], { axis }) => sortAlong(tensorOperand(x, 'sort'), axis, 'values'),
    batch: ([x], _batched, { axis }) => [bind('sort', [x], { axis: axis + 1 }), true],
    vjp: (ct, [x], _out, { axis }) => {
      const order = bind('argsort', [x], { axis });
      const inverse = bind('argsort', [order], { axis });
      return [gatherAlongAxis(ct, inverse, axis)];
    },
  },
  argsort: {
    jaxName: 'argsort',
    abstractEval: ([x]) => ({ shape: x.shape, dtype: 'int32' }),
    impl: ([x], { axis }) => sortAlong(tensorOperand(x, 'argsort'), axis, 'positions'),
    batch: ([x], _batched, { axis }) => [bind('argsort', [x], { axis: axis + 1 }), true],
  },
};
