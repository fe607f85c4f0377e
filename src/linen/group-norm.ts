/**
 * `GroupNorm` (Flax's `nn.GroupNorm`, Wu and He, 2018): the channels (last axis) are split into equal groups, and
 * each example is normalized per group over the reduction axes, then scaled and shifted per channel:
 *
 *   y = (x − mean_group) · rsqrt(var_group + epsilon) · scale + bias
 *
 * - Give exactly one of `numGroups` (default 32) and `groupSize`: to use `groupSize`, pass `numGroups: null`, as
 *   Flax's `num_groups=None`. `numGroups: 1` is LayerNorm over the reduction axes; `groupSize: 1` InstanceNorm.
 * - `reductionAxes` defaults to every axis but the first (the batch); it must include the last axis.
 * - The variance is biased; `useFastVariance` (default) computes it as `max(0, mean(x²) − mean(x)²)`.
 * - Errors use Flax's wording: channels not divisible, neither or both of `numGroups` and `groupSize`.
 *
 * @example
 * const gn = new nn.GroupNorm({ numGroups: 4 });
 * const variables = gn.init(random.key(0), [np.ones([2, 5, 5, 8])]); // params: scale, bias of shape [8]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { broadcastTo, maximum, mean, reshape, square, subtract } from '../core/np';
import { ones, zeros, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';
import { axesOf, normalize } from './normalization';

/** Attributes of {@link GroupNorm}. */
export interface GroupNormAttrs {
  /** Number of channel groups (default 32); `null` to give `groupSize` instead. */
  readonly numGroups?: number | null;
  /** Channels per group (default none); needs `numGroups: null`. */
  readonly groupSize?: number | null;
  /** Added to the variance before the square root (default 1e-6). */
  readonly epsilon?: number;
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Multiply by a learned scale (default true). */
  readonly useScale?: boolean;
  /** Initializer of the bias (default zeros). */
  readonly biasInit?: Initializer;
  /** Initializer of the scale (default ones). */
  readonly scaleInit?: Initializer;
  /** Axes the statistics are computed over, including the last (default every axis but the first). */
  readonly reductionAxes?: number | readonly number[];
  /** Variance as `mean(x²) − mean(x)²` (default true) or as `mean((x − mean)²)`. */
  readonly useFastVariance?: boolean;
}

const positiveIntegerOrNull = new rules.AttrRule(
  'number',
  'a positive integer or null',
  (v): v is number | null => v === null || rules.positiveInteger.test(v),
);

/** Flax's message when not exactly one of `numGroups` and `groupSize` is given. */
const ONE_OF_MESSAGE =
  'Either `num_groups` or `group_size` should be specified. If `group_size` is to be specified, pass ' +
  '`num_groups=None` as argument to override the default `num_groups` value of 32.';

/** Group normalization: statistics per example and per group of channels. */
export class GroupNorm extends Module<GroupNormAttrs> {
  readonly numGroups = this.attr('numGroups', 32, positiveIntegerOrNull);
  readonly groupSize = this.attr('groupSize', null, positiveIntegerOrNull);
  readonly epsilon = this.attr('epsilon', 1e-6, rules.nonNegativeNumber);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly useScale = this.attr('useScale', true, rules.boolean);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);
  readonly scaleInit = this.attr('scaleInit', ones, rules.initializer);
  readonly reductionAxes = this.attr('reductionAxes', undefined, rules.axes);
  readonly useFastVariance = this.attr('useFastVariance', true, rules.boolean);

  /** The number of groups for `channels`, checked as Flax does. */
  private groupsOf(channels: number): number {
    if ((this.numGroups === null) === (this.groupSize === null)) throw new Error(ONE_OF_MESSAGE);
    if (this.groupSize !== null && channels % this.groupSize !== 0)
      throw new Error(
        `Number of channels (${channels}) is not multiple of the group size (${this.groupSize}).`,
      );
    const groups = this.numGroups ?? channels / (this.groupSize as number);
    if (channels % groups !== 0)
      throw new Error(`Number of groups (${groups}) does not divide the number of channels (${channels}).`);
    return groups;
  }

  /** `x` normalized per example and per group of channels. */
  call(x: NDArray): NDArray {
    const rank = x.rank;
    const defaultAxes = [...Array.from({ length: Math.max(rank - 2, 0) }, (_, i) => i + 1), -1];
    const reduction = axesOf(this.reductionAxes ?? defaultAxes, rank);
    if (reduction[reduction.length - 1] !== rank - 1)
      throw new Error(
        'The reduction axes must include the final dimension as this is assumed to be the feature axis.',
      );
    const channels = x.shape[rank - 1];
    const groups = this.groupsOf(channels);
    // Statistics on x viewed as [..., groups, groupSize]: the last axis of the view replaces the channel axis.
    const groupShape = [...x.shape.slice(0, -1), groups, channels / groups];
    const grouped = reshape(x, groupShape);
    const statAxes = { axis: [...reduction.slice(0, -1), rank], keepdims: true };
    const mu = mean(grouped, statAxes);
    const variance = this.useFastVariance
      ? maximum(0, subtract(mean(square(grouped), statAxes), square(mu)))
      : mean(square(subtract(grouped, mu)), statAxes);
    const attrs = {
      epsilon: this.epsilon,
      featureAxes: -1,
      scaleInit: this.useScale ? this.scaleInit : undefined,
      biasInit: this.useBias ? this.biasInit : undefined,
    };
    return normalize(
      x,
      reshape(subtract(grouped, mu), x.shape),
      reshape(broadcastTo(variance, groupShape), x.shape),
      attrs,
      (n, init, shape) => this.param(n, init, shape),
    );
  }
}
