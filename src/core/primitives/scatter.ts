/**
 * Scatter primitives: functional updates of an operand at integer positions, JAX's `scatter-add`, `scatter`,
 * `scatter-mul`, `scatter-min` and `scatter-max`. Operands are `(x, indices, updates)`: int32 `indices` of shape
 * `[...B, k]` index the leading k axes of `x`, and row b of `updates` (shape `[...B, ...R]`) is combined into `x` at
 * `indices[b]`. Rows whose index is out of bounds are dropped (XLA's drop mode, JAX's default for `.at[]`);
 * duplicates add up, multiply, take the min or max, and for `scatter` the last row wins, as on XLA's CPU backend.
 *
 * Kernels: `ScatterNd` (which sums duplicates) and `TensorScatterUpdate` exist on every backend but reject or
 * misread out-of-bounds rows, so those rows are first sent to one extra trailing position that is cut off
 * afterwards. No backend has a multiplying or min/max scatter: those combine on the host.
 *
 * The VJPs are JAX's: scatter-add's is a gather; `scatter`'s sends each cotangent to the update that won its
 * position (found by scattering update ids); min/max share a cotangent evenly among the operand and the updates
 * equal to the result; scatter-mul's gradient with respect to the updates needs `uniqueIndices`, as in JAX.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf } from '../avals';
import { download, runKernel, upload, withIntermediates } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { indicesInBounds, iota, tensorOperand, withBatchCoordinate } from './indexing';
import { add, broadcastTo, div, mul, reshape, scalar, select, sub, zerosLike } from './ops';
import type { BatchRule, PrimitiveRule, RuleTable, VjpRule } from './rule';

type Scatter = 'scatterAdd' | 'scatter' | 'scatterMul' | 'scatterMin' | 'scatterMax';

/** The sizes of the axes `indices` address, and the number of rows and of elements per row. */
function layout(x: TensorInfo, indices: TensorInfo): { dims: number[]; rows: number; rowSize: number } {
  const k = indices.shape[indices.shape.length - 1];
  return {
    dims: x.shape.slice(0, k),
    rows: sizeOf(indices.shape.slice(0, -1)),
    rowSize: sizeOf(x.shape.slice(k)),
  };
}

/**
 * The flat position (row-major over `dims`) of each row of `indices`, as an int32 `[rows, 1]` buffer; rows out of
 * bounds get `size(dims)`, one past the end, where the kernels write into a spare row that is then cut off.
 */
function flatPositions(indices: TensorInfo, dims: readonly number[], rows: number): TensorInfo {
  const k = dims.length;
  const strides = dims.map((_, j) => sizeOf(dims.slice(j + 1)));
  return withIntermediates((temp) => {
    const table = temp(runKernel('Reshape', { x: indices }, { shape: [rows, k] }));
    const zero = temp(upload(Int32Array.of(0), [], 'int32'));
    const sizes = temp(upload(Int32Array.from(dims), [k], 'int32'));
    const above = temp(runKernel('GreaterEqual', { a: table, b: zero }));
    const below = temp(runKernel('Less', { a: table, b: sizes }));
    const inside = temp(runKernel('LogicalAnd', { a: above, b: below }));
    const valid = temp(runKernel('All', { x: inside }, { axis: [1], keepDims: true }));
    const weights = temp(upload(Int32Array.from(strides), [k], 'int32'));
    const weighted = temp(runKernel('Multiply', { a: table, b: weights }));
    const flat = temp(runKernel('Sum', { x: weighted }, { axis: [1], keepDims: true }));
    const spare = temp(runKernel('Fill', {}, { shape: [rows, 1], value: sizeOf(dims), dtype: 'int32' }));
    return runKernel('Select', { condition: valid, t: flat, e: spare });
  });
}

/**
 * Runs a scatter kernel writing into `[size(dims) + 1, rowSize]` rows (the spare row last), then cuts the spare row
 * off. `write(positions, rows, size, rowSize)` makes that kernel call from the `[rows, 1]` flat positions and the
 * `[rows, rowSize]` update rows.
 */
