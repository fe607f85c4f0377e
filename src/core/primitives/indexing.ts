/**
 * Indexing primitives: `iota` (counting along one axis), `rev` (reversing axes) and `gather`, which reads the
 * operand at integer positions. `gather` indexes the leading k axes of its operand with int32 indices of shape
 * `[...B, k]` and returns `[...B, ...R]` (R the operand's remaining axes), like TensorFlow's `GatherNd`; every index
 * is clamped into its axis, as XLA's gather does in clip mode. numpy's indexing, `take` and `takeAlongAxis` are
 * built on it in `np/`; its transpose is `scatterAdd` (see `scatter.ts`).
 *
 * The helpers below (bounds checks, clamping, a batch coordinate) compute with primitives, so the rules that use
 * them stay batchable, stageable and differentiable.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import type { DType } from '../avals';
import { runKernel, upload, withIntermediates } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { broadcastTo, reshape, scalar, select, zerosLike } from './ops';
import type { RuleTable } from './rule';
import { broadcastBuffer } from './structure';

/** The tensor buffer of an operand, refusing PRNG key arrays (which live on the host) by name. */
export function tensorOperand(value: ConcreteInfo, primitive: string): TensorInfo {
  if (value instanceof Key) {
    throw new TypeError(`${primitive} does not take PRNG key arrays; index the keys before making them.`);
  }
  return value;
}

/** An int32 (or float32) array counting 0, 1, … along `dimension` of `shape`, constant along the other axes. */
export function iota(
  shape: readonly number[],
  dimension: number,
  dtype: 'int32' | 'float32' = 'int32',
): Value {
  return bind('iota', [], { shape, dimension, dtype });
}

/** Column `j` of indices `[...B, k]`: the positions along indexed axis `j`, of shape `[...B]`. */
function indexColumn(indices: Value, j: number): Value {
  const shape = avalOf(indices).shape;
  const batch = shape.slice(0, -1);
  const column = bind('slice', [indices], {
    begin: shape.map((_, a) => (a === shape.length - 1 ? j : 0)),
    size: [...batch, 1],
  });
  return reshape(column, batch);
}

/**
 * True where every index of a row of `indices` (`[...B, k]`) lies inside its axis (`dims`, the k indexed sizes):
 * the rows a scatter keeps, and those a gather in fill mode reads. Shape `[...B]`.
 */
export function indicesInBounds(indices: Value, dims: readonly number[]): Value {
  let inside: Value | undefined;
  dims.forEach((size, j) => {
    const column = indexColumn(indices, j);
    const ok = bind(
      'and',
      [bind('ge', [column, scalar(0, 'int32')], {}), bind('lt', [column, scalar(size, 'int32')], {})],
      {},
    );
    inside = inside === undefined ? ok : bind('and', [inside, ok], {});
  });
  const batch = avalOf(indices).shape.slice(0, -1);
  return inside ?? bind('full', [], { shape: batch, dtype: 'bool', value: true });
}

/** `indices` (`[...B, k]`) with each column clamped into its axis, as `gather` reads them. */
export function clampIndices(indices: Value, dims: readonly number[]): Value {
  const columns = dims.map((size, j) => {
    const column = indexColumn(indices, j);
    const low = bind('max', [column, scalar(0, 'int32')], {});
    const clamped = bind('min', [low, scalar(Math.max(size - 1, 0), 'int32')], {});
    return reshape(clamped, [...avalOf(clamped).shape, 1]);
  });
  return columns.length === 1
    ? columns[0]
    : bind('concatenate', columns, { axis: avalOf(indices).shape.length - 1 });
}

/**
 * `value` (`[...B, ...R]`, as gathered at `indices`) with the rows whose indices are out of bounds replaced by
 * `fill` (a scalar of value's dtype): JAX's fill-or-drop mode on top of the clamping gather.
 */
export function maskOutOfBounds(value: Value, indices: Value, dims: readonly number[], fill: Value): Value {
  const batch = avalOf(indices).shape.slice(0, -1);
  const rest = avalOf(value).shape.slice(batch.length);
  const inside = reshape(indicesInBounds(indices, dims), [...batch, ...rest.map(() => 1)]);
  return select(inside, value, fill);
}

/**
 * Indices `[N, ...B, k]` for an operand that gained a batch axis in front: each row gets its example number as a
 * new first coordinate, so a gather or scatter on the batched operand reads and writes inside its own example.
 * Unbatched indices are broadcast over the batch first.
 */
export function withBatchCoordinate(indices: Value, batched: boolean, axisSize: number): Value {
  const shape = avalOf(indices).shape;
  const full = batched ? indices : broadcastTo(indices, [axisSize, ...shape]);
  const rows = avalOf(full).shape;
  const example = iota([...rows.slice(0, -1), 1], 0);
  return bind('concatenate', [example, full], { axis: rows.length - 1 });
}

/**
 * `x[..., indices[...], ...]` along `axis`: for each position of `indices` (same rank as `x`, same sizes except
 * along `axis`), the element of `x` at that index along `axis` (numpy's `take_along_axis` with matching shapes).
 * Indices are clamped into the axis.
 */
