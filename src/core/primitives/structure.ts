/**
 * Structural primitives: reshape, transpose, broadcast, concatenate, slice, pad, one-hot encoding and constant
 * fills. The shape-only ones also move PRNG key arrays, so keys can be split, indexed and batched like arrays.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import {
  broadcastKeys,
  concatenateKeys,
  reshapeKeys,
  sliceKeys,
  transposeKeys,
} from '../../random/key-array';
import { sameShape } from '../avals';
import { activeBackendName, runKernel, withIntermediates } from '../executor/kernels';
import { sharedScalar } from '../executor/shared-scalars';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo } from '../values';
import { broadcastTo, unbroadcast } from './ops';
import type { RuleTable } from './rule';

const info = (value: ConcreteInfo): TensorInfo => value as TensorInfo;

/**
 * `buffer` broadcast to `shape` with numpy's rules, by kernels (tfjs has no broadcast kernel): a reshape to the
 * target rank, then a tile of the size-1 axes, or on wasm a broadcasting multiply by ones (see
 * {@link broadcastByOnes}). The caller owns the result.
 */
export function broadcastBuffer(buffer: TensorInfo, shape: readonly number[]): TensorInfo {
  const padded = [...Array<number>(shape.length - buffer.shape.length).fill(1), ...buffer.shape];
  const reps = shape.map((d, i) => (padded[i] === d ? 1 : d));
  if (reps.every((r) => r === 1)) return runKernel('Reshape', { x: buffer }, { shape: [...shape] });
  if (activeBackendName() === 'wasm') return broadcastByOnes(buffer, shape);
  if (sameShape(padded, buffer.shape)) return runKernel('Tile', { x: buffer }, { reps });
  return withIntermediates((temp) => {
    const reshaped = temp(runKernel('Reshape', { x: buffer }, { shape: padded }));
    return runKernel('Tile', { x: reshaped }, { reps });
  });
}

/**
 * Broadcasts by combining with ones of the target shape: tfjs-wasm's Tile computes an index per element (85 µs for
 * [1, 10] → [128, 10], 7.4 ms for [1, 512] → [256, 512] on our CI machine), while a fill and a broadcasting
 * multiply take 20–40 µs. `x · 1` is exact for every float (−0, NaN and ±∞ included) and every int32; booleans use
 * `x AND true`.
 */
function broadcastByOnes(buffer: TensorInfo, shape: readonly number[]): TensorInfo {
  return withIntermediates((temp) => {
    const isBool = buffer.dtype === 'bool';
    const ones = temp(runKernel('Fill', {}, { shape: [...shape], value: 1, dtype: buffer.dtype }));
    return runKernel(isBool ? 'LogicalAnd' : 'Multiply', { a: buffer, b: ones });
  });
}

/** The inverse of a permutation. */
function inversePermutation(perm: readonly number[]): number[] {
  const inverse = perm.map(() => 0);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}

type Structural =
  'reshape' | 'transpose' | 'broadcastTo' | 'concatenate' | 'slice' | 'pad' | 'oneHot' | 'full';