function scatterWithSpareRow(
  x: TensorInfo,
  indices: TensorInfo,
  updates: TensorInfo,
  write: (positions: TensorInfo, rows: TensorInfo, size: number, rowSize: number) => TensorInfo,
): TensorInfo {
  const { dims, rows, rowSize } = layout(x, indices);
  if (rows === 0 || rowSize === 0) return runKernel('Identity', { x });
  const size = sizeOf(dims);
  return withIntermediates((temp) => {
    const positions = temp(flatPositions(indices, dims, rows));
    const updateRows = temp(runKernel('Reshape', { x: updates }, { shape: [rows, rowSize] }));
    const written = temp(write(positions, updateRows, size, rowSize));
    const kept = temp(runKernel('Slice', { x: written }, { begin: [0, 0], size: [size, rowSize] }));
    return runKernel('Reshape', { x: kept }, { shape: [...x.shape] });
  });
}

function scatterAddKernel(x: TensorInfo, indices: TensorInfo, updates: TensorInfo): TensorInfo {
  return withIntermediates((temp) => {
    const sums = temp(
      scatterWithSpareRow(x, indices, updates, (positions, rows, size, rowSize) =>
        runKernel('ScatterNd', { indices: positions, updates: rows }, { shape: [size + 1, rowSize] }),
      ),
    );
    return runKernel('Add', { a: x, b: sums });
  });
}

function scatterSetKernel(x: TensorInfo, indices: TensorInfo, updates: TensorInfo): TensorInfo {
  return scatterWithSpareRow(x, indices, updates, (positions, rows, size, rowSize) =>
    withIntermediates((temp) => {
      const table = temp(runKernel('Reshape', { x }, { shape: [size, rowSize] }));
      const fill = { shape: [1, rowSize], value: 0, dtype: x.dtype };
      const spare = temp(runKernel('Fill', {}, fill));
      const target = temp(
        runKernel('Concat', [table, spare] as unknown as Record<string, TensorInfo>, { axis: 0 }),
      );
      return runKernel('TensorScatterUpdate', { tensor: target, indices: positions, updates: rows });
    }),
  );
}

/** A scatter that combines on the host: no backend has a multiplying or min/max scatter kernel. */
function hostScatter(
  combine: (a: number, b: number) => number,
  int32Combine: (a: number, b: number) => number,
) {
  return (x: TensorInfo, indices: TensorInfo, updates: TensorInfo): TensorInfo => {
    const { dims, rows, rowSize } = layout(x, indices);
    const out = download(x).slice();
    const at = download(indices);
    const values = download(updates);
    const join = x.dtype === 'int32' ? int32Combine : combine;
    const k = dims.length;
    for (let row = 0; row < rows; row++) {
      let flat = 0;
      let inside = true;
      for (let j = 0; j < k; j++) {
        const i = at[row * k + j];
        inside &&= i >= 0 && i < dims[j];
        flat = flat * dims[j] + i;
      }
      if (!inside) continue;
      for (let r = 0; r < rowSize; r++) {
        out[flat * rowSize + r] = join(out[flat * rowSize + r], values[row * rowSize + r]);
      }
    }
    return upload(out, x.shape, x.dtype);
  };
}

const gather = (x: Value, indices: Value): Value => bind('gather', [x, indices], {});
const scatterAdd = (x: Value, indices: Value, updates: Value): Value =>
  bind('scatterAdd', [x, indices, updates], {});

/** The sizes of the axes of `x` that `indices` addresses. */
function indexedDims(x: Value, indices: Value): number[] {
  const k = avalOf(indices).shape[avalOf(indices).shape.length - 1];
  return avalOf(x).shape.slice(0, k);
}

/** `value` (`[...B, ...R]`) where the row's indices are in bounds and `keep` holds, else 0. */
function keepRows(value: Value, indices: Value, x: Value, keep?: Value): Value {
  const batch = avalOf(indices).shape.slice(0, -1);
  const rest = avalOf(value).shape.slice(batch.length);
  const inside = indicesInBounds(indices, indexedDims(x, indices));
  const mask = keep === undefined ? inside : bind('and', [inside, keep], {});
  return select(reshape(mask, [...batch, ...rest.map(() => 1)]), value, zerosLike(value));
}

/** What an update row reads back: the cotangent at its position, zero for rows that were dropped. */
const cotangentAtRows = (ct: Value, indices: Value, x: Value, keep?: Value): Value =>
  keepRows(gather(ct, indices), indices, x, keep);

