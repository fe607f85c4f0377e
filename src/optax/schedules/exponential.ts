/**
 * Exponential decay: optax's `exponential_decay`.
 *
 * @packageDocumentation
 */
import {
  divide,
  floor,
  lessEqual,
  maximum,
  minimum,
  multiply,
  power,
  subtract,
  where,
  type NDArray,
} from '../../core/np';
import type { Schedule } from '../scale';
import { constantSchedule } from './polynomial';
import { tidySchedule } from './tidy';

/** Options of {@link exponentialDecay} (optax's keyword arguments, with optax's defaults). */
export interface ExponentialDecayOptions {
  /** Steps to hold `initValue` before the decay starts (negative counts as 0). Default 0. */
  readonly transitionBegin?: number;
  /** Decay in whole steps of `transitionSteps` (the exponent is floored). Default false. */
  readonly staircase?: boolean;
  /** A bound the value does not pass: a lower bound when `decayRate < 1`, else an upper bound. Default none. */
  readonly endValue?: number;
}

/**
 * `initValue · decayRate^((t − transitionBegin) / transitionSteps)` at step `t`, and `initValue` until
 * `transitionBegin` (optax's `exponential_decay`). With `staircase` the exponent is floored; with `endValue` the
 * value stops there. A `transitionSteps` of 0 or less, or a `decayRate` of 0, gives the constant `initValue`.
 *
 * @example
 * const lr = optax.exponentialDecay(1e-2, 1000, 0.5); // halves every 1000 steps
 */
export function exponentialDecay(
  initValue: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): Schedule {
  if (transitionSteps <= 0 || decayRate === 0) return constantSchedule(initValue);
  const { staircase = false, endValue } = options;
  const begin = Math.max(0, options.transitionBegin ?? 0);
  const bound = decayRate < 1 ? maximum : minimum;
  return tidySchedule('exponentialDecay', (count: NDArray) => {
    const elapsed = subtract(count, begin);
    const exponent = divide(elapsed, transitionSteps);
    const decayed = where(
      lessEqual(elapsed, 0),
      initValue,
      multiply(initValue, power(decayRate, staircase ? floor(exponent) : exponent)),
    );
    return endValue === undefined ? decayed : bound(decayed, endValue);
  });
}
