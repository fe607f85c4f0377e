/**
 * `BatchNorm` (Flax's `nn.BatchNorm`): normalizes each feature with statistics over all other axes,
 *
 *   y = (x − mean) · (scale / √(var + epsilon)) + bias
 *
 * - Training (`useRunningAverage` false): mean and (biased) variance of the batch; the fast variance is
 *   `max(0, mean(x²) − mean(x)²)` (`useFastVariance`, default) or `mean((x − mean)²)`. With `axisName`, both means
 *   are averaged over that `vmap` axis with one `pmean` (skipped during `init`, so `init` needs no `vmap`). Outside
 *   `init`, `batch_stats` are updated: `ra = momentum · ra + (1 − momentum) · batch` (pass `mutable: ['batch_stats']`).
 * - Evaluation (`useRunningAverage` true): the stored `batch_stats` `mean` (zeros at first) and `var` (ones).
 * - `useRunningAverage` goes to the constructor or to `call`, exactly once (`mergeParam`'s errors otherwise).
 *   Variables: `batch_stats/{mean,var}` and params `scale` (created first) then `bias`, all of the feature shape.
 * - Errors: updating `batch_stats` without making it mutable throws Flax's ModifyScopeVariableError.
 *
 * @example
 * const bn = new nn.BatchNorm({ momentum: 0.9 });
 * const variables = bn.init(random.key(0), [x, false]);
 * const [y, updates] = bn.apply(variables, [x, false], { mutable: ['batch_stats'] });
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { pmean } from '../core/collectives';
import * as np from '../core/np';
import { add, maximum, mean, multiply, reshape, rsqrt, square, subtract } from '../core/np';
import { normalizeAxis } from '../core/shapes';
import { ones, zeros, type Initializer } from './initializers';
import { mergeParam } from './merge-param';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link BatchNorm}. */
export interface BatchNormAttrs {
  /** Use the stored statistics instead of the batch's (or pass it to `call`). */
  readonly useRunningAverage?: boolean;
  /** The feature axis or axes (default −1). */
  readonly axis?: number | readonly number[];
  /** Decay of the running averages (default 0.99). */
  readonly momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  readonly epsilon?: number;
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Multiply by a learned scale (default true). */
  readonly useScale?: boolean;
  /** Initializer of the bias (default zeros). */
  readonly biasInit?: Initializer;
  /** Initializer of the scale (default ones). */
  readonly scaleInit?: Initializer;
  /** A `vmap` axis name: average the statistics over it with `pmean`. */
  readonly axisName?: string;
  /** Variance as `mean(x²) − mean(x)²` (default true) rather than `mean((x − mean)²)`. */
  readonly useFastVariance?: boolean;
}

/** Batch normalization with running statistics in the `batch_stats` collection. */
export class BatchNorm extends Module<BatchNormAttrs, 'params' | 'batch_stats'> {
  readonly useRunningAverage = this.attr('useRunningAverage', undefined, rules.boolean);
  readonly axis = this.attr('axis', -1, rules.axes);
  readonly momentum = this.attr('momentum', 0.99, rules.finiteNumber);
  readonly epsilon = this.attr('epsilon', 1e-5, rules.nonNegativeNumber);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly useScale = this.attr('useScale', true, rules.boolean);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);
  readonly scaleInit = this.attr('scaleInit', ones, rules.initializer);
  readonly axisName = this.attr('axisName', undefined, rules.nonEmptyString);
  readonly useFastVariance = this.attr('useFastVariance', true, rules.boolean);

  /** Normalizes `x`; `useRunningAverage` here or in the constructor, not both. */
  call(x: NDArray, useRunningAverage?: boolean): NDArray {
    const useRunning = mergeParam('useRunningAverage', this.useRunningAverage, useRunningAverage);
    const rank = x.shape.length;
    const featureAxes = [
      ...new Set(
        (typeof this.axis === 'number' ? [this.axis] : this.axis).map((a) => normalizeAxis(a, rank)),
      ),
    ].sort();
    const reductionAxes = x.shape.map((_, i) => i).filter((i) => !featureAxes.includes(i));
    const featureShape = featureAxes.map((a) => x.shape[a]);
    // The statistics broadcast against x: feature dimensions kept, reduced ones 1. When the feature axes are the
    // trailing ones, numpy broadcasting already lines them up and the reshapes (kernels, and tape entries under
    // grad) are skipped.
    const broadcastShape = x.shape.map((d, i) => (featureAxes.includes(i) ? d : 1));
    const trailing = featureAxes.every((a, i) => a === rank - featureAxes.length + i);
    const broadcast = (v: NDArray): NDArray => (trailing ? v : reshape(v, broadcastShape));

    const raMean = this.variable('batch_stats', 'mean', (s: number[]): NDArray => np.zeros(s), featureShape);
    const raVar = this.variable('batch_stats', 'var', (s: number[]): NDArray => np.ones(s), featureShape);

    let batchMean: NDArray;
    let batchVar: NDArray;
    if (useRunning) {
      [batchMean, batchVar] = [raMean.value, raVar.value];
    } else {
      [batchMean, batchVar] = this.statistics(x, reductionAxes);
      if (!this.isInitializing()) {
        raMean.value = add(multiply(this.momentum, raMean.value), multiply(1 - this.momentum, batchMean));
        raVar.value = add(multiply(this.momentum, raVar.value), multiply(1 - this.momentum, batchVar));
      }
    }

    let mul = rsqrt(add(broadcast(batchVar), this.epsilon));
    if (this.useScale) mul = multiply(mul, broadcast(this.param('scale', this.scaleInit, featureShape)));
    let y = multiply(subtract(x, broadcast(batchMean)), mul);
    if (this.useBias) y = add(y, broadcast(this.param('bias', this.biasInit, featureShape)));
    return y;
  }

  /** Mean and biased variance over `axes`, averaged over `axisName` too when set (not during init). */
  private statistics(x: NDArray, axes: readonly number[]): [NDArray, NDArray] {
    const axisName = this.isInitializing() ? undefined : this.axisName;
    const means = (...values: NDArray[]): NDArray[] => {
      // Under vmap a per-example BatchNorm often reduces over no axis at all: the values are their own means.
      const local = axes.length === 0 ? values : values.map((v) => mean(v, { axis: axes }));
      // One collective for all the means, as Flax stacks them into one pmean.
      return axisName === undefined ? local : pmean(local, axisName);
    };
    if (this.useFastVariance) {
      const [mu, mu2] = means(x, square(x));
      return [mu, maximum(0, subtract(mu2, square(mu)))];
    }
    const [mu] = means(x);
    const centered = subtract(
      x,
      reshape(
        mu,
        x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
      ),
    );
    const [variance] = means(square(centered));
    return [mu, variance];
  }
}