export function gatherAlongAxis(x: Value, indices: Value, axis: number): Value {
  const shape = avalOf(indices).shape;
  const rank = shape.length;
  const perm = [...Array(rank).keys()].filter((a) => a !== axis).concat(axis);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  const moved = (v: Value): Value => (axis === rank - 1 ? v : bind('transpose', [v], { perm }));
  const xs = moved(x);
  const outer = avalOf(xs).shape.slice(0, -1);
  const rows = outer.reduce((a, b) => a * b, 1);
  const [n, m] = [avalOf(xs).shape[rank - 1], shape[axis]];
  const table = reshape(xs, [rows, n]);
  const positions = reshape(moved(indices), [rows, m, 1]);
  const coordinates = bind('concatenate', [iota([rows, m, 1], 0), positions], { axis: 2 });
  const taken = reshape(bind('gather', [table, coordinates], {}), [...outer, m]);
  return axis === rank - 1 ? taken : bind('transpose', [taken], { perm: inverse });
}

const scatterAdd = (x: Value, indices: Value, updates: Value): Value =>
  bind('scatterAdd', [x, indices, updates], {});

/** The indexing rows of the primitive table. */
export const indexingRules: RuleTable<'iota' | 'rev' | 'gather'> = {
  iota: {
    jaxName: 'iota',
    abstractEval: (_operands, { shape, dtype }) => ({ shape, dtype }),
    impl: (_operands, { shape, dimension, dtype }) =>
      withIntermediates((temp) => {
        const count = temp(runKernel('Range', {}, { start: 0, stop: shape[dimension], step: 1, dtype }));
        const line = temp(
          runKernel('Reshape', { x: count }, { shape: shape.map((d, a) => (a === dimension ? d : 1)) }),
        );
        return broadcastBuffer(line, shape);
      }),
    // No operands, so never batched: the batch trace never calls this.
    batch: () => {
      throw new Error('Internal error: iota has no operands to batch.');
    },
  },
  rev: {
    jaxName: 'rev',
    abstractEval: ([x]) => x,
    impl: ([x], { axes }) => {
      const buffer = tensorOperand(x, 'rev');
      if (buffer.dtype !== 'bool') return runKernel('Reverse', { x: buffer }, { dims: [...axes] });
      // tfjs-backend-wasm's Reverse reads bool buffers wrongly: reverse their int32 copy.
      return withIntermediates((temp) => {
        const ints = temp(runKernel('Cast', { x: buffer }, { dtype: 'int32' }));
        const reversed = temp(runKernel('Reverse', { x: ints }, { dims: [...axes] }));
        return runKernel('Cast', { x: reversed }, { dtype: 'bool' });
      });
    },
    batch: ([x], _batched, { axes }) => [bind('rev', [x], { axes: axes.map((a) => a + 1) }), true],
    vjp: (ct, _primals, _out, params) => [bind('rev', [ct], params)],
  },
  gather: {
    jaxName: 'gather',
    abstractEval: ([x, indices]) => {
      const k = indices.shape[indices.shape.length - 1];
      return { shape: [...indices.shape.slice(0, -1), ...x.shape.slice(k)], dtype: x.dtype };
    },
    impl: ([x, indices]) => {
      const params = tensorOperand(x, 'gather');
      const positions = indices as TensorInfo;
      const k = positions.shape[positions.shape.length - 1];
      const batch = positions.shape.slice(0, -1);
      const outShape = [...batch, ...params.shape.slice(k)];
      // GatherNd rejects (cpu, tensorflow) or misreads (wasm) out-of-bounds rows: clamp them first, as XLA does.
      if (outShape.includes(0) || params.shape.slice(0, k).includes(0)) {
        return runKernel('Fill', {}, { shape: outShape, value: 0, dtype: params.dtype as DType });
      }
      return withIntermediates((temp) => {
        const upper = temp(
          upload(
            Int32Array.from(params.shape.slice(0, k), (d) => d - 1),
            [k],
            'int32',
          ),
        );
        const zero = temp(upload(Int32Array.of(0), [], 'int32'));
        const low = temp(runKernel('Maximum', { a: positions, b: zero }));
        const clamped = temp(runKernel('Minimum', { a: low, b: upper }));
        return runKernel('GatherNd', { params, indices: clamped });
      });
    },
    batch: ([x, indices], [xBatched, indicesBatched], _params, { axisSize }) => {
      // Batched indices into a shared operand: the batch axis is just one more index dimension.
      if (!xBatched) return [bind('gather', [x, indices], {}), true];
      return [bind('gather', [x, withBatchCoordinate(indices, indicesBatched, axisSize)], {}), true];
    },
    // The cotangent flows back to the (clamped) positions that were read, summed where several rows read one.
    vjp: (ct, [x, indices], _out, _params, needs) => {
      if (!needs[0]) return [null, null];
      const { shape } = avalOf(x);
      const k = avalOf(indices).shape[avalOf(indices).shape.length - 1];
      return [scatterAdd(zerosLike(x), clampIndices(indices, shape.slice(0, k)), ct), null];
    },
  },
};
