/**
 * State dicts: Flax's `to_state_dict` / `from_state_dict`, the tree of plain maps, arrays and numbers a checkpoint
 * stores, and the registry through which classes such as `TrainState` take part.
 *
 * The layout is Flax's: objects stay maps with the same keys in the same order (as in Python, trees rebuilt by the
 * tree utilities, such as updated parameters, have sorted keys, and `init` gives creation order), lists and tuples
 * become maps keyed `'0'`, `'1'`, …, registered classes write the maps their handlers give (`TrainState`: `step`,
 * `params`, `opt_state`, …), and every other value (tensors, numbers, strings, `null`) is a leaf kept as it is.
 *
 * @packageDocumentation
 */
import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import { isTreeNode } from '../core/tree';
import { isTensor } from './stored-array';

/** A state dict: string keys to sub-state-dicts or leaves. */
export type StateDict = { [key: string]: unknown };

interface Handler {
  readonly toStateDict: (target: never) => unknown;
  readonly fromStateDict: (target: never, state: never) => unknown;
}

/** The classes registered with registerSerializationState, by constructor. */
const registry = new Map<unknown, Handler>();

/** Where a restore is, as Flax names it (`./params/Dense_0`) and as a TypeScript reader of the target would. */
const statePath: string[] = [];
const targetPath: string[] = [];

/** The handler of the nearest registered class on `value`'s prototype chain (a subclass's own, else its base's). */
function handlerOf(value: unknown): Handler | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (
    let proto: unknown = Object.getPrototypeOf(value);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    const handler = registry.get((proto as { constructor: unknown }).constructor);
    if (handler !== undefined) return handler;
  }
  return undefined;
}

/**
 * Registers how instances of `cls` (and of its subclasses) become a state dict and are restored from one (Flax's
 * `register_serialization_state`). `fromStateDict(target, state)` returns a copy of `target` with the state
 * restored; it restores its fields with {@link fromStateDict}, passing each field's name, so errors name the path.
 *
 * @throws when `cls` is registered already, unless `override` is set.
 */
export function registerSerializationState<T>(
  cls: abstract new (...args: never[]) => T,
  toStateDict: (target: T) => StateDict,
  fromStateDict: (target: T, state: StateDict) => T,
  options: { readonly override?: boolean } = {},
): void {
  if (registry.has(cls) && options.override !== true) {
    throw new Error(`a serialization handler for "${cls.name}" is already registered`);
  }
  registry.set(cls, { toStateDict, fromStateDict });
}

/** The path of the value being restored, in Flax's form (`./params/Dense_0/kernel`), for handlers' errors. */
export function currentPath(): string {
  return statePath.join('/');
}

/** The current path twice: Flax's, and where the value lands in the TypeScript target. */
function where(): string {
  return `path ${currentPath()} (target${targetPath.join('')})`;
}

/**
 * The state dict of `target` (Flax's `to_state_dict`): see the module comment for the layout. Tensors are not
 * copied; the state dict shares them with `target`.
 *
 * @example
 * serialization.toStateDict({ params, opt_state: [adamState, {}] });
 * // { params, opt_state: { '0': { count, mu, nu }, '1': {} } }
 */
export function toStateDict(target: unknown): unknown {
  const handler = handlerOf(target);
  if (handler !== undefined) return handler.toStateDict(target as never);
  if (Array.isArray(target)) {
    return Object.fromEntries(target.map((x: unknown, i) => [String(i), toStateDict(x)]));
  }
  if (isTreeNode(target)) {
    return Object.fromEntries(Object.entries(target).map(([key, value]) => [key, toStateDict(value)]));
  }
  return target;
}

