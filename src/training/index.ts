/**
 * Training utilities (Flax's `flax.training`): {@link TrainState}.
 *
 * @packageDocumentation
 */
export { TrainState } from './train-state';
export type {
  ApplyFn,
  ExtraFields,
  OptStateOf,
  ReplaceOptions,
  TrainStateFields,
  TrainStateInit,
  TrainStateOf,
} from './train-state';
