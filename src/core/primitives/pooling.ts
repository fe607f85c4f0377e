/**
 * Windowed reductions over the spatial axes of `[N, ...spatial, C]` (1 or 2 spatial axes), every window inside the
 * operand: `reduceWindowSum` and `reduceWindowMax` (JAX's `reduce_window_sum`/`reduce_window_max`; padding is a
 * `pad` the np layer adds first, with the reduction's identity).
 *
 * Gradients are JAX's: a windowed sum sends each output's cotangent to every element of its window (computed as
 * another windowed sum over the spread cotangent); a windowed max sends it to one element per window, the first
 * maximum in row-major window order, which is what XLA's `select_and_scatter_add` with `ge` picks among ties.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { runKernel, upload, withIntermediates } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { add, reshape, select, zerosLike } from './ops';
import type { WindowParams } from './params';
import type { PrimitiveRule, RuleTable } from './rule';
import { asTwoDimensional, dilateAxes, stridedPlace, stridedRead, windowCount } from './windows';

type WindowReduction = 'reduceWindowSum' | 'reduceWindowMax';

const info = (value: ConcreteInfo): TensorInfo => value as TensorInfo;
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

/** The output shape of a windowed reduction. */
function windowedShape(shape: readonly number[], { window, strides }: WindowParams): number[] {
  const spatial = shape.slice(1, -1).map((d, i) => windowCount(d, window[i], strides[i]));
  return [shape[0], ...spatial, shape[shape.length - 1]];
}

/** Every window offset (row-major), one index per spatial axis. */
function windowOffsets(window: readonly number[]): number[][] {
  return window.reduce<number[][]>(
    (offsets, size) => offsets.flatMap((prefix) => range(size).map((i) => [...prefix, i])),
    [[]],
  );
}

/** The elements at offset `offset` of every window: one strided read per spatial axis. */
function elementsAt(
  x: Value,
  offset: readonly number[],
  params: WindowParams,
  outShape: readonly number[],
): Value {
  return offset.reduce((v, start, i) => stridedRead(v, i + 1, start, params.strides[i], outShape[i + 1]), x);
}

/** The transpose of {@link elementsAt}: `ct` placed at offset `offset` of every window of an operand of `shape`. */
function placeAt(
  ct: Value,
  offset: readonly number[],
  params: WindowParams,
  shape: readonly number[],
): Value {
  return offset.reduce((v, start, i) => stridedPlace(v, i + 1, start, params.strides[i], shape[i + 1]), ct);
}

/** A pooling kernel (`AvgPool`/`MaxPool`) over VALID windows. */
function pool(kernel: string, x: TensorInfo, { window, strides }: WindowParams): TensorInfo {
  return withIntermediates((temp) =>
    asTwoDimensional(x, temp, (x4, lift) =>
      runKernel(kernel, { x: x4 }, { filterSize: lift(window), strides: lift(strides), pad: 'valid' }),
    ),
  );
}

function windowReduction<P extends WindowReduction>(
  jaxName: string,
  primitive: P,
  impl: (x: TensorInfo, params: WindowParams) => TensorInfo,
  vjp: (ct: Value, x: Value, out: Value, params: WindowParams) => Value,
): PrimitiveRule<P> {
  return {
    jaxName,
    abstractEval: ([x], params) => ({ shape: windowedShape(x.shape, params), dtype: x.dtype }),
    impl: ([x], params) => impl(info(x), params),
    // The batch axis joins the examples axis, and leaves it again.
    batch: ([x], _batched, params, { axisSize }) => {
      const shape = avalOf(x).shape;
      const out = bind(primitive, [reshape(x, [axisSize * shape[1], ...shape.slice(2)])], params);
      return [reshape(out, [axisSize, shape[1], ...avalOf(out).shape.slice(1)]), true];
    },
    vjp: (ct, [x], out, params) => [vjp(ct, x, out, params)],
  };
}

/**
 * Each input element receives the cotangents of the windows that contain it: a windowed sum (stride 1) of the
 * cotangent spread by the strides and padded by the window, as JAX's `_reduce_window_sum_transpose_rule`.
 */
function sumVjp(ct: Value, x: Value, _out: Value, params: WindowParams): Value {
  const shape = avalOf(x).shape;
  const ctShape = avalOf(ct).shape;
  const { window, strides } = params;
  const spread = dilateAxes(ct, range(window.length, 1), strides);
  const padding = [
    [0, 0] as [number, number],
    ...window.map((w, i): [number, number] => [w - 1, shape[i + 1] - (ctShape[i + 1] - 1) * strides[i] - 1]),
    [0, 0] as [number, number],
  ];
  const padded = bind('pad', [spread], { padding });
  return bind('reduceWindowSum', [padded], { window, strides: window.map(() => 1) });
}

/** Each window's cotangent goes to its first maximum (row-major order), as XLA's `select_and_scatter_add`. */
function maxVjp(ct: Value, x: Value, out: Value, params: WindowParams): Value {
  const shape = avalOf(x).shape;
  const outShape = avalOf(out).shape;
  let found: Value = bind('full', [], { shape: outShape, dtype: 'bool', value: false });
  let total: Value | undefined;
  const zeros = zerosLike(ct);
  for (const offset of windowOffsets(params.window)) {
    const isMax = bind('eq', [elementsAt(x, offset, params, outShape), out], {});
    const taken = bind('and', [isMax, bind('not', [found], {})], {});
    found = bind('or', [found, isMax], {});
    const placed = placeAt(select(taken, ct, zeros), offset, params, shape);
    total = total === undefined ? placed : add(total, placed);
  }
  return total ?? zerosLike(x);
}

/** The windowed-reduction rows of the primitive table. */
export const poolingRules: RuleTable<WindowReduction> = {
  // tfjs has no windowed-sum kernel: the windowed mean times the window size.
  reduceWindowSum: windowReduction(
    'reduce_window_sum',
    'reduceWindowSum',
    (x, params) =>
      withIntermediates((temp) => {
        const mean = temp(pool('AvgPool', x, params));
        const count = temp(upload(Float32Array.of(params.window.reduce((a, b) => a * b, 1)), [], 'float32'));
        return runKernel('Multiply', { a: mean, b: count });
      }),
    sumVjp,
  ),
  reduceWindowMax: windowReduction(
    'reduce_window_max',
    'reduceWindowMax',
    (x, p) => pool('MaxPool', x, p),
    maxVjp,
  ),
};
