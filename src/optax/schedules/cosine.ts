/**
 * Cosine decay, with and without a linear warmup: optax's `cosine_decay_schedule` and
 * `warmup_cosine_decay_schedule`.
 *
 * @packageDocumentation
 */
import { add, cos, divide, minimum, multiply, power, type NDArray } from '../../core/np';
import type { Schedule } from '../scale';
import { joinSchedules } from './join';
import { linearSchedule } from './polynomial';
import { tidySchedule } from './tidy';

/** Options of {@link cosineDecaySchedule} (optax's keyword arguments, with optax's defaults). */
export interface CosineDecayOptions {
  /** The smallest multiplier of `initValue`, reached at `decaySteps`. Default 0. */
  readonly alpha?: number;
  /** The power the cosine factor is raised to. Default 1. */
  readonly exponent?: number;
}

/**
 * `I·((1 − α)·c^p + α)` with `c = ½·(1 + cos(π·min(t, T)/T))`, `I = initValue`, `T = decaySteps`, `α = alpha`,
 * `p = exponent` (optax's `cosine_decay_schedule`): from `I` down to `α·I` at step `T`, then constant.
 *
 * @example
 * const lr = optax.cosineDecaySchedule(1e-3, 10_000);
 */
export function cosineDecaySchedule(
  initValue: number,
  decaySteps: number,
  options: CosineDecayOptions = {},
): Schedule {
  if (!(decaySteps > 0)) {
    throw new Error(`The cosineDecaySchedule requires positive decaySteps, got decaySteps=${decaySteps}.`);
  }
  const { alpha = 0, exponent = 1 } = options;
  return tidySchedule('cosineDecaySchedule', (count: NDArray) => {
    const t = minimum(count, decaySteps);
    const cosine = multiply(0.5, add(1, cos(divide(multiply(Math.PI, t), decaySteps))));
    return multiply(initValue, add(multiply(1 - alpha, power(cosine, exponent)), alpha));
  });
}

/** Options of {@link warmupCosineDecaySchedule} (optax's keyword arguments, with optax's defaults). */
export interface WarmupCosineDecayOptions {
  /** The value at the end of the decay. Default 0. */
  readonly endValue?: number;
  /** The power the cosine factor is raised to. Default 1. */
  readonly exponent?: number;
}

/**
 * A linear warmup from `initValue` to `peakValue` over `warmupSteps`, then a cosine decay to `endValue` ending at
 * step `decaySteps` (which counts the warmup too) (optax's `warmup_cosine_decay_schedule`).
 *
 * @example
 * const lr = optax.warmupCosineDecaySchedule(0, 1e-3, 100, 10_000);
 */
export function warmupCosineDecaySchedule(
  initValue: number,
  peakValue: number,
  warmupSteps: number,
  decaySteps: number,
  options: WarmupCosineDecayOptions = {},
): Schedule {
  const { endValue = 0, exponent = 1 } = options;
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return joinSchedules(
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      cosineDecaySchedule(peakValue, decaySteps - warmupSteps, { alpha, exponent }),
    ],
    [warmupSteps],
  );
}
