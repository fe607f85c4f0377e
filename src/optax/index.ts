/**
 * optax in TypeScript: gradient transformations (`sgd`, `adam`, `chain`, …), `applyUpdates` and loss functions,
 * with optax 0.2.8's formulas and state layouts.
 *
 * @packageDocumentation
 */
export type { EmptyState, GradientTransformation, OptState, Params, Updates } from './transformation';
export { identity } from './transformation';
export { chain } from './chain';
export { scale, scaleByLearningRate, scaleBySchedule } from './scale';
export type { ScalarOrSchedule, ScaleByLearningRateOptions, ScaleByScheduleState, Schedule } from './scale';
export { trace } from './trace';
export type { TraceOptions, TraceState } from './trace';
export { scaleByAdam } from './adam';
export type { ScaleByAdamOptions, ScaleByAdamState } from './adam';
export { adam, sgd } from './alias';
export type { SgdOptions } from './alias';
export { applyUpdates } from './update';
export * as losses from './losses';
export { l2Loss, softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels, squaredError } from './losses';
