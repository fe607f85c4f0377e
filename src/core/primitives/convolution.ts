/**
 * `conv` (JAX's `conv_general_dilated` in Flax's layout): lhs `[N, ...spatial, C]`, rhs `[...window, C/G, O]` with
 * G = `featureGroupCount`, every window inside lhs. Padding and input dilation are `pad`s and interior zeros the np
 * layer adds before it, so the primitive stays what tfjs's `Conv2D`/`Conv3D` kernels and TensorFlow's ops of those
 * names compute (1 to 3 spatial axes; a 1-D operand gains a spatial axis of size 1).
 *
 * Its VJP is two more convolutions, as JAX's: the input's cotangent is the output cotangent spread by the strides,
 * padded by the window, convolved with the spatially flipped kernel (input and output features swapped within each
 * group); the kernel's cotangent is the input convolved with the output cotangent, with batch and feature axes
 * swapped and the roles of strides and kernel dilation exchanged.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { runKernel, withIntermediates } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { reshape } from './ops';
import type { PrimitiveParams } from './params';
import type { RuleTable } from './rule';
import { dilateAxes, dilatedSize, windowCount } from './windows';

type ConvParams = PrimitiveParams['conv'];

const info = (value: ConcreteInfo): TensorInfo => value as TensorInfo;
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);
const conv = (lhs: Value, rhs: Value, params: ConvParams): Value => bind('conv', [lhs, rhs], params);
const transpose = (x: Value, perm: readonly number[]): Value => bind('transpose', [x], { perm });

/** Channels `[from, from + count)` of the last axis. */
function lastAxisSlice(x: Value, from: number, count: number): Value {
  const shape = avalOf(x).shape;
  return bind('slice', [x], {
    begin: shape.map((_, i) => (i === shape.length - 1 ? from : 0)),
    size: shape.map((d, i) => (i === shape.length - 1 ? count : d)),
  });
}

/** The output shape of `conv`. */
export function convShape(lhs: readonly number[], rhs: readonly number[], params: ConvParams): number[] {
  const window = rhs.slice(0, -2);
  const spatial = lhs
    .slice(1, -1)
    .map((d, i) => windowCount(d, dilatedSize(window[i], params.rhsDilation[i]), params.strides[i]));
  return [lhs[0], ...spatial, rhs[rhs.length - 1]];
}

/**
 * tfjs's `Conv2D` on `[N, H, W, C]` or `Conv3D` on `[N, D, H, W, C]` (VALID, channels last), one kernel call per
 * feature group since neither kernel has groups.
 */
function convKernel(
  lhs: TensorInfo,
  rhs: TensorInfo,
  strides: number[],
  dilations: number[],
  groups: number,
): TensorInfo {
  const last = lhs.shape.length - 1;
  const [kernel, dataFormat] = last === 4 ? ['Conv3D', 'NDHWC'] : ['Conv2D', 'NHWC'];
  const attrs = { strides, pad: 'valid', dataFormat, dilations };
  if (groups === 1) return runKernel(kernel, { x: lhs, filter: rhs }, attrs);
  return withIntermediates((temp) => {
    const [cIn, cOut] = [rhs.shape[last - 1], rhs.shape[last] / groups];
    const channels = (x: TensorInfo, from: number, count: number): TensorInfo =>
      temp(
        runKernel(
          'Slice',
          { x },
          { begin: x.shape.map((_, i) => (i === last ? from : 0)), size: [...x.shape.slice(0, last), count] },
        ),
      );
    const parts = range(groups).map((g) =>
      temp(
        runKernel(kernel, { x: channels(lhs, g * cIn, cIn), filter: channels(rhs, g * cOut, cOut) }, attrs),
      ),
    );
    return runKernel('Concat', parts as unknown as Record<string, TensorInfo>, { axis: last });
  });
}

/**
 * `rhs` (`[kd, ...]`) with `dilation − 1` zeros between its depth taps: tfjs-node's `Conv3D` refuses a depth
 * dilation on CPU, and a kernel spread with zeros computes the same sums.
 */
