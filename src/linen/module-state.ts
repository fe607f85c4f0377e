/**
 * The machinery behind `Module` (Flax's `_call_wrapped_method`, `__post_init__`, `__setattr__`, `_try_setup`):
 * per-instance state, the stack of modules whose methods are running, naming and attaching submodules, lazy
 * `setup`, and the freeze after construction. `module.ts` holds only the user-facing class.
 *
 * @packageDocumentation
 */
import { isTreeNode } from '../core/tree';
import {
  CallCompactUnboundModuleError,
  NameInUseError,
  SetAttributeFrozenModuleError,
  SetAttributeInModuleSetupError,
} from './errors';
import type { Scope } from './scope';

/** A module instance, as seen by the machinery (the class itself is in `module.ts`). */
export type ModuleLike = object;

/** A module class: constructed from one attributes object. */
export type ModuleConstructor = new (attrs: Record<string, unknown>) => ModuleLike;

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
  /** How many of this module's methods are running (methods may call each other, or `super`). */
  depth: number;
  /** Next auto-name index per class name, for submodules created by the running method. */
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

/** Gives `child` its name and a scope under `parent` (Flax's attachment in `__post_init__`). */
function attach(childState: ModuleState, parent: ModuleLike, name: string): void {
  const parentState = requireState(parent);
  if (parentState.scope === undefined) throw new CallCompactUnboundModuleError();
  if (parentState.scope.nameReserved(name)) {
    throw new NameInUseError('submodule', name, parentState.className);
  }
  childState.parent = parent;
  childState.name = name;
  childState.scope = parentState.scope.push(name);
}

/**
 * Registers a module just constructed: outside any module method it is an orphan; inside a method it becomes a
 * child of that method's module, named by its `name` attribute or `ClassName_N`; inside `setup` without a name
 * it waits to be named by the field it is assigned to.
 */
export function register(module: ModuleLike, state: ModuleState): void {
  states.set(module, state);
  state.self = module;
  const parent = nextIsOrphan ? undefined : moduleStack[moduleStack.length - 1];
  nextIsOrphan = false;
  if (parent === undefined) return;
  const parentState = requireState(parent);
  state.parent = parent;
  const explicit = state.attrs.name;
  if (explicit !== undefined && typeof explicit !== 'string') {
    throw new TypeError(`${state.className}: the name attribute must be a string, got ${typeof explicit}.`);
  }
  if (parentState.inSetup && explicit === undefined) return;
  let name = explicit;
  if (name === undefined) {
    const index = parentState.autoname.get(state.className) ?? 0;
    parentState.autoname.set(state.className, index + 1);
    name = `${state.className}_${index}`;
  }
  attach(state, parent, name);
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
      if (state.scope === undefined) attach(state, parent, `${key}${suffix}`);
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
 * Runs a method body inside its module (Flax's `_call_wrapped_method`): freezes the module, runs `setup` if
 * needed, makes the module the parent of modules constructed meanwhile, and when the outermost method returns,
 * forgets the names reserved in it (so calling it again reuses the same submodules and variables).
 */
export function runMethod<R>(module: ModuleLike, state: ModuleState, setup: () => void, body: () => R): R {
  seal(state);
  trySetup(module, state, setup);
  moduleStack.push(module);
  state.depth += 1;
  try {
    return body();
  } finally {
    moduleStack.pop();
    state.depth -= 1;
    if (state.depth === 0) {
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
