/**
 * `RReLU`: the randomized leaky ReLU of Xu et al. (2015), as PyTorch's `nn.RReLU`.
 *
 *   y = x            where x ≥ 0
 *   y = a · x        elsewhere, with a ~ U(lower, upper) per element while training,
 *                    and a = (lower + upper) / 2 when deterministic
 *
 * - `deterministic` goes to the constructor or to `call`, exactly once (`mergeParam`).
 * - The slopes come from the `'rrelu'` rng stream (`rngCollection` to change it): pass
 *   `rngs: { rrelu: key }` to `apply`; like every stream, it falls back to `'params'` when not given.
 *   A stream of its own keeps the slopes independent of the dropout masks drawn with the same keys.
 * - Defaults `lower = 1/8`, `upper = 1/3` (PyTorch's). Errors: `lower > upper`; no key for the stream.
 *
 * @example
 * const rrelu = new nn.RReLU();
 * const y = rrelu.apply({}, [x, false], { rngs: { rrelu: random.key(0) } }); // training: random slopes
 * const z = rrelu.apply({}, [x, true]); // slope (1/8 + 1/3) / 2
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { greaterEqual, multiply, where } from '../core/np';
import { uniform } from '../core/random';
import { mergeParam } from './merge-param';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link RReLU}. */
export interface RReLUAttrs {
  /** Lower bound of the random slope (default 1/8). */
  readonly lower?: number;
  /** Upper bound of the random slope (default 1/3). */
  readonly upper?: number;
  /** Fixed mean slope (evaluation) instead of random ones; or pass it to `call`. */
  readonly deterministic?: boolean;
  /** The rng stream of the slopes (default `'rrelu'`). */
  readonly rngCollection?: string;
}

/** Randomized leaky ReLU. */
export class RReLU extends Module<RReLUAttrs, never> {
  readonly lower = this.attr('lower', 1 / 8, rules.finiteNumber);
  readonly upper = this.attr('upper', 1 / 3, rules.finiteNumber);
  readonly deterministic = this.attr('deterministic', undefined, rules.boolean);
  readonly rngCollection = this.attr('rngCollection', 'rrelu', rules.nonEmptyString);

  /** `x` where non-negative, `a · x` elsewhere (random `a` unless deterministic). */
  call(inputs: NDArray, deterministic?: boolean): NDArray {
    const isDeterministic = mergeParam('deterministic', this.deterministic, deterministic);
    if (!(this.lower <= this.upper)) {
      throw new RangeError(`RReLU: lower (${this.lower}) must not exceed upper (${this.upper}).`);
    }
    const slope = isDeterministic
      ? (this.lower + this.upper) / 2
      : uniform(this.makeRng(this.rngCollection), inputs.shape, { minval: this.lower, maxval: this.upper });
    return where(greaterEqual(inputs, 0), inputs, multiply(slope, inputs));
  }
}
