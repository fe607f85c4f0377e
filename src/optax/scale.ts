/**
 * Multiplying updates by a constant or by a schedule: optax's `scale`, `scale_by_schedule` and
 * `scale_by_learning_rate` (the last step of `sgd` and `adam`, which turns a direction into a step `−lr·u`).
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import type { ArrayLike } from '../core/array';
import { multiply } from '../core/np/elementwise';
import { tidyTree } from '../core/scope';
import { treeMap } from '../core/tree';
import { safeIncrement, zeroCount } from './tree-math';
import { emptyState, type EmptyState, type GradientTransformation, type Updates } from './transformation';

/** A learning-rate schedule: the step size for a step count (0 for the first update). */
export type Schedule = (count: number) => number;

/** A constant step size or a {@link Schedule}. */
export type ScalarOrSchedule = number | Schedule;

/** The state of {@link scaleBySchedule}: how many updates it has scaled (an int32 scalar, as in optax). */
export interface ScaleByScheduleState {
  readonly count: tf.Tensor;
}

function scaleTree(stepSize: number, updates: Updates): Updates {
  return tidyTree('scale', () => treeMap((g: ArrayLike) => multiply(stepSize, g), updates));
}

/** Multiplies every update by `stepSize` (optax's `scale`). */
export function scale(stepSize: number): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: (updates) => [scaleTree(stepSize, updates), {}],
  };
}

/**
 * Multiplies the updates by `stepSizeFn(count)`, `count` being the number of updates made so far (optax's
 * `scale_by_schedule`). The count lives on the device as in optax; reading it back for the schedule is one small
 * synchronous download per step.
 */
export function scaleBySchedule(stepSizeFn: Schedule): GradientTransformation<ScaleByScheduleState> {
  return {
    init: () => ({ count: zeroCount() }),
    update: (updates, state) => {
      const stepSize = stepSizeFn(state.count.arraySync() as number);
      return [scaleTree(stepSize, updates), { count: safeIncrement(state.count) as tf.Tensor }];
    },
  };
}

/** Options of {@link scaleByLearningRate}. */
export interface ScaleByLearningRateOptions {
  /** Multiply by `−learningRate` (gradient descent), not `learningRate`. Default true. */
  readonly flipSign?: boolean;
}

/** Checks that a learning rate is a number or a schedule, naming what was given instead. */
export function checkLearningRate(learningRate: unknown): asserts learningRate is ScalarOrSchedule {
  if (typeof learningRate === 'function') return;
  if (typeof learningRate === 'number' && !Number.isNaN(learningRate)) return;
  throw new TypeError(
    `learningRate must be a number or a schedule (count) => number, got ${String(learningRate)}.`,
  );
}

/**
 * Scales the updates by `−learningRate` (or `+learningRate` without `flipSign`), where the learning rate may be a
 * schedule of the step count (optax's `scale_by_learning_rate`).
 */
export function scaleByLearningRate(
  learningRate: ScalarOrSchedule,
  options: ScaleByLearningRateOptions = {},
): GradientTransformation<EmptyState | ScaleByScheduleState> {
  checkLearningRate(learningRate);
  const sign = (options.flipSign ?? true) ? -1 : 1;
  return typeof learningRate === 'function'
    ? scaleBySchedule((count) => sign * learningRate(count))
    : scale(sign * learningRate);
}
