/**
 * `Conv` (Flax's `nn.Conv`): a convolution over the spatial axes of channels-last inputs,
 *
 *   y[n, p, o] = Σ_{w, c} x[n, p·stride + w·kernelDilation − padLow, c] · kernel[w, c, o] + bias[o]
 *
 * - Inputs are `[...batch, ...spatial, features]` with as many spatial axes as `kernelSize` has entries (1 to 3).
 *   Several batch axes are flattened into one and restored; none at all works too (one example in, one out).
 * - `padding`: `'SAME'` (default), `'VALID'`, `'CIRCULAR'` (wrap around), `'REFLECT'`, `'CAUSAL'` (1-D: pad the start
 *   only), one integer for every side, or one integer or `[low, high]` pair per spatial axis.
 * - `kernel` has shape `[...kernelSize, features_in / featureGroupCount, features]` and is created first with
 *   `kernelInit` (LeCun normal); then `bias` `[features]` with `biasInit` (zeros), unless `useBias` is false.
 *   `mask`, if given, multiplies the kernel (a masked convolution).
 * - Errors: Flax's `Invalid padding format` for a padding it does not accept, and `Mask needs to have the same shape
 *   as weights` for a mask of another shape; ScopeParamShapeError from `apply` with a kernel of another shape.
 *
 * @example
 * const conv = new nn.Conv({ features: 8, kernelSize: [3, 3] });
 * const variables = conv.init(random.key(0), [np.ones([1, 28, 28, 1])]);
 * const y = conv.apply(variables, [np.ones([4, 28, 28, 1])]); // shape [4, 28, 28, 8]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, pad } from '../core/np';
import { convGeneralDilated, type WindowPadding } from '../core/windowed';
import { lecunNormal, zeros, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';
import {
  canonicalizePadding,
  convWindow,
  maskedKernel,
  perAxisRule,
  withOneBatchAxis,
  type ConvPadding,
} from './conv-shared';

export { canonicalizePadding, type ConvPadding } from './conv-shared';

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
  /** Multiplies the kernel (same shape) before the convolution (default none): a masked convolution. */
  readonly mask?: NDArray;
  /** Initializer of the kernel (default `lecunNormal()`). */
  readonly kernelInit?: Initializer;
  /** Initializer of the bias (default `zeros`). */
  readonly biasInit?: Initializer;
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
  readonly mask = this.attr('mask', undefined, rules.array);
  readonly kernelInit = this.attr('kernelInit', lecunNormal(), rules.initializer);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);

  /** The convolution of `inputs` (`[...batch, ...spatial, features]`). */
  call(inputs: NDArray): NDArray {
    const { kernelSize, perAxis } = convWindow(this.kernelSize);
    // Every batch axis folds into one (none: a batch of one), restored at the end.
    return withOneBatchAxis('Conv', inputs, kernelSize, (flat) => {
      let x = flat;
      const k = kernelSize.length;
      const kernelDilation = perAxis(this.kernelDilation);
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
      const kernelShape = [...kernelSize, inFeatures / this.featureGroupCount, this.features];
      const kernel = maskedKernel(this.mask, kernelShape, () =>
        this.param('kernel', this.kernelInit, kernelShape),
      );
      const bias = this.useBias ? this.param('bias', this.biasInit, [this.features]) : undefined;
      const y = convGeneralDilated(x, kernel, {
        windowStrides: perAxis(this.strides),
        padding: padding as WindowPadding,
        lhsDilation: perAxis(this.inputDilation),
        rhsDilation: kernelDilation,
        featureGroupCount: this.featureGroupCount,
      });
      return bias === undefined ? y : add(y, bias);
    });
  }
}
