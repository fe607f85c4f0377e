/**
 * `PReLU`: a leaky ReLU whose negative slope is learned (Flax's `nn.PReLU`, plus PyTorch's `num_parameters`).
 *
 *   y = x            where x ≥ 0
 *   y = slope · x    elsewhere
 *
 * - `numParameters` 1 (default): one slope, a scalar param `negative_slope` as in Flax. `numParameters` C: one
 *   slope per channel of the last axis (PyTorch's layout is channels-first; Flax's, and ours, channels-last), a
 *   param of shape `[C]`.
 * - The slope starts at `negativeSlopeInit` (default 0.01, Flax's; PyTorch's is 0.25).
 * - Errors: `numParameters` not 1 and not the size of the last axis.
 *
 * @example
 * const prelu = new nn.PReLU({ numParameters: 4 });
 * const variables = prelu.init(random.key(0), [x]); // params.negative_slope: [4]
 * const y = prelu.apply(variables, [x]);
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { greaterEqual, multiply, where } from '../core/np';
import { constant } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link PReLU}. */
export interface PReLUAttrs {
  /** Initial value of the slope(s) (default 0.01). */
  readonly negativeSlopeInit?: number;
  /** 1 for one shared slope (default), or the number of channels (last axis) for one slope each. */
  readonly numParameters?: number;
}

/** Parametric ReLU. */
export class PReLU extends Module<PReLUAttrs> {
  readonly negativeSlopeInit = this.attr('negativeSlopeInit', 0.01, rules.finiteNumber);
  readonly numParameters = this.attr('numParameters', 1, rules.positiveInteger);

  /** `x` where non-negative, `slope · x` elsewhere. */
  call(inputs: NDArray): NDArray {
    const channels = inputs.shape.length > 0 ? inputs.shape[inputs.shape.length - 1] : undefined;
    if (this.numParameters !== 1 && this.numParameters !== channels) {
      throw new Error(
        `PReLU: numParameters is ${this.numParameters}, but the input's last axis (the channels) has size ` +
          `${channels ?? 'none (a scalar input)'}; use 1 or ${channels ?? 'a last axis'}.`,
      );
    }
    const shape = this.numParameters === 1 ? [] : [this.numParameters];
    const slope = this.param('negative_slope', constant(this.negativeSlopeInit), shape);
    return where(greaterEqual(inputs, 0), inputs, multiply(slope, inputs));
  }
}
