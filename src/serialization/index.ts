/**
 * Checkpoints in Flax's format (Flax's `flax.serialization`): state dicts (`toStateDict`, `fromStateDict`) and
 * msgpack bytes (`toBytes`, `fromBytes`, `msgpackSerialize`, `msgpackRestore`) that Python Flax reads and writes
 * too. Pure TypeScript over `Uint8Array`, so it runs in browsers as in Node.
 *
 * @example
 * const bytes = serialization.toBytes(state);                  // state: a TrainState, params, …
 * const restored = serialization.fromBytes(state, bytes);      // same structure, shapes and dtypes
 *
 * @packageDocumentation
 */
// TrainState registers its state dict (step, params, opt_state, …) with the registry when this module loads.
import './train-state';

export { currentPath, fromStateDict, registerSerializationState, toStateDict } from './state-dict';
export type { StateDict } from './state-dict';
export { fromBytes, msgpackRestore, msgpackSerialize, toBytes } from './bytes';
export { MAX_CHUNK_SIZE } from './chunking';
export { MsgpackExt } from './msgpack/ext';