function spreadDepth(rhs: TensorInfo, dilation: number, temp: (info: TensorInfo) => TensorInfo): TensorInfo {
  const [depth, ...rest] = rhs.shape;
  const rows = temp(runKernel('Reshape', { x: rhs }, { shape: [depth, 1, ...rest] }));
  const padded = temp(
    runKernel(
      'PadV2',
      { x: rows },
      { paddings: rows.shape.map((_, i) => [0, i === 1 ? dilation - 1 : 0]), constantValue: 0 },
    ),
  );
  const spread = temp(runKernel('Reshape', { x: padded }, { shape: [depth * dilation, ...rest] }));
  return runKernel(
    'Slice',
    { x: spread },
    { begin: spread.shape.map(() => 0), size: [dilatedSize(depth, dilation), ...rest] },
  );
}

/** The cotangent of lhs: a convolution of the spread, padded `ct` with the flipped, feature-swapped kernel. */
function lhsCotangent(ct: Value, rhs: Value, lhsShape: readonly number[], params: ConvParams): Value {
  const { strides, rhsDilation, featureGroupCount: groups } = params;
  const rhsShape = avalOf(rhs).shape;
  const k = rhsShape.length - 2;
  const window = rhsShape.slice(0, k);
  const [cg, out] = rhsShape.slice(k);
  const og = out / groups;
  // [...window, C/G, G, O/G] → [...window, O/G, G, C/G]: each group's kernel with its features swapped.
  const flipped = reshape(bind('rev', [rhs], { axes: range(k) }), [...window, cg, groups, og]);
  const swapped = reshape(transpose(flipped, [...range(k), k + 2, k + 1, k]), [...window, og, groups * cg]);
  const spatialAxes = range(k, 1);
  const spread = dilateAxes(ct, spatialAxes, strides);
  const ctShape = avalOf(ct).shape;
  const padding = [
    [0, 0] as [number, number],
    ...window.map((w, i): [number, number] => {
      const span = dilatedSize(w, rhsDilation[i]);
      // Input rows past the last window got no gradient: the high side covers them too.
      const unread = lhsShape[i + 1] - ((ctShape[i + 1] - 1) * strides[i] + span);
      return [span - 1, span - 1 + unread];
    }),
    [0, 0] as [number, number],
  ];
  const padded = bind('pad', [spread], { padding });
  return conv(padded, swapped, { strides: window.map(() => 1), rhsDilation, featureGroupCount: groups });
}

/**
 * The cotangent of rhs: `dW[w, c, o] = Σ_{n, y} lhs[n, y·s + w·d, c] · ct[n, y, o]`, a convolution whose batch is
 * the input features and whose features are the examples; one per feature group.
 */
function rhsCotangent(ct: Value, lhs: Value, rhsShape: readonly number[], params: ConvParams): Value {
  const { strides, rhsDilation, featureGroupCount: groups } = params;
  const k = rhsShape.length - 2;
  const window = rhsShape.slice(0, k);
  const [cg, out] = rhsShape.slice(k);
  const og = out / groups;
  const spatial = range(k, 1);
  const perGroup = range(groups).map((g) => {
    const input = groups === 1 ? lhs : lastAxisSlice(lhs, g * cg, cg);
    const cotangent = groups === 1 ? ct : lastAxisSlice(ct, g * og, og);
    const swappedInput = transpose(input, [k + 1, ...spatial, 0]); // [C/G, ...S, N]
    const asKernel = transpose(cotangent, [...spatial, 0, k + 1]); // [...S', N, O/G]
    const full = conv(swappedInput, asKernel, {
      strides: rhsDilation,
      rhsDilation: strides,
      featureGroupCount: 1,
    });
    // The convolution may reach past the kernel's last tap (where no output read): keep the kernel's window.
    const kept = bind('slice', [full], { begin: [0, ...window.map(() => 0), 0], size: [cg, ...window, og] });
    return transpose(kept, [...spatial, 0, k + 1]); // [...window, C/G, O/G]
  });
  return perGroup.length === 1 ? perGroup[0] : bind('concatenate', perGroup, { axis: k + 1 });
}

