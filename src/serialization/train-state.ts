/**
 * How a `TrainState` is saved: as Flax's `TrainState` (a `flax.struct` dataclass) is, the map of its data fields,
 * `step`, `params`, `opt_state`, then the extra fields (e.g. `batch_stats`), named as Flax names the attributes
 * (snake_case) so that checkpoints move between flax-ts and Python Flax. `applyFn` and `tx` are code, not state,
 * and are not saved.
 *
 * @packageDocumentation
 */
import { STATIC_FIELDS, TrainState } from '../training/train-state';
import {
  currentPath,
  registerSerializationState,
  restoreField,
  toStateDict,
  type StateDict,
} from './state-dict';

/** A flax-ts field name as Flax's attribute name: `optState` → `opt_state`, `batchStats` → `batch_stats`. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The fields a checkpoint holds, in Flax's order: the core ones, then the extra ones in their order. */
function dataFields(state: TrainState): string[] {
  const core = ['step', 'params', 'optState'];
  const extra = Object.keys(state).filter((key) => !core.includes(key) && !STATIC_FIELDS.has(key));
  return [...core, ...extra];
}

function trainStateToStateDict(state: TrainState): StateDict {
  const fields = state as unknown as Record<string, unknown>;
  return Object.fromEntries(dataFields(state).map((field) => [snakeCase(field), toStateDict(fields[field])]));
}

function trainStateFromStateDict(target: TrainState, state: StateDict): TrainState {
  const className = target.constructor.name;
  const unknown = new Set(Object.keys(state));
  const fields = target as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const field of dataFields(target)) {
    const key = snakeCase(field);
    if (!Object.hasOwn(state, key)) {
      throw new Error(
        `Missing field ${key} in state dict while restoring an instance of ${className}, at path ${currentPath()}`,
      );
    }
    unknown.delete(key);
    changes[field] = restoreField(fields[field], state[key], key, field);
  }
  if (unknown.size > 0) {
    throw new Error(
      `Unknown field(s) "${[...unknown].join(',')}" in state dict while restoring an instance of ${className}` +
        ` at path ${currentPath()}`,
    );
  }
  return target.replace(changes);
}

registerSerializationState(TrainState, trainStateToStateDict, trainStateFromStateDict);
