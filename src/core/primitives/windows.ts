/**
 * What the convolution and windowed-reduction rows share: window geometry, and two composites of primitives that
 * their VJPs use: spreading an axis with zeros between its elements (how a strided window read is transposed) and
 * reading every `stride`-th element of an axis. Both are built from `reshape`, `pad` and `slice`, so whatever uses
 * them stays batchable, stageable and differentiable.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { runKernel } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type Value } from '../values';
import { reshape } from './ops';

/** Extent of a window of `size` taps spaced `dilation` apart. */
export function dilatedSize(size: number, dilation: number): number {
  return (size - 1) * dilation + 1;
}

/** Number of positions of a window of `span` elements stepping by `stride` inside `size` elements. */
export function windowCount(size: number, span: number, stride: number): number {
  return size < span ? 0 : Math.floor((size - span) / stride) + 1;
}

/** `[0, ..., 0]` for `shape`, `[d]` on `axis`: the `begin`/`size` of a slice that changes one axis. */
function onAxis(shape: readonly number[], axis: number, value: number, others: 'zero' | 'keep'): number[] {
  return shape.map((d, i) => (i === axis ? value : others === 'zero' ? 0 : d));
}

/** `x` with `factor − 1` zeros inserted between consecutive elements of `axis` (XLA's interior padding). */
export function dilateAxis(x: Value, axis: number, factor: number): Value {
  const shape = avalOf(x).shape;
  const n = shape[axis];
  if (factor === 1 || n === 0) return x;
  // Each element becomes a row of `factor`: itself then zeros; flattening the rows spreads the axis.
  const rows = reshape(x, [...shape.slice(0, axis + 1), 1, ...shape.slice(axis + 1)]);
  const padded = bind('pad', [rows], {
    padding: avalOf(rows).shape.map((_, i): [number, number] => (i === axis + 1 ? [0, factor - 1] : [0, 0])),
  });
  const spread = reshape(padded, onAxis(shape, axis, n * factor, 'keep'));
  return bind('slice', [spread], {
    begin: shape.map(() => 0),
    size: onAxis(shape, axis, dilatedSize(n, factor), 'keep'),
  });
}

/** {@link dilateAxis} along several axes. */
export function dilateAxes(x: Value, axes: readonly number[], factors: readonly number[]): Value {
  return axes.reduce((v, axis, i) => dilateAxis(v, axis, factors[i]), x);
}

/** Elements `start, start + stride, …` (`count` of them) of `axis`. */
export function stridedRead(x: Value, axis: number, start: number, stride: number, count: number): Value {
  const shape = avalOf(x).shape;
  const span = dilatedSize(count, stride);
  const cut = bind('slice', [x], {
    begin: onAxis(shape, axis, start, 'zero'),
    size: onAxis(shape, axis, span, 'keep'),
  });
  if (stride === 1 || count === 0) return cut;
  // Pad to `count` rows of `stride` elements and keep each row's first.
  const padded = bind('pad', [cut], {
    padding: shape.map((_, i): [number, number] => (i === axis ? [0, stride - 1] : [0, 0])),
  });
  const rows = reshape(padded, [...shape.slice(0, axis), count, stride, ...shape.slice(axis + 1)]);
  const rowsShape = avalOf(rows).shape;
  const first = bind('slice', [rows], {
    begin: rowsShape.map(() => 0),
    size: onAxis(rowsShape, axis + 1, 1, 'keep'),
  });
  return reshape(first, onAxis(shape, axis, count, 'keep'));
}

/** The transpose of {@link stridedRead}: `ct` placed at `start, start + stride, …` of an axis of `size`, zeros elsewhere. */
export function stridedPlace(ct: Value, axis: number, start: number, stride: number, size: number): Value {
  const spread = dilateAxis(ct, axis, stride);
  const span = avalOf(spread).shape[axis];
  return bind('pad', [spread], {
    padding: avalOf(spread).shape.map((_, i): [number, number] =>
      i === axis ? [start, size - start - span] : [0, 0],
    ),
  });
}

/**
 * Runs `fn` on `x` seen with 2 spatial axes (`[N, 1, W, C]` for a 1-D `[N, W, C]`) and gives its result back with
 * the original number of spatial axes: tfjs's convolution and pooling kernels are 2-D.
 */
export function asTwoDimensional(
  x: TensorInfo,
  temp: (info: TensorInfo) => TensorInfo,
  fn: (x4: TensorInfo, lift: (perAxis: readonly number[]) => number[]) => TensorInfo,
): TensorInfo {
  if (x.shape.length === 4) return fn(x, (perAxis) => [...perAxis]);
  const [n, w, c] = x.shape;
  const out = temp(fn(temp(runKernel('Reshape', { x }, { shape: [n, 1, w, c] })), (p) => [1, ...p]));
  return runKernel('Reshape', { x: out }, { shape: [out.shape[0], out.shape[2], out.shape[3]] });
}
