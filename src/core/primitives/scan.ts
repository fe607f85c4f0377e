/**
 * Cumulative scans along one axis: `cumsum` and `cumprod` (JAX's `cumsum_p`/`cumprod_p`), each one kernel on every
 * backend. `cumsum`'s VJP is a cumsum the other way; `cumprod`'s is written with products and sums only (no division
 * by the operand), so it is exact where the operand has zeros, and so are its own derivatives, as JAX's (which
 * differentiates a parallel prefix scan).
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { runKernel } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type Value } from '../values';
import { add, mul } from './ops';
import type { ScanParams } from './params';
import type { RuleTable } from './rule';

/** `size` elements of `v` along `axis` from `start`. */
function sliceAxis(v: Value, axis: number, start: number, size: number): Value {
  const shape = avalOf(v).shape;
  return bind('slice', [v], {
    begin: shape.map((_, a) => (a === axis ? start : 0)),
    size: shape.map((d, a) => (a === axis ? size : d)),
  });
}

/** `v` moved `by` places along `axis` (towards its start, or its end), the vacated places filled with `fill`. */
function shift(v: Value, axis: number, by: number, fill: number, towardStart: boolean): Value {
  const shape = avalOf(v).shape;
  const n = shape[axis];
  const padding = bind('full', [], {
    shape: shape.map((d, a) => (a === axis ? Math.min(by, n) : d)),
    dtype: 'float32',
    value: fill,
  });
  if (by >= n) return padding;
  const kept = sliceAxis(v, axis, towardStart ? by : 0, n - by);
  return bind('concatenate', towardStart ? [kept, padding] : [padding, kept], { axis });
}

/**
 * The VJP of a forward cumprod along `axis`. With out_i = x_0·…·x_i, the cotangent of x_j is
 * (x_0·…·x_{j−1}) · g_j, where g_j = ct_j + x_{j+1}·g_{j+1} sums the cotangents of the later outputs times the
 * factors between. That linear recurrence runs backwards in log₂(n) doubling steps of shifted products and sums.
 */
function cumprodVjpForward(ct: Value, x: Value, out: Value, axis: number): Value {
  const n = avalOf(x).shape[axis];
  if (n === 0) return ct;
  // x_0·…·x_{j−1}: the result moved one place towards the end, 1 in front.
  const before = shift(out, axis, 1, 1, false);
  let factor = shift(x, axis, 1, 0, true); // x_{j+1}
  let sums = ct;
  for (let step = 1; step < n; step *= 2) {
    sums = add(sums, mul(factor, shift(sums, axis, step, 0, true)));
    if (2 * step < n) factor = mul(factor, shift(factor, axis, step, 0, true));
  }
  return mul(before, sums);
}

/** The scan rows of the primitive table. */
export const scanRules: RuleTable<'cumsum' | 'cumprod'> = {
  cumsum: {
    jaxName: 'cumsum',
    abstractEval: ([x]) => x,
    impl: ([x], { axis, reverse }: ScanParams) =>
      runKernel('Cumsum', { x: x as TensorInfo }, { axis, exclusive: false, reverse }),
    batch: ([x], _batched, { axis, reverse }) => [bind('cumsum', [x], { axis: axis + 1, reverse }), true],
    vjp: (ct, _primals, _out, { axis, reverse }) => [bind('cumsum', [ct], { axis, reverse: !reverse })],
  },
  cumprod: {
    jaxName: 'cumprod',
    abstractEval: ([x]) => x,
    impl: ([x], { axis, reverse }: ScanParams) =>
      runKernel('Cumprod', { x: x as TensorInfo }, { axis, exclusive: false, reverse }),
    batch: ([x], _batched, { axis, reverse }) => [bind('cumprod', [x], { axis: axis + 1, reverse }), true],
    // A reverse scan is the forward scan of the reversed operand.
    vjp: (ct, [x], out, { axis, reverse }) => {
      if (!reverse) return [cumprodVjpForward(ct, x, out, axis)];
      const flip = (v: Value): Value => bind('rev', [v], { axes: [axis] });
      return [flip(cumprodVjpForward(flip(ct), flip(x), flip(out), axis))];
    },
  },
};
