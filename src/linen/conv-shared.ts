/**
 * What `Conv` and `ConvTranspose` share: Flax's padding forms and `canonicalize_padding`, the rule for per-axis
 * attributes (`strides`, `kernelDilation`), the kernel `mask`, and the handling of batch axes (several are flattened
 * into one and restored, none means a batch of one).
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { multiply, reshape } from '../core/np';
import { formatShape } from '../core/shapes';
import * as rules from './attribute-rules';
import { pythonShape } from './python-shape';

/** Padding of a convolution, as Flax accepts it. */
export type ConvPadding =
  | 'SAME'
  | 'VALID'
  | 'CIRCULAR'
  | 'REFLECT'
  | 'CAUSAL'
  | number
  | readonly (number | readonly [number, number])[];

/** `strides`, `kernelDilation`, …: one positive integer for every spatial axis, or one each. */
export const perAxisRule = new rules.AttrRule(
  'number',
  'a positive integer or a list of them',
  (v): v is number | readonly number[] =>
    (Number.isInteger(v) && (v as number) > 0) ||
    (Array.isArray(v) && v.every((d) => Number.isInteger(d) && d > 0)),
);

/** Flax's `canonicalize_padding`: a padding string, or one `[low, high]` pair per spatial axis. */
export function canonicalizePadding(padding: ConvPadding, rank: number): string | [number, number][] {
  if (typeof padding === 'string') return padding;
  if (Number.isInteger(padding))
    return Array.from({ length: rank }, () => [padding as number, padding as number]);
  if (Array.isArray(padding) && padding.length === rank) {
    const pairs = (padding as readonly unknown[]).map((p): [number, number] | undefined =>
      Number.isInteger(p)
        ? [p as number, p as number]
        : Array.isArray(p) && p.length === 2 && p.every((q) => Number.isInteger(q))
          ? [p[0] as number, p[1] as number]
          : undefined,
    );
    if (pairs.every((p) => p !== undefined)) return pairs;
  }
  throw new Error(
    `Invalid padding format: ${JSON.stringify(padding)}, should be str, int, or a sequence of len ${rank} where ` +
      'each element is an int or pair of ints.',
  );
}

/** The window of a convolution: `kernelSize` as a list, and a per-axis attribute broadcast to its length. */
export function convWindow(kernelSize: number | readonly number[]): {
  kernelSize: number[];
  perAxis: (value: number | readonly number[]) => number[];
} {
  const sizes = typeof kernelSize === 'number' ? [kernelSize] : [...kernelSize];
  return {
    kernelSize: sizes,
    perAxis: (value) => (typeof value === 'number' ? Array<number>(sizes.length).fill(value) : [...value]),
  };
}

/**
 * `fn` on `inputs` (`[...batch, ...spatial, features]`, one spatial axis per entry of `kernelSize`) seen with
 * exactly one batch axis, and its result given back the original batch axes.
 */
export function withOneBatchAxis(
  layer: string,
  inputs: NDArray,
  kernelSize: readonly number[],
  fn: (x: NDArray) => NDArray,
): NDArray {
  const batchRank = inputs.rank - (kernelSize.length + 1);
  if (batchRank < 0) {
    throw new Error(
      `${layer}: the input ${JSON.stringify(inputs.shape)} has fewer axes than kernelSize ` +
        `${JSON.stringify(kernelSize)} plus a feature axis.`,
    );
  }
  if (batchRank === 1) return fn(inputs);
  const batchShape = inputs.shape.slice(0, batchRank);
  const y = fn(reshape(inputs, [-1, ...inputs.shape.slice(batchRank)]));
  return reshape(y, [...batchShape, ...y.shape.slice(1)]);
}

/**
 * The kernel `makeKernel` creates, times `mask` when there is one (a masked convolution). As Flax, a mask of another
 * shape than the kernel's is refused before the kernel is created.
 */
export function maskedKernel(
  mask: NDArray | undefined,
  kernelShape: readonly number[],
  makeKernel: () => NDArray,
): NDArray {
  if (mask === undefined) return makeKernel();
  if (formatShape(mask.shape) !== formatShape(kernelShape)) {
    throw new Error(
      'Mask needs to have the same shape as weights. ' +
        `Shapes are: ${pythonShape(mask.shape)}, ${pythonShape(kernelShape)}`,
    );
  }
  return multiply(makeKernel(), mask);
}
