/**
 * `Conv` (Flax's `nn.Conv`): a convolution over the spatial axes of channels-last inputs,
 *
 *   y[n, p, o] = Σ_{w, c} x[n, p·stride + w·kernelDilation − padLow, c] · kernel[w, c, o] + bias[o]
 *
 * - Inputs are `[...batch, ...spatial, features]` with as many spatial axes as `kernelSize` has entries (1 or 2).
 *   Several batch axes are flattened into one and restored; none at all works too (one example in, one out).
 * - `padding`: `'SAME'` (default), `'VALID'`, `'CIRCULAR'` (wrap around), `'REFLECT'`, `'CAUSAL'` (1-D: pad the start
 *   only), one integer for every side, or one integer or `[low, high]` pair per spatial axis.
 * - `kernel` has shape `[...kernelSize, features_in / featureGroupCount, features]` and is created first with
 *   `kernelInit` (LeCun normal); then `bias` `[features]` with `biasInit` (zeros), unless `useBias` is false.
 * - Errors: Flax's `Invalid padding format` for a padding it does not accept; ScopeParamShapeError from `apply` with
 *   a kernel of another shape.
 *
 * @example
 * const conv = new nn.Conv({ features: 8, kernelSize: [3, 3] });
 * const variables = conv.init(random.key(0), [np.ones([1, 28, 28, 1])]);
 * const y = conv.apply(variables, [np.ones([4, 28, 28, 1])]); // shape [4, 28, 28, 8]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, pad, reshape } from '../core/np';
import { convGeneralDilated, type WindowPadding } from '../core/windowed';
import { lecunNormal, zeros, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Padding of a convolution, as Flax accepts it. */
export type ConvPadding =
  | 'SAME'
  | 'VALID'
  | 'CIRCULAR'
  | 'REFLECT'
  | 'CAUSAL'
  | number
  | readonly (number | readonly [number, number])[];

/** Attributes of {@link Conv}. */
export interface ConvAttrs {
  /** Number of output features (filters). */
  readonly features: number;
  /** Window size per spatial axis (a number: a 1-D convolution). */
  readonly kernelSize: number | readonly number[];
  /** Step between windows: one for all spatial axes or one each (default 1). */
  readonly strides?: number | readonly number[];
  /** See {@link ConvPadding} (default `'SAME'`). */
  readonly padding?: ConvPadding;
  /** Input dilation (a transposed convolution's stride), one or one per spatial axis (default 1). */
  readonly inputDilation?: number | readonly number[];
  /** Kernel dilation (atrous convolution), one or one per spatial axis (default 1). */
  readonly kernelDilation?: number | readonly number[];
  /** Split input and output features into this many groups (default 1; the input features: depthwise). */
  readonly featureGroupCount?: number;
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Initializer of the kernel (default `lecunNormal()`). */
  readonly kernelInit?: Initializer;
  /** Initializer of the bias (default `zeros`). */
  readonly biasInit?: Initializer;
}

const perAxisRule = new rules.AttrRule(
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

/** A convolution over the spatial axes of channels-last inputs (NHWC). */
export class Conv extends Module<ConvAttrs> {
  readonly features = this.attr('features', rules.positiveInteger);
  readonly kernelSize = this.attr('kernelSize', perAxisRule);
  readonly strides = this.attr('strides', 1, perAxisRule);
  readonly padding: ConvPadding = this.attr('padding', 'SAME');
  readonly inputDilation = this.attr('inputDilation', 1, perAxisRule);
  readonly kernelDilation = this.attr('kernelDilation', 1, perAxisRule);
  readonly featureGroupCount = this.attr('featureGroupCount', 1, rules.positiveInteger);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly kernelInit = this.attr('kernelInit', lecunNormal(), rules.initializer);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);

  /** The convolution of `inputs` (`[...batch, ...spatial, features]`). */
  call(inputs: NDArray): NDArray {
    const kernelSize = typeof this.kernelSize === 'number' ? [this.kernelSize] : [...this.kernelSize];
    const k = kernelSize.length;
    const broadcast = (v: number | readonly number[]): number[] =>
      typeof v === 'number' ? Array<number>(k).fill(v) : [...v];
    const batchRank = inputs.rank - (k + 1);
    if (batchRank < 0) {
      throw new Error(
        `Conv: the input ${JSON.stringify(inputs.shape)} has fewer axes than kernelSize ${JSON.stringify(kernelSize)} ` +
          'plus a feature axis.',
      );
    }
    // Every batch axis folds into one (none: a batch of one), restored at the end.
    const batchShape = inputs.shape.slice(0, batchRank);
    let x = batchRank === 1 ? inputs : reshape(inputs, [-1, ...inputs.shape.slice(batchRank)]);
    const kernelDilation = broadcast(this.kernelDilation);
    let padding = canonicalizePadding(this.padding, k);
    if (padding === 'CIRCULAR' || padding === 'REFLECT') {
      const dilated = kernelSize.map((s, i) => (s - 1) * kernelDilation[i] + 1);
      const pads = dilated.map((d): [number, number] => [Math.floor((d - 1) / 2), Math.floor(d / 2)]);
      x = pad(x, [[0, 0], ...pads, [0, 0]], { mode: padding === 'CIRCULAR' ? 'wrap' : 'reflect' });
      padding = 'VALID';
    } else if (padding === 'CAUSAL') {
      if (k !== 1) throw new Error('Causal padding is only implemented for 1D convolutions.');
      x = pad(x, [
        [0, 0],
        [kernelDilation[0] * (kernelSize[0] - 1), 0],
        [0, 0],
      ]);
      padding = 'VALID';
    } else if (padding !== 'SAME' && padding !== 'VALID' && typeof padding === 'string') {
      throw new Error(`Conv: unknown padding ${JSON.stringify(padding)}.`);
    }
    const inFeatures = x.shape[x.shape.length - 1];
    if (inFeatures % this.featureGroupCount !== 0) {
      throw new Error(
        `Conv: the input features (${inFeatures}) must be a multiple of featureGroupCount (${this.featureGroupCount}).`,
      );
    }
    const kernel = this.param('kernel', this.kernelInit, [
      ...kernelSize,
      inFeatures / this.featureGroupCount,
      this.features,
    ]);
    const bias = this.useBias ? this.param('bias', this.biasInit, [this.features]) : undefined;
    let y = convGeneralDilated(x, kernel, {
      windowStrides: broadcast(this.strides),
      padding: padding as WindowPadding,
      lhsDilation: broadcast(this.inputDilation),
      rhsDilation: kernelDilation,
      featureGroupCount: this.featureGroupCount,
    });
    if (bias !== undefined) y = add(y, bias);
    return batchRank === 1 ? y : reshape(y, [...batchShape, ...y.shape.slice(1)]);
  }
}
