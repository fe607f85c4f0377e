/**
 * The machinery behind `Module` (Flax's `_call_wrapped_method`, `__post_init__`, `__setattr__`, `_try_setup`):
 * per-instance state, the stack of modules whose methods are running, naming and attaching submodules, lazy
 * `setup`, and the freeze after construction. `module.ts` holds only the user-facing class.
 *
 * @packageDocumentation
 */
import { isTreeNode } from '../core/tree';
import {
  compactMethodName,
  initializationAllowed,
  outsideCompactHint,
  type CompactDeclaring,
} from './compact';
import {
  AssignSubModuleError,
  CallCompactUnboundModuleError,
  NameInUseError,
  SetAttributeFrozenModuleError,
  SetAttributeInModuleSetupError,
} from './errors';
import type { Scope } from './scope';

/** A module instance, as seen by the machinery (the class itself is in `module.ts`). */
export type ModuleLike = object;

/** A module class: constructed from one attributes object; `compact` names its compact method. */
export type ModuleConstructor = (new (attrs: Record<string, unknown>) => ModuleLike) & CompactDeclaring;

/** Everything Flax keeps in a module's private fields and `_state`. */
export interface ModuleState {
  readonly ctor: ModuleConstructor;
  readonly className: string;
  /** The object given to the constructor. */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** The object behind the instance's proxy: writes that must bypass the freeze go here. */
  readonly target: Record<string | symbol, unknown>;
  /** The instance itself (the proxy users hold); set by {@link register}. */
  self: ModuleLike;
  /** Attribute names read by `attr()`: the declared attributes. */
  readonly attributeKeys: Set<string>;
  /** The parent module, the root scope of an `init`/`apply`, or null for a module made outside any module. */
  parent: ModuleLike | Scope | null;
  name: string | undefined;
  scope: Scope | undefined;
  /** Set at first use: from then on only `setup` may assign. */
  sealed: boolean;
  inSetup: boolean;
  setupDone: boolean;
  /** This module's methods that are running, innermost last (methods may call each other, or `super`). */
  readonly running: string[];
  /** How many calls of the compact method are running (it may call itself through `super`). */
  compactDepth: number;
  /** Next auto-name index per class name, for submodules created by `setup` or the compact method. */
  readonly autoname: Map<string, number>;
}

const states = new WeakMap<object, ModuleState>();

/** Modules whose methods are running, innermost last: a module constructed now becomes a child of the last. */
const moduleStack: ModuleLike[] = [];

/** Set by `clone` and binding: the next module constructed is not adopted by the running method's module. */
let nextIsOrphan = false;

/** The state of a module instance, or undefined for anything else. */
export function stateOf(value: unknown): ModuleState | undefined {
  return typeof value === 'object' && value !== null ? states.get(value) : undefined;
}

/** The state of `module`, which must be a module. */
export function requireState(module: ModuleLike): ModuleState {
  const state = states.get(module);
  if (state === undefined) throw new TypeError('Expected a flax-ts Module instance.');
  return state;
}

/** True for module instances. */
export function isModule(value: unknown): value is ModuleLike {
  return stateOf(value) !== undefined;
}

/** Constructs a module that belongs to no parent, whatever method is running (for clones and bindings). */
export function constructOrphan(ctor: ModuleConstructor, attrs: Record<string, unknown>): ModuleLike {
  nextIsOrphan = true;
  try {
    return new ctor(attrs);
  } finally {
    nextIsOrphan = false;
  }
}

/** Checks that every attribute given to the constructor was declared; from now on the module is frozen. */
export function seal(state: ModuleState): void {
  if (state.sealed) return;
  for (const key of Object.keys(state.attrs)) {
    if (key !== 'name' && !state.attributeKeys.has(key)) {
      const known = [...state.attributeKeys, 'name'].join(', ');
      throw new TypeError(
        `${state.className} got an unexpected attribute "${key}" (its attributes are: ${known}).`,
      );
    }
  }
  state.sealed = true;
}

/** Gives `child` its name and a scope under `parent`, bound to `scope` (Flax's attachment in `__post_init__`). */
function attach(childState: ModuleState, parent: ModuleLike, scope: Scope, name: string): void {
  if (scope.nameReserved(name)) throw new NameInUseError('submodule', name, requireState(parent).className);
  childState.parent = parent;
  childState.name = name;
  childState.scope = scope.push(name);
}

/**
 * Registers a module just constructed: outside any module method it is an orphan; inside a method it becomes a
 * child of that method's module, named by its `name` attribute or `ClassName_N`; inside `setup` without a name
 * it waits to be named by the field it is assigned to. Only `setup` and the compact method may create children
 * (Flax's AssignSubModuleError otherwise), so auto-names never restart in a second method.
 */
export function register(module: ModuleLike, state: ModuleState): void {
  states.set(module, state);
  state.self = module;
  const parent = nextIsOrphan ? undefined : moduleStack[moduleStack.length - 1];
  nextIsOrphan = false;
  if (parent === undefined) return;
  const parentState = requireState(parent);
  state.parent = parent;
  // The constructor checked the name attribute, and took it as the module's name.
  const explicit = state.name;
  if (parentState.inSetup && explicit === undefined) return;
  if (!initializationAllowed(parentState)) {
    throw new AssignSubModuleError(state.className, outsideCompactHint(parentState));
  }
  // Allowed means in setup or the compact method, and both run only on bound modules.
  const scope = parentState.scope as Scope;
  let name = explicit;
  if (name === undefined) {
    const index = parentState.autoname.get(state.className) ?? 0;
    parentState.autoname.set(state.className, index + 1);
    name = `${state.className}_${index}`;
  }
  attach(state, parent, scope, name);
}

