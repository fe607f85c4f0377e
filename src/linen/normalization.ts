/**
 * `LayerNorm` and `RMSNorm` (Flax's `nn.LayerNorm`, `nn.RMSNorm`): normalize each example over `reductionAxes`
 * (default the last axis), with learned per-feature `scale` (created first) and, for LayerNorm, `bias`:
 *
 *   LayerNorm: y = (x − mean) · rsqrt(var + epsilon) · scale + bias      RMSNorm: y = x · rsqrt(mean(x²) + epsilon) · scale
 *
 * - The variance is biased; `useFastVariance` (default) computes it as `max(0, mean(x²) − mean(x)²)`.
 * - `scale` and `bias` have the shape of `featureAxes` (default the last axis); `epsilon` defaults to 1e-6.
 *
 * @example
 * const ln = new nn.LayerNorm();
 * const variables = ln.init(random.key(0), [x]); // params: scale, bias of shape [x.shape[-1]]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, maximum, mean, multiply, reshape, rsqrt, square, subtract } from '../core/np';
import { normalizeAxis } from '../core/shapes';
import { ones, zeros, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes shared by {@link LayerNorm} and {@link RMSNorm}. */
export interface NormAttrs {
  /** Added to the variance (or mean square) before the square root (default 1e-6). */
  readonly epsilon?: number;
  /** Multiply by a learned scale (default true). */
  readonly useScale?: boolean;
  /** Initializer of the scale (default ones). */
  readonly scaleInit?: Initializer;
  /** Axes the statistics are computed over (default −1). */
  readonly reductionAxes?: number | readonly number[];
  /** Axes the learned parameters span (default −1). */
  readonly featureAxes?: number | readonly number[];
}

/** Attributes of {@link LayerNorm}. */
export interface LayerNormAttrs extends NormAttrs {
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Initializer of the bias (default zeros). */
  readonly biasInit?: Initializer;
  /** Variance as `mean(x²) − mean(x)²` (default true) or as `mean((x − mean)²)`. */
  readonly useFastVariance?: boolean;
}

/** Sorted, non-negative axes. */
export function axesOf(axes: number | readonly number[], rank: number): number[] {
  return [...new Set((typeof axes === 'number' ? [axes] : axes).map((a) => normalizeAxis(a, rank)))].sort(
    (a, b) => a - b,
  );
}

type MakeParam = (name: string, init: Initializer, shape: number[]) => NDArray;

/** Mean over `axes`, kept as size-1 axes so it broadcasts against x. */
function meanOver(v: NDArray, axes: number | readonly number[]): NDArray {
  return mean(v, { axis: axesOf(axes, v.rank), keepdims: true });
}

/** Flax's `_normalize`: `centered · rsqrt(variance + epsilon) · scale (+ bias)`, params of the feature shape. */
export function normalize(
  x: NDArray,
  centered: NDArray,
  variance: NDArray,
  attrs: {
    epsilon: number;
    featureAxes: number | readonly number[];
    scaleInit?: Initializer;
    biasInit?: Initializer;
  },
  param: MakeParam,
): NDArray {
  const features = axesOf(attrs.featureAxes, x.rank);
  const paramShape = features.map((a) => x.shape[a]);
  const broadcastShape = x.shape.map((d, i) => (features.includes(i) ? d : 1));
  let mul = rsqrt(add(variance, attrs.epsilon));
  if (attrs.scaleInit)
    mul = multiply(mul, reshape(param('scale', attrs.scaleInit, paramShape), broadcastShape));
  const y = multiply(centered, mul);
  return attrs.biasInit ? add(y, reshape(param('bias', attrs.biasInit, paramShape), broadcastShape)) : y;
}

/** Layer normalization (Ba et al., 2016). */
export class LayerNorm extends Module<LayerNormAttrs> {
  readonly epsilon = this.attr('epsilon', 1e-6, rules.nonNegativeNumber);
  readonly useScale = this.attr('useScale', true, rules.boolean);
  readonly scaleInit = this.attr('scaleInit', ones, rules.initializer);
  readonly reductionAxes = this.attr('reductionAxes', -1, rules.axes);
  readonly featureAxes = this.attr('featureAxes', -1, rules.axes);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);
  readonly useFastVariance = this.attr('useFastVariance', true, rules.boolean);

  private normAttrs(): { epsilon: number; featureAxes: number | readonly number[]; scaleInit?: Initializer } {
    return {
      epsilon: this.epsilon,
      featureAxes: this.featureAxes,
      scaleInit: this.useScale ? this.scaleInit : undefined,
    };
  }

  /** `x` normalized over the reduction axes. */
  call(x: NDArray): NDArray {
    const mu = meanOver(x, this.reductionAxes);
    const variance = this.useFastVariance
      ? maximum(0, subtract(meanOver(square(x), this.reductionAxes), square(mu)))
      : meanOver(square(subtract(x, mu)), this.reductionAxes);
    const attrs = {
      ...this.normAttrs(),
      biasInit: this.useBias ? this.biasInit : undefined,
    };
    return normalize(x, subtract(x, mu), variance, attrs, (n, init, shape) => this.param(n, init, shape));
  }
}

/** Root-mean-square normalization (Zhang and Sennrich, 2019): no centering, no bias. */
export class RMSNorm extends Module<NormAttrs> {
  readonly epsilon = this.attr('epsilon', 1e-6, rules.nonNegativeNumber);
  readonly useScale = this.attr('useScale', true, rules.boolean);
  readonly scaleInit = this.attr('scaleInit', ones, rules.initializer);
  readonly reductionAxes = this.attr('reductionAxes', -1, rules.axes);
  readonly featureAxes = this.attr('featureAxes', -1, rules.axes);
  private normAttrs(): { epsilon: number; featureAxes: number | readonly number[]; scaleInit?: Initializer } {
    return {
      epsilon: this.epsilon,
      featureAxes: this.featureAxes,
      scaleInit: this.useScale ? this.scaleInit : undefined,
    };
  }

  /** `x` divided by its root mean square over the reduction axes. */
  call(x: NDArray): NDArray {
    const variance = meanOver(square(x), this.reductionAxes);
    return normalize(x, x, variance, this.normAttrs(), (n, init, shape) => this.param(n, init, shape));
  }
}
