/**
 * optax's schedules: functions from the step count (an int32 array) to a value, written with `np` operations so
 * that they run on the device, also on traced counts.
 *
 * @packageDocumentation
 */
export { constantSchedule, linearSchedule, polynomialSchedule } from './polynomial';
export type { TransitionOptions } from './polynomial';
export { exponentialDecay } from './exponential';
export type { ExponentialDecayOptions } from './exponential';
export { cosineDecaySchedule, warmupCosineDecaySchedule } from './cosine';
export type { CosineDecayOptions, WarmupCosineDecayOptions } from './cosine';
export { joinSchedules } from './join';