/**
 * The clones of orphans adopted during one `init`/`apply` (keyed by its variables object, which all its scopes
 * share), so one instance given twice stays one submodule.
 */
const adoptedClones = new WeakMap<object, Map<ModuleLike, ModuleLike>>();

/**
 * Names and attaches the modules found in `value` (a module, or arrays/objects of modules) assigned to field
 * `key` of `parent`: `key` for a module, `key_0`, `key_1`, … (or `key_field`) inside containers, as Flax does.
 * Orphans (made outside any module) are cloned first, so the caller's instance stays unbound.
 */
export function adoptSubmodules(
  parent: ModuleLike,
  parentState: ModuleState,
  key: string,
  value: unknown,
): unknown {
  const scope = parentState.scope;
  if (scope === undefined) return value;
  const visit = (suffix: string, node: unknown): unknown => {
    const childState = stateOf(node);
    if (childState !== undefined) {
      let child = node as ModuleLike;
      let state = childState;
      if (state.parent === null) {
        const cache = adoptedClones.get(scope.variables()) ?? new Map<ModuleLike, ModuleLike>();
        adoptedClones.set(scope.variables(), cache);
        const clone = cache.get(child) ?? constructOrphan(state.ctor, { ...state.attrs, name: undefined });
        cache.set(child, clone);
        child = clone;
        state = requireState(clone);
      }
      if (state.scope === undefined) attach(state, parent, scope, `${key}${suffix}`);
      return child;
    }
    if (Array.isArray(node)) return node.map((item, i) => visit(`${suffix}_${i}`, item));
    if (isTreeNode(node)) {
      const entries = Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, item]) => [k, visit(`${suffix}_${k}`, item)]));
    }
    return node;
  };
  return visit('', value);
}

function containsModule(value: unknown): boolean {
  if (isModule(value)) return true;
  if (Array.isArray(value)) return value.some(containsModule);
  return isTreeNode(value) && Object.values(value).some(containsModule);
}

/** Runs `setup` once per binding (Flax's `_try_setup`), after adopting modules passed as attributes. */
export function trySetup(module: ModuleLike, state: ModuleState, setup: () => void): void {
  if (state.scope === undefined || state.setupDone || state.inSetup) return;
  state.inSetup = true;
  moduleStack.push(module);
  try {
    for (const key of state.attributeKeys) {
      const value = state.target[key];
      if (containsModule(value)) state.target[key] = adoptSubmodules(module, state, key, value);
    }
    setup();
  } finally {
    moduleStack.pop();
    state.inSetup = false;
    state.setupDone = true;
    state.autoname.clear();
  }
}

/**
 * Runs method `method` of a module (Flax's `_call_wrapped_method`): freezes the module, runs `setup` if needed, and
 * makes the module the parent of modules constructed meanwhile. The compact method must be bound; when its
 * outermost call returns, the names reserved in it and the auto-name counters are forgotten, so calling it again
 * (from `apply`, or twice from another method) reuses the same submodules and variables, as in Flax.
 */
export function runMethod<R>(
  module: ModuleLike,
  state: ModuleState,
  method: string,
  setup: () => void,
  body: () => R,
): R {
  seal(state);
  trySetup(module, state, setup);
  const compact = method === compactMethodName(state.ctor);
  if (compact && state.scope === undefined) throw new CallCompactUnboundModuleError();
  moduleStack.push(module);
  state.running.push(method);
  if (compact) state.compactDepth += 1;
  try {
    return body();
  } finally {
    moduleStack.pop();
    state.running.pop();
    if (compact && --state.compactDepth === 0) {
      state.autoname.clear();
      state.scope = state.scope?.rewound();
    }
  }
}

/**
 * The proxy traps that freeze a module: assignments are free during construction, in `setup` they name
 * submodules (and may not touch attributes), and anywhere else they throw Flax's frozen-module error.
 */
export function freezeHandler(state: ModuleState): ProxyHandler<Record<string | symbol, unknown>> {
  const assign = (key: string | symbol, value: unknown): unknown => {
    if (typeof key === 'symbol' || !state.sealed) return value;
    if (!state.inSetup) throw new SetAttributeFrozenModuleError(state.className, key, value);
    if (state.attributeKeys.has(key)) throw new SetAttributeInModuleSetupError();
    return adoptSubmodules(state.self, state, key, value);
  };
  return {
    set(target, key, value) {
      return Reflect.set(target, key, assign(key, value));
    },
    defineProperty(target, key, descriptor) {
      if (!('value' in descriptor)) return Reflect.defineProperty(target, key, descriptor);
      return Reflect.defineProperty(target, key, { ...descriptor, value: assign(key, descriptor.value) });
    },
    deleteProperty(target, key) {
      if (state.sealed && typeof key === 'string') {
        throw new SetAttributeFrozenModuleError(state.className, key, undefined);
      }
      return Reflect.deleteProperty(target, key);
    },
  };
}

/** Binds a fresh copy of `module` to the root scope of an `init`/`apply` (Flax clones before binding too). */
export function bindToRoot(module: ModuleLike, scope: Scope): ModuleLike {
  const state = requireState(module);
  seal(state);
  const bound = constructOrphan(state.ctor, { ...state.attrs });
  const boundState = requireState(bound);
  seal(boundState);
  boundState.parent = scope;
  boundState.scope = scope;
  boundState.name = state.name;
  return bound;
}