function accessor(name: string, inArray: boolean): string {
  if (inArray) return `[${name}]`;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** Runs `fn` with `stateName` (Flax's path) and the target's accessor pushed on the current path. */
function recording<T>(stateName: string, targetAccessor: string, fn: () => T): T {
  statePath.push(stateName);
  targetPath.push(targetAccessor);
  try {
    return fn();
  } finally {
    statePath.pop();
    targetPath.pop();
  }
}

function describe(value: unknown): string {
  if (isTensor(value)) return `a ${value.dtype} array of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `a list of length ${value.length}`;
  if (isTreeNode(value)) return `a state dict with keys [${Object.keys(value).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `a ${value.constructor.name}`;
  return typeof value === 'string' ? `the string '${value}'` : String(value);
}

function restoreList(target: readonly unknown[], state: unknown): unknown[] {
  if (!isTreeNode(state)) {
    throw new Error(`Expected a state dict for the list at ${where()}, got ${describe(state)}.`);
  }
  const items = Array.isArray(state) ? state : Object.keys(state);
  if (items.length !== target.length) {
    throw new Error(
      'The size of the list and the state dict do not match,' +
        ` got ${target.length} and ${items.length} at ${where()}`,
    );
  }
  return target.map((item, i) => {
    const value = (state as Record<string, unknown>)[String(i)];
    return recording(String(i), accessor(String(i), true), () => restore(item, value));
  });
}

function pythonSet(keys: readonly string[]): string {
  return `{${[...keys]
    .sort()
    .map((key) => `'${key}'`)
    .join(', ')}}`;
}

function restoreDict(target: Readonly<Record<string, unknown>>, state: unknown): StateDict {
  if (!isTreeNode(state) || Array.isArray(state)) {
    throw new Error(`Expected a state dict for the object at ${where()}, got ${describe(state)}.`);
  }
  const missing = Object.keys(target).filter((key) => !Object.hasOwn(state, key));
  if (missing.length > 0) {
    throw new Error(
      'The target dict keys and state dict keys do not match, target dict contains keys ' +
        `${pythonSet(missing)} which are not present in state dict at ${where()}`,
    );
  }
  // Keys only the state dict has are left out, as Flax does.
  return Object.fromEntries(
    Object.entries(target).map(([key, value]) => [
      key,
      recording(key, accessor(key, false), () => restore(value, (state as StateDict)[key])),
    ]),
  );
}

function restoreTensor(target: Tensor, state: unknown): Tensor {
  const shape = `[${target.shape.join(', ')}]`;
  if ((typeof state === 'number' || typeof state === 'boolean') && target.rank === 0) {
    return tensor(Number(state), [], target.dtype);
  }
  if (!isTensor(state)) {
    throw new Error(
      `Expected an array at ${where()} for the target's ${target.dtype}${shape}, got ${describe(state)}.`,
    );
  }
  if (state.shape.join() !== target.shape.join()) {
    throw new Error(
      `Shape mismatch at ${where()}: the target has ${shape}, the state dict [${state.shape.join(', ')}].`,
    );
  }
  if (state.dtype !== target.dtype) {
    throw new Error(
      `Dtype mismatch at ${where()}: the target is ${target.dtype}, the state dict ${state.dtype}.`,
    );
  }
  return state;
}

function restoreNumber(state: unknown): number {
  if (typeof state === 'number') return state;
  if (isTensor(state) && state.rank === 0 && state.dtype !== 'bool') return state.dataSync()[0];
  throw new Error(`Expected a number at ${where()}, got ${describe(state)}.`);
}

function restore(target: unknown, state: unknown): unknown {
  const handler = handlerOf(target);
  if (handler !== undefined) {
    if (!isTreeNode(state) || Array.isArray(state)) {
      throw new Error(
        `Expected a state dict at ${where()} to restore a ${describeClass(target)}, got ${describe(state)}.`,
      );
    }
    return handler.fromStateDict(target as never, state as never);
  }
  if (Array.isArray(target)) return restoreList(target, state);
  if (isTreeNode(target)) return restoreDict(target as Readonly<Record<string, unknown>>, state);
  if (isTensor(target)) return restoreTensor(target, state);
  if (typeof target === 'number') return restoreNumber(state);
  // Any other leaf (null, strings, booleans, other objects) takes the state's value, as in Flax.
  return state;
}

function describeClass(value: unknown): string {
  return (value as { constructor: { name: string } }).constructor.name;
}

/**
 * A copy of `target` with its values taken from `state` (Flax's `from_state_dict`): `target` gives the structure,
 * shapes and dtypes, `state` the values. Tensors come from `state` (shared, not copied); a number leaf of the
 * target also takes a scalar array, and a scalar tensor also takes a number. Keys of `state` the target lacks are
 * ignored, as in Flax.
 *
 * @param name - the root's name in error paths (Flax's `name`, default `'.'`).
 * @throws naming both paths, Flax's (`./params/Dense_0`) and the target's (`target.params.Dense_0`), when a key
 *   is missing, a list has another length, or an array has another shape or dtype.
 *
 * @example
 * const restored = serialization.fromStateDict(params, serialization.msgpackRestore(bytes));
 */
export function fromStateDict<T>(target: T, state: unknown, name = '.'): T {
  // A handler restoring its fields calls this with the field's name: the root gets no accessor of its own.
  return restoreField(target, state, name, statePath.length === 0 ? undefined : name);
}

/**
 * {@link fromStateDict} for a field whose name in the state dict (`stateKey`, e.g. `opt_state`) differs from its
 * name in the TypeScript target (`targetKey`, e.g. `optState`); `undefined` for the root.
 */
export function restoreField<T>(
  target: T,
  state: unknown,
  stateKey: string,
  targetKey: string | undefined,
): T {
  const targetAccessor = targetKey === undefined ? '' : accessor(targetKey, false);
  return recording(stateKey, targetAccessor, () => restore(target, state)) as T;
}
