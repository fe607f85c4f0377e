/**
 * optax in TypeScript: gradient transformations (`sgd`, `adam`, `adamw`, `chain`, …), schedules, `applyUpdates`
 * and loss functions, with optax 0.2.8's formulas, defaults and state layouts.
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
export { scaleByRms, scaleByStddev } from './rms';
export type { ScaleByRmsOptions, ScaleByRmsState, ScaleByStddevState } from './rms';
export { scaleByRss } from './rss';
export type { ScaleByRssOptions, ScaleByRssState } from './rss';
export { scaleByLion } from './lion';
export type { ScaleByLionOptions, ScaleByLionState } from './lion';
export { addDecayedWeights } from './weight-decay';
export type { AddDecayedWeightsOptions, DecayState, WeightDecayScheduleState } from './weight-decay';
export { clipByGlobalNorm } from './clipping';
export { masked } from './masking';
export type { Mask, MaskedState } from './masking';
export { multiTransform, partition } from './partition';
export type { MultiTransformState, ParamLabels, PartitionState } from './partition';
export { adagrad, adam, adamw, lion, rmsprop, sgd } from './alias';
export type { AdamWOptions, LionOptions, RmspropOptions, SgdOptions } from './alias';
export * from './schedules';
export { applyUpdates } from './update';
export * as losses from './losses';
export { l2Loss, softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels, squaredError } from './losses';