/** Every scatter batches the same way: the batch axis becomes a leading indexed axis of the operand. */
function scatterBatch<P extends Scatter>(primitive: P): BatchRule<P> {
  return ([x, indices, updates], batched, params, { axisSize }) => {
    const front = (v: Value, isBatched: boolean): Value =>
      isBatched ? v : broadcastTo(v, [axisSize, ...avalOf(v).shape]);
    const operands = [
      front(x, batched[0]),
      withBatchCoordinate(indices, batched[1], axisSize),
      front(updates, batched[2]),
    ];
    return [bind(primitive, operands, params), true];
  };
}

function scatterRow<P extends Scatter>(
  jaxName: string,
  primitive: P,
  kernel: (x: TensorInfo, indices: TensorInfo, updates: TensorInfo) => TensorInfo,
  vjp: VjpRule<P>,
): PrimitiveRule<P> {
  return {
    jaxName,
    abstractEval: ([x]) => x,
    impl: ([x, indices, updates]: readonly ConcreteInfo[]) =>
      kernel(tensorOperand(x, primitive), indices as TensorInfo, updates as TensorInfo),
    batch: scatterBatch(primitive),
    vjp,
  };
}

/**
 * JAX's `_scatter_extremal_jvp`, transposed: at each position the cotangent is shared evenly among the operand (if
 * it is the result) and the updates equal to the result.
 */
const extremalVjp: VjpRule<'scatterMin' | 'scatterMax'> = (
  ct,
  [x, indices, updates],
  out,
  _params,
  needs,
) => {
  const ones = bind('full', [], { shape: avalOf(updates).shape, dtype: 'float32', value: 1 });
  const counted = (rows: Value): Value => gather(scatterAdd(zerosLike(x), indices, rows), indices);
  const target = gather(out, indices);
  const successful = bind('eq', [updates, target], {});
  const retained = bind('eq', [gather(x, indices), target], {});
  const winners = counted(select(successful, ones, zerosLike(ones)));
  const references = counted(ones);
  const shared = div(scalar(1), add(winners, scalar(1)));
  const updateShare = select(successful, select(retained, shared, div(scalar(1), winners)), zerosLike(ones));
  const operandShare = div(sub(select(retained, shared, zerosLike(ones)), scalar(1)), references);
  const rowsCt = cotangentAtRows(ct, indices, x);
  return [
    needs[0] ? scatterAdd(ct, indices, mul(operandShare, rowsCt)) : null,
    null,
    needs[2] ? mul(updateShare, rowsCt) : null,
  ];
};

/** The scatter rows of the primitive table. */
export const scatterRules: RuleTable<Scatter> = {
  scatterAdd: scatterRow(
    'scatter-add',
    'scatterAdd',
    scatterAddKernel,
    (ct, [x, indices], _out, _p, needs) => [
      needs[0] ? ct : null,
      null,
      needs[2] ? cotangentAtRows(ct, indices, x) : null,
    ],
  ),
  scatter: scatterRow(
    'scatter',
    'scatter',
    scatterSetKernel,
    (ct, [x, indices, updates], _out, _p, needs) => {
      // Which update won each position: scatter the update ids, read them back, compare.
      const batch = avalOf(indices).shape.slice(0, -1);
      const ids = reshape(iota([sizeOf(batch)], 0), batch);
      const none = bind('full', [], { shape: indexedDims(x, indices), dtype: 'int32', value: -1 });
      const winner = bind('eq', [gather(bind('scatter', [none, indices, ids], {}), indices), ids], {});
      return [
        needs[0] ? bind('scatter', [ct, indices, zerosLike(updates)], {}) : null,
        null,
        needs[2] ? cotangentAtRows(ct, indices, x, winner) : null,
      ];
    },
  ),
  scatterMul: scatterRow(
    'scatter-mul',
    'scatterMul',
    hostScatter(
      (a, b) => a * b,
      (a, b) => Math.imul(a, b),
    ),
    (ct, [x, indices, updates], _out, params, needs) => {
      if (needs[2] && !params.uniqueIndices) {
        throw new Error(
          'scatter_mul gradients are only implemented if `unique_indices=True` ' +
            '(pass { uniqueIndices: true } when every index appears once).',
        );
      }
      return [
        needs[0] ? bind('scatterMul', [ct, indices, updates], params) : null,
        null,
        needs[2] ? cotangentAtRows(mul(ct, x), indices, x) : null,
      ];
    },
  ),
  scatterMin: scatterRow('scatter-min', 'scatterMin', hostScatter(Math.min, Math.min), extremalVjp),
  scatterMax: scatterRow('scatter-max', 'scatterMax', hostScatter(Math.max, Math.max), extremalVjp),
};
