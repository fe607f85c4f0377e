/**
 * Multiplying updates by a constant or by a schedule: optax's `scale`, `scale_by_schedule` and
 * `scale_by_learning_rate` (the last step of every optimizer, which turns a direction into a step `−lr·u`).
 *
 * @packageDocumentation
 */
import { asarray, astype, multiply, type ArrayLike, type NDArray, type NumericDType } from '../core/np';
import { tidyTree } from '../core/scope';
import { treeMap } from '../core/tree';
import { safeIncrement, zeroCount } from './tree-math';
import { emptyState, type EmptyState, type GradientTransformation, type Updates } from './transformation';

/**
 * A schedule (optax's `Schedule`): maps the step count, an int32 scalar array (0 for the first update), to a value,
 * an array or a plain number. Write it with `np` operations on the count, never by reading the count back into
 * JavaScript, so that it also runs on traced counts and costs no device synchronisation per step.
 *
 * @example
 * const halving: optax.Schedule = (count) => np.multiply(0.1, np.power(0.5, count));
 */
export type Schedule = (count: NDArray) => ArrayLike;

/** A constant value or a {@link Schedule}. */
export type ScalarOrSchedule = number | Schedule;

/** The state of {@link scaleBySchedule}: how many updates it has scaled (an int32 scalar, as in optax). */
export interface ScaleByScheduleState {
  readonly count: NDArray;
}

/** Every leaf times `stepSize`, the step size converted to the leaf's dtype first (as optax does). */
function scaleTree(stepSize: ArrayLike, updates: Updates): Updates {
  return treeMap((leaf: ArrayLike) => {
    const g = asarray(leaf);
    return multiply(astype(stepSize, g.dtype as NumericDType), g);
  }, updates);
}

/** Multiplies every update by `stepSize` (optax's `scale`). */
export function scale(stepSize: number): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: (updates) => [tidyTree('scale', () => scaleTree(stepSize, updates)), {}],
  };
}

/**
 * Multiplies the updates by `stepSizeFn(count)`, `count` being the number of updates made so far (optax's
 * `scale_by_schedule`). The count stays an array on the device and the schedule computes with it there.
 */
export function scaleBySchedule(stepSizeFn: Schedule): GradientTransformation<ScaleByScheduleState> {
  return {
    init: () => ({ count: zeroCount() }),
    update: (updates, state) =>
      tidyTree('scaleBySchedule', () => [
        scaleTree(stepSizeFn(state.count), updates),
        { count: safeIncrement(state.count) },
      ]),
  };
}

/** Options of {@link scaleByLearningRate}. */
export interface ScaleByLearningRateOptions {
  /** Multiply by `−learningRate` (gradient descent), not `learningRate`. Default true. */
  readonly flipSign?: boolean;
}

/** Checks that a hyperparameter (`what`) is a number or a schedule, naming what was given instead. */
export function checkScalarOrSchedule(
  value: unknown,
  what = 'learningRate',
): asserts value is ScalarOrSchedule {
  if (typeof value === 'function') return;
  if (typeof value === 'number' && !Number.isNaN(value)) return;
  throw new TypeError(
    `${what} must be a number or a schedule (count: NDArray) => ArrayLike, got ${String(value)}.`,
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
  checkScalarOrSchedule(learningRate);
  const sign = (options.flipSign ?? true) ? -1 : 1;
  return typeof learningRate === 'function'
    ? scaleBySchedule((count) => multiply(sign, learningRate(count)))
    : scale(sign * learningRate);
}
