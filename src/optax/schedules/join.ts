/**
 * Schedules one after the other: optax's `join_schedules`.
 *
 * @packageDocumentation
 */
import { less, subtract, where, type ArrayLike, type NDArray } from '../../core/np';
import type { Schedule } from '../scale';
import { tidySchedule } from './tidy';

/**
 * `schedules[0]` until `boundaries[0]`, then `schedules[1]` until `boundaries[1]`, and so on (optax's
 * `join_schedules`). Each schedule counts from its own start: at step `t ≥ boundaries[i]`, `schedules[i + 1]` is
 * asked for `t − boundaries[i]`. `boundaries` has one entry fewer than `schedules`.
 *
 * @example
 * const lr = optax.joinSchedules([optax.linearSchedule(0, 1e-3, 100), optax.constantSchedule(1e-3)], [100]);
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  return tidySchedule('joinSchedules', (step: NDArray) => {
    let value: ArrayLike = schedules[0](step);
    const joined = Math.min(boundaries.length, schedules.length - 1);
    for (let i = 0; i < joined; i++) {
      value = where(less(step, boundaries[i]), value, schedules[i + 1](subtract(step, boundaries[i])));
    }
    return value;
  });
}
