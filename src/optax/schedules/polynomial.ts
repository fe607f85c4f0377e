/**
 * Constant, polynomial and linear schedules: optax's `constant_schedule`, `polynomial_schedule` and
 * `linear_schedule`.
 *
 * @packageDocumentation
 */
import { add, clip, divide, multiply, power as powerOf, subtract, type NDArray } from '../../core/np';
import type { Schedule } from '../scale';
import { tidySchedule } from './tidy';

/** Options of {@link polynomialSchedule} and {@link linearSchedule}. */
export interface TransitionOptions {
  /** Steps to hold `initValue` before the transition starts (negative counts as 0). Default 0. */
  readonly transitionBegin?: number;
}

/**
 * The schedule that always returns `value` (optax's `constant_schedule`).
 *
 * @example
 * optax.constantSchedule(0.1); // 0.1 at every step
 */
export function constantSchedule(value: number): Schedule {
  return () => value;
}

/**
 * From `initValue` to `endValue` along a polynomial of degree `power` (optax's `polynomial_schedule`). With
 * `B = transitionBegin` and `T = transitionSteps`, the value at step `t` is `I` for `t < B`,
 * `(I − E)·(1 − (t − B)/T)^power + E` for `B ≤ t < B + T`, and `E` afterwards. A `transitionSteps` of 0 or less
 * gives the constant `initValue`.
 */
export function polynomialSchedule(
  initValue: number,
  endValue: number,
  power: number,
  transitionSteps: number,
  options: TransitionOptions = {},
): Schedule {
  if (transitionSteps <= 0) return constantSchedule(initValue);
  const begin = Math.max(0, options.transitionBegin ?? 0);
  return tidySchedule('polynomialSchedule', (count: NDArray) => {
    const done = clip(subtract(count, begin), 0, transitionSteps);
    const frac = subtract(1, divide(done, transitionSteps));
    // jax computes x**1 as x itself (an integer power): no pow kernel, no rounding.
    const shaped = power === 1 ? frac : powerOf(frac, power);
    return add(multiply(initValue - endValue, shaped), endValue);
  });
}

/**
 * From `initValue` to `endValue` in a straight line over `transitionSteps` steps, starting after
 * `transitionBegin` (optax's `linear_schedule`: {@link polynomialSchedule} of power 1).
 *
 * @example
 * const warmup = optax.linearSchedule(0, 1e-3, 100); // 0 at step 0, 1e-3 from step 100 on
 */
export function linearSchedule(
  initValue: number,
  endValue: number,
  transitionSteps: number,
  options: TransitionOptions = {},
): Schedule {
  return polynomialSchedule(initValue, endValue, 1, transitionSteps, options);
}
