/**
 * `ConvTranspose` (Flax's `nn.ConvTranspose`, wrapping `lax.conv_transpose`): a fractionally strided convolution over
 * the spatial axes of channels-last inputs. The input is spread by `strides` (`strides − 1` zeros between elements),
 * padded, and convolved with stride 1:
 *
 *   y[n, p, o] = Σ_{w, c} x̃[n, p + w·kernelDilation − padLow, c] · kernel[w, c, o] + bias[o],  x̃ = x spread by strides
 *
 * - Inputs are `[...batch, ...spatial, features]` with as many spatial axes as `kernelSize` has entries (1 to 3).
 *   Several batch axes are flattened into one and restored; none at all works too (one example in, one out).
 * - `padding`: `'SAME'` (default: `size · stride` outputs) and `'VALID'` name the padding of the forward convolution
 *   this one transposes; one integer for every side, or one integer or `[low, high]` pair per spatial axis, pad the
 *   spread input as given; `'CIRCULAR'` computes a VALID result and wraps it around to `size · stride` outputs per
 *   axis (periodic boundaries).
 * - `kernel` has shape `[...kernelSize, features_in, features]` (`[...kernelSize, features, features_in]` with
 *   `transposeKernel`, which flips its spatial axes and swaps its feature axes: the gradient of a `Conv` with the same
 *   kernel) and is created first with `kernelInit` (LeCun normal); then `bias` `[features]` with `biasInit` (zeros),
 *   unless `useBias` is false. `mask`, if given, multiplies the kernel (a masked convolution).
 * - Errors: Flax's `Invalid padding format` for a padding it does not accept, and `Mask needs to have the same shape
 *   as weights` for a mask of another shape; ScopeParamShapeError from `apply` with a kernel of another shape.
 *
 * @example
 * const up = new nn.ConvTranspose({ features: 8, kernelSize: [3, 3], strides: 2 });
 * const variables = up.init(random.key(0), [np.ones([1, 14, 14, 4])]);
 * const y = up.apply(variables, [np.ones([4, 14, 14, 4])]); // shape [4, 28, 28, 8]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, pad, reshape, sum } from '../core/np';
import { convTranspose, type WindowPadding } from '../core/windowed';
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

/** Padding of a transposed convolution, as Flax accepts it. */
export type ConvTransposePadding = Exclude<ConvPadding, 'REFLECT' | 'CAUSAL'>;

/** Attributes of {@link ConvTranspose}. */
export interface ConvTransposeAttrs {
  /** Number of output features (filters). */
  readonly features: number;
  /** Window size per spatial axis (a number: a 1-D convolution). */
  readonly kernelSize: number | readonly number[];
  /** The fractional stride (the spreading of the input): one for all spatial axes or one each (default 1). */
  readonly strides?: number | readonly number[];
  /** See {@link ConvTransposePadding} (default `'SAME'`). */
  readonly padding?: ConvTransposePadding;
  /** Kernel dilation (atrous convolution), one or one per spatial axis (default 1). */
  readonly kernelDilation?: number | readonly number[];
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Multiplies the kernel (same shape) before the convolution (default none). */
  readonly mask?: NDArray;
  /** Initializer of the kernel (default `lecunNormal()`). */
  readonly kernelInit?: Initializer;
  /** Initializer of the bias (default `zeros`). */
  readonly biasInit?: Initializer;
  /** Flip the kernel's spatial axes and swap its feature axes (default false). */
  readonly transposeKernel?: boolean;
}

/**
 * Flax's circular padding: `y` (VALID) padded to a whole number of periods `size · stride` per spatial axis, so that
 * the input's start sits on a period boundary, then folded onto one period by summing the periods.
 */
function wrapAround(y: NDArray, periods: readonly number[], transposeKernel: boolean): NDArray {
  const pads = periods.map((period, i): [number, number] => {
    const missing = (((period - y.shape[i + 1]) % (2 * period)) + 2 * period) % (2 * period);
    // Odd amounts: the extra element goes on the right with a transposed kernel (mirroring Conv), else the left.
    const [small, large] = [Math.floor(missing / 2), Math.floor((missing + 1) / 2)];
    return transposeKernel ? [small, large] : [large, small];
  });
  let folded = pad(y, [[0, 0], ...pads, [0, 0]]);
  periods.forEach((period, i) => {
    const shape = folded.shape;
    folded = sum(reshape(folded, [...shape.slice(0, i + 1), -1, period, ...shape.slice(i + 2)]), i + 1);
  });
  return folded;
}

/** A transposed convolution over the spatial axes of channels-last inputs (NWC, NHWC, NDHWC). */
export class ConvTranspose extends Module<ConvTransposeAttrs> {
  readonly features = this.attr('features', rules.positiveInteger);
  readonly kernelSize = this.attr('kernelSize', perAxisRule);
  readonly strides = this.attr('strides', 1, perAxisRule);
  readonly padding: ConvTransposePadding = this.attr('padding', 'SAME');
  readonly kernelDilation = this.attr('kernelDilation', 1, perAxisRule);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly mask = this.attr('mask', undefined, rules.array);
  readonly kernelInit = this.attr('kernelInit', lecunNormal(), rules.initializer);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);
  readonly transposeKernel = this.attr('transposeKernel', false, rules.boolean);

  /** The transposed convolution of `inputs` (`[...batch, ...spatial, features]`). */
  call(inputs: NDArray): NDArray {
    const { kernelSize, perAxis } = convWindow(this.kernelSize);
    return withOneBatchAxis('ConvTranspose', inputs, kernelSize, (x) => {
      const strides = perAxis(this.strides);
      const inFeatures = x.shape[x.shape.length - 1];
      const kernelShape = this.transposeKernel
        ? [...kernelSize, this.features, inFeatures]
        : [...kernelSize, inFeatures, this.features];
      const kernel = maskedKernel(this.mask, kernelShape, () =>
        this.param('kernel', this.kernelInit, kernelShape),
      );
      const padding = canonicalizePadding(this.padding, kernelSize.length);
      if (typeof padding === 'string' && !['SAME', 'VALID', 'CIRCULAR'].includes(padding)) {
        throw new Error(
          `ConvTranspose: unknown padding ${JSON.stringify(padding)} (use 'SAME', 'VALID', 'CIRCULAR', an integer, ` +
            'or one integer or [low, high] pair per spatial axis).',
        );
      }
      const bias = this.useBias ? this.param('bias', this.biasInit, [this.features]) : undefined;
      let y = convTranspose(
        x,
        kernel,
        strides,
        padding === 'CIRCULAR' ? 'VALID' : (padding as WindowPadding),
        {
          rhsDilation: perAxis(this.kernelDilation),
          transposeKernel: this.transposeKernel,
        },
      );
      if (padding === 'CIRCULAR') {
        const periods = x.shape.slice(1, -1).map((d, i) => d * strides[i]);
        y = wrapAround(y, periods, this.transposeKernel);
      }
      return bias === undefined ? y : add(y, bias);
    });
  }
}