/** The structural rows of the primitive table. */
export const structureRules: RuleTable<Structural> = {
  reshape: {
    jaxName: 'reshape',
    abstractEval: ([x], { shape }) => ({ shape, dtype: x.dtype }),
    impl: ([x], { shape }) =>
      x instanceof Key ? reshapeKeys(x, shape) : runKernel('Reshape', { x: info(x) }, { shape: [...shape] }),
    batch: ([x], _batched, { shape }, { axisSize }) => [
      bind('reshape', [x], { shape: [axisSize, ...shape] }),
      true,
    ],
    vjp: (ct, [x]) => [bind('reshape', [ct], { shape: avalOf(x).shape })],
  },
  transpose: {
    jaxName: 'transpose',
    abstractEval: ([x], { perm }) => ({ shape: perm.map((p) => x.shape[p]), dtype: x.dtype }),
    impl: ([x], { perm }) =>
      x instanceof Key ? transposeKeys(x, perm) : runKernel('Transpose', { x: info(x) }, { perm: [...perm] }),
    batch: ([x], _batched, { perm }) => [
      bind('transpose', [x], { perm: [0, ...perm.map((p) => p + 1)] }),
      true,
    ],
    vjp: (ct, _primals, _out, { perm }) => [bind('transpose', [ct], { perm: inversePermutation(perm) })],
  },
  broadcastTo: {
    jaxName: 'broadcast_in_dim',
    abstractEval: ([x], { shape }) => ({ shape, dtype: x.dtype }),
    impl: ([x], { shape }) => (x instanceof Key ? broadcastKeys(x, shape) : broadcastBuffer(info(x), shape)),
    // Give the example dimensions their target rank after the batch axis, then broadcast behind it.
    batch: ([x], _batched, { shape }, { axisSize }) => {
      const example = avalOf(x).shape.slice(1);
      const padded = [axisSize, ...Array<number>(shape.length - example.length).fill(1), ...example];
      const aligned = bind('reshape', [x], { shape: padded });
      return [broadcastTo(aligned, [axisSize, ...shape]), true];
    },
    vjp: (ct, [x]) => [unbroadcast(ct, avalOf(x).shape)],
  },
  concatenate: {
    jaxName: 'concatenate',
    abstractEval: (operands, { axis }) => {
      const shape = [...operands[0].shape];
      shape[axis] = operands.reduce((n, o) => n + o.shape[axis], 0);
      return { shape, dtype: operands[0].dtype };
    },
    impl: (operands, { axis }) => {
      if (operands[0] instanceof Key) return concatenateKeys(operands as Key[], axis);
      // tfjs's Concat kernels take their inputs as an array (the op passes its list through).
      return runKernel('Concat', operands.map(info) as unknown as Record<string, TensorInfo>, { axis });
    },
    batch: (values, batched, { axis }, { axisSize }) => [
      bind(
        'concatenate',
        values.map((v, i) => (batched[i] ? v : broadcastTo(v, [axisSize, ...avalOf(v).shape]))),
        { axis: axis + 1 },
      ),
      true,
    ],
    vjp: (ct, operands, _out, { axis }, needs) => {
      const ctShape = avalOf(ct).shape;
      let offset = 0;
      return operands.map((operand, i) => {
        const size = avalOf(operand).shape;
        const begin = ctShape.map((_, a) => (a === axis ? offset : 0));
        offset += size[axis];
        return needs[i] ? bind('slice', [ct], { begin, size }) : null;
      });
    },
  },
  slice: {
    jaxName: 'slice',
    abstractEval: ([x], { size }) => ({ shape: size, dtype: x.dtype }),
    impl: ([x], { begin, size }) =>
      x instanceof Key
        ? sliceKeys(x, begin, size)
        : runKernel('Slice', { x: info(x) }, { begin: [...begin], size: [...size] }),
    batch: ([x], _batched, { begin, size }, { axisSize }) => [
      bind('slice', [x], { begin: [0, ...begin], size: [axisSize, ...size] }),
      true,
    ],
    vjp: (ct, [x], _out, { begin, size }) => {
      const shape = avalOf(x).shape;
      const padding = shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as const);
      return [bind('pad', [ct], { padding })];
    },
  },
  pad: {
    jaxName: 'pad',
    abstractEval: ([x], { padding }) => ({
      shape: x.shape.map((d, i) => d + padding[i][0] + padding[i][1]),
      dtype: x.dtype,
    }),
    impl: ([x], { padding }) =>
      runKernel('PadV2', { x: info(x) }, { paddings: padding.map(([lo, hi]) => [lo, hi]), constantValue: 0 }),
    batch: ([x], _batched, { padding }) => [bind('pad', [x], { padding: [[0, 0], ...padding] }), true],
    vjp: (ct, [x], _out, { padding }) => [
      bind('slice', [ct], { begin: padding.map(([lo]) => lo), size: avalOf(x).shape }),
    ],
  },
  oneHot: {
    jaxName: 'one_hot',
    abstractEval: ([x], { depth }) => ({ shape: [...x.shape, depth], dtype: 'float32' }),
    // tfjs-backend-wasm's OneHot writes int32 whatever dtype it is asked for: make int32, then cast.
    impl: ([x], { depth }) =>
      withIntermediates((temp) => {
        const ints = temp(
          runKernel('OneHot', { indices: info(x) }, { dtype: 'int32', depth, onValue: 1, offValue: 0 }),
        );
        return runKernel('Cast', { x: ints }, { dtype: 'float32' });
      }),
    batch: ([x], _batched, params) => [bind('oneHot', [x], params), true],
  },
  full: {
    jaxName: 'broadcast_in_dim',
    abstractEval: (_operands, { shape, dtype }) => ({ shape, dtype }),
    impl: (_operands, { shape, dtype, value }) => {
      if (dtype === 'key') throw new Error('Internal error: keys cannot be filled with a number.');
      const fill = (): TensorInfo =>
        runKernel('Fill', {}, { shape: [...shape], value: Number(value), dtype });
      return shape.length === 0 ? sharedScalar(Number(value), dtype, fill) : fill();
    },
    // No operands, so never batched: the batch trace never calls this.
    batch: () => {
      throw new Error('Internal error: full has no operands to batch.');
    },
  },
};