/** The convolution row of the primitive table. */
export const convolutionRules: RuleTable<'conv'> = {
  conv: {
    jaxName: 'conv_general_dilated',
    abstractEval: ([lhs, rhs], params) => ({
      shape: convShape(lhs.shape, rhs.shape, params),
      dtype: lhs.dtype,
    }),
    impl: ([l, r], { strides, rhsDilation, featureGroupCount }) => {
      const [lhs, rhs] = [info(l), info(r)];
      if (lhs.shape.length === 5 && rhsDilation[0] > 1) {
        return withIntermediates((temp) =>
          convKernel(
            lhs,
            temp(spreadDepth(rhs, rhsDilation[0], temp)),
            [...strides],
            [1, ...rhsDilation.slice(1)],
            featureGroupCount,
          ),
        );
      }
      if (lhs.shape.length !== 3)
        return convKernel(lhs, rhs, [...strides], [...rhsDilation], featureGroupCount);
      // 1-D: one more spatial axis of size 1 on both operands.
      return withIntermediates((temp) => {
        const [n, w, c] = lhs.shape;
        const lhs4 = temp(runKernel('Reshape', { x: lhs }, { shape: [n, 1, w, c] }));
        const rhs4 = temp(runKernel('Reshape', { x: rhs }, { shape: [1, ...rhs.shape] }));
        const out = temp(convKernel(lhs4, rhs4, [1, ...strides], [1, ...rhsDilation], featureGroupCount));
        return runKernel('Reshape', { x: out }, { shape: [n, out.shape[2], out.shape[3]] });
      });
    },
    // Only lhs batched: the batch joins the examples. Only rhs batched: it joins the output features, inside each
    // group. Both: each (batch entry, group) pair becomes a feature group of one convolution, as JAX does.
    batch: ([lhs, rhs], batched, params, { axisSize: b }) => {
      const groups = params.featureGroupCount;
      const lhsShape = avalOf(lhs).shape;
      const rhsShape = avalOf(rhs).shape;
      if (!batched[1]) {
        const folded = reshape(lhs, [b * lhsShape[1], ...lhsShape.slice(2)]);
        const out = conv(folded, rhs, params);
        return [reshape(out, [b, lhsShape[1], ...avalOf(out).shape.slice(1)]), true];
      }
      const k = rhsShape.length - 3;
      const window = rhsShape.slice(1, k + 1);
      const [cg, o] = rhsShape.slice(k + 1);
      const og = o / groups;
      if (!batched[0]) {
        // [B, ...window, C/G, G, O/G] → [...window, C/G, G, B, O/G]
        const split = reshape(rhs, [b, ...window, cg, groups, og]);
        const kernel = reshape(transpose(split, [...range(k + 2, 1), 0, k + 3]), [
          ...window,
          cg,
          groups * b * og,
        ]);
        const out = conv(lhs, kernel, params);
        const outShape = avalOf(out).shape;
        const byGroup = reshape(out, [...outShape.slice(0, -1), groups, b, og]);
        const r = outShape.length - 1;
        const moved = transpose(byGroup, [r + 1, ...range(r), r, r + 2]);
        return [reshape(moved, [b, ...outShape.slice(0, -1), o]), true];
      }
      // lhs [B, N, ...S, C] → [N, ...S, B·C]; rhs [B, ...window, C/G, O] → [...window, C/G, B·O].
      const r = lhsShape.length - 1;
      const input = reshape(transpose(lhs, [...range(r - 1, 1), 0, r]), [
        ...lhsShape.slice(1, -1),
        b * lhsShape[r],
      ]);
      const kernel = reshape(transpose(rhs, [...range(k + 1, 1), 0, k + 2]), [...window, cg, b * o]);
      const out = conv(input, kernel, { ...params, featureGroupCount: b * groups });
      const outShape = avalOf(out).shape;
      const split = reshape(out, [...outShape.slice(0, -1), b, o]);
      const moved = transpose(split, [r - 1, ...range(r - 1), r]);
      return [moved, true];
    },
    vjp: (ct, [lhs, rhs], _out, params, needs) => [
      needs[0] ? lhsCotangent(ct, rhs, avalOf(lhs).shape, params) : null,
      needs[1] ? rhsCotangent(ct, lhs, avalOf(rhs).shape, params) : null,
    ],
  },
};
