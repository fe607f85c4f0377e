/**
 * `Module`, the base class of every layer and model (Flax's `nn.Module`).
 *
 * A module is a frozen bundle of hyperparameters (its attributes) plus methods. Attributes are read from the
 * constructor's object by {@link Module.attr}; `call` (Flax's `__call__`) and any other method run inside the
 * module's scope during `init`/`apply`, where `param`, `variable` and `makeRng` reach the variables and rngs.
 * Submodules are either constructed inside the compact method (auto-named `ClassName_N`) or assigned to fields in
 * `setup()` (named by the field). Variable storage, rng derivation and their errors live in `scope.ts`; the
 * naming, binding and freezing machinery in `module-state.ts`; the one-compact-method rule in `compact.ts`.
 *
 * The compact method (Flax's `@nn.compact`) is `call` unless the class says otherwise with a static field:
 * `static override compact = 'encode'`, or `= null` for a module built entirely in `setup`. Flax's guides mark
 * `__call__` compact almost every time, so the default keeps the common module free of ceremony (no decorator,
 * which tslab would also compile with legacy semantics), while the rare exception is declared in one line that is
 * checked when the class is first used: a name that is not a method is an error, and a single name cannot mark
 * two methods. Creating a submodule, param or variable in any other method is Flax's AssignSubModuleError (or
 * its "must be initialized in `setup()`" error), so two methods can never both auto-name a `Dense_0`.
 *
 * Define methods as class methods (arrow-function fields are not wrapped, so they would not run in the module).
 * A module is frozen from its first use (a method call, `init`, `apply`, `clone`): assigning to it then throws
 * Flax's SetAttributeFrozenModuleError, except inside `setup`. `init`/`apply` bind a fresh copy of the module, so
 * the instance you hold stays unbound and reusable, as in Flax.
 *
 * @example
 * class MLP extends nn.Module<{ features: number[] }> {
 *   readonly features = this.attr('features');
 *   call(x: NDArray): NDArray {
 *     this.features.slice(0, -1).forEach((f) => (x = nn.relu(new nn.Dense({ features: f }).call(x))));
 *     return new nn.Dense({ features: this.features[this.features.length - 1] }).call(x);
 *   }
 * }
 * const variables = new MLP({ features: [4, 1] }).init(random.key(0), [np.ones([1, 3])]);
 *
 * @packageDocumentation
 */
import type { Key } from '../core/random';
import { attributeError, AttrRule, nonEmptyString } from './attribute-rules';
import { checkCompactDeclaration, initializationAllowed, initializationNotAllowed } from './compact';
import {
  entryPoints,
  type ApplyFunction,
  type InitFunction,
  type InitWithOutputFunction,
} from './entry-points';
import { CallCompactUnboundModuleError, NameInUseError } from './errors';
import {
  constructOrphan,
  freezeHandler,
  register,
  requireState,
  runMethod,
  seal,
  type ModuleConstructor,
  type ModuleState,
} from './module-state';
import type { Scope, Variable } from './scope';

/** The attribute every module accepts: an explicit name instead of `ClassName_N` / the field name. */
export interface ModuleBaseAttrs {
  readonly name?: string;
}

/** The constructor's parameters: the attributes object, optional when no attribute is required. */
export type ModuleArgs<A> =
  Partial<A> extends A ? [attrs?: A & ModuleBaseAttrs] : [attrs: A & ModuleBaseAttrs];

/** Classes prepared (compact declaration checked, methods wrapped), prototypes wrapped, and the wrappers. */
const checkedClasses = new WeakSet();
const wrappedPrototypes = new WeakSet();
const wrappers = new WeakSet();

/**
 * Prepares a class at its first instance: checks its `static compact`, and wraps the methods it defines, once per
 * prototype (Flax's `wrap_method_once`), so that each call runs inside its module: `setup` first if needed,
 * submodules constructed meanwhile become children.
 */
function prepareClass(ctor: ModuleConstructor): void {
  if (checkedClasses.has(ctor)) return;
  checkCompactDeclaration(ctor, Module.prototype);
  checkedClasses.add(ctor);
  for (let proto = ctor.prototype; proto !== Module.prototype;) {
    if (wrappedPrototypes.has(proto)) break;
    wrappedPrototypes.add(proto);
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const fn: unknown = descriptor?.value;
      if (key === 'constructor' || key === 'setup' || typeof fn !== 'function' || wrappers.has(fn)) continue;
      const original = fn as (...args: unknown[]) => unknown;
      const wrapped = function (this: Module, ...args: unknown[]): unknown {
        const state = requireState(this);
        return runMethod(
          this,
          state,
          key,
          () => {
            this.setup();
          },
          () => original.apply(this, args),
        );
      };
      Object.defineProperty(wrapped, 'name', { value: key });
      wrappers.add(wrapped);
      Object.defineProperty(proto, key, { ...descriptor, value: wrapped });
    }
    proto = Object.getPrototypeOf(proto) as object;
  }
}

/**
 * The base class of layers and models. `A` lists the attributes; declare each as a readonly field read with
 * {@link Module.attr}, and implement `call`. `C` lists the collections `init` returns (default `'params'`):
 * `nn.Module<Attrs, 'params' | 'batch_stats'>` for a model with BatchNorm, `never` for one without variables.
 * `C` is a declaration the types trust (nothing at run time knows it), like an annotation. To type "any module",
 * write `nn.Module<object, string>`: the bare `nn.Module` promises `params`.
 */
export abstract class Module<A extends object = object, C extends string = 'params'> {
  /**
   * The compact method: the one method besides `setup` that may create submodules, params and variables inline
   * (Flax's `@nn.compact`). `'call'` unless a class declares another, e.g. `static override compact = 'encode'`
   * (add `satisfies nn.MethodName<Encoder>` to have TypeScript check the name), or `null` when everything is
   * created in `setup`. Checked when the first instance is made.
   */
  static compact: string | null = 'call';

  /**
   * Initializes the model: runs `method` (default `call`) with `args` and returns every collection created, the
   * class's declared collections `C` typed as present. `rngs` is one key (the `params` stream) or keys by stream
   * name. Bound to the module, so it can be passed around as a function.
   *
   * @example
   * const variables = new nn.Dense({ features: 4 }).init(random.key(0), [np.ones([1, 3])]);
   * variables.params; // nn.Collection
   */
  declare readonly init: InitFunction<this, C>;

  /** Like {@link Module.init}, also returning the method's output: `[output, variables]`. */
  declare readonly initWithOutput: InitWithOutputFunction<this, C>;

  /**
   * Runs `method` (default `call`) with `args` on `variables`. Returns the output, or `[output, updated]` when
   * `mutable` names collections that may change (e.g. `['batch_stats']`, typed as present in `updated`). Bound to
   * the module, so `TrainState.create({ applyFn: model.apply, … })` works.
   *
   * @example
   * const y = model.apply(variables, [x, false]);
   * const [y2, updates] = model.apply(variables, [x, true], { mutable: ['batch_stats'], rngs: { dropout: key } });
   * updates.batch_stats; // nn.Collection
   */
  declare readonly apply: ApplyFunction<this>;

  constructor(...[attrs]: ModuleArgs<A>) {
    const given = (attrs ?? {}) as Record<string, unknown>;
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new TypeError(
        `${new.target.name} takes one object of attributes, e.g. new ${new.target.name}({ … }).`,
      );
    }
    if (given.name !== undefined && !nonEmptyString.test(given.name)) {
      throw attributeError(new.target.name, 'name', given.name, nonEmptyString);
    }
    const ctor = new.target as unknown as ModuleConstructor;
    prepareClass(ctor);
    const state: ModuleState = {
      ctor,
      className: new.target.name,
      attrs: { ...given },
      target: this as unknown as Record<string | symbol, unknown>,
      self: this,
      attributeKeys: new Set(),
      parent: null,
      name: typeof given.name === 'string' ? given.name : undefined,
      scope: undefined,
      sealed: false,
      inSetup: false,
      setupDone: false,
      running: [],
      compactDepth: 0,
      autoname: new Map(),
    };
    const proxy = new Proxy(state.target, freezeHandler(state)) as unknown as this;
    register(proxy, state);
    // Flax code hands `model.apply` around as a plain function (TrainState's `apply_fn`, `jax.jit(model.apply)`):
    // each instance owns its entry points, bound to it, and they are not attributes (not enumerable).
    for (const [key, fn] of Object.entries(entryPoints(proxy))) {
      Object.defineProperty(state.target, key, { value: fn, enumerable: false });
    }
    return proxy;
  }

  /**
   * Reads attribute `key` from the constructor's object: `readonly features = this.attr('features')` (required)
   * or `readonly useBias = this.attr('useBias', true)` (with a default; `undefined` for "not given"). A rule from
   * `nn.attrRules` as the last argument checks a given value now, at construction:
   * `this.attr('features', nn.attrRules.positiveInteger)`, `this.attr('useBias', true, nn.attrRules.boolean)`.
   */
  protected attr<K extends keyof A & string>(key: K): Exclude<A[K], undefined>;
  // Not `rule?` on the signature above: `attr('deterministic', undefined)` (a default of undefined) must reach the
  // fallback signature, whose result includes `undefined`, and an optional `rule` would accept it first.
  protected attr<K extends keyof A & string>(
    key: K,
    // eslint-disable-next-line @typescript-eslint/unified-signatures
    rule: AttrRule<Exclude<A[K], undefined>>,
  ): Exclude<A[K], undefined>;
  protected attr<K extends keyof A & string, D>(
    key: K,
    fallback: D,
    rule?: AttrRule<Exclude<A[K], undefined>>,
  ): Exclude<A[K], undefined> | D;
  protected attr(key: string, ...rest: unknown[]): unknown {
    const state = requireState(this);
    state.attributeKeys.add(key);
    const last = rest[rest.length - 1];
    const rule = last instanceof AttrRule ? (last as AttrRule<unknown>) : undefined;
    const fallback = rule === undefined ? rest : rest.slice(0, -1);
    const value = state.attrs[key];
    if (value !== undefined) {
      if (rule !== undefined && !rule.test(value)) throw attributeError(state.className, key, value, rule);
      return value;
    }
    if (fallback.length === 0) {
      throw new TypeError(
        `${state.className} is missing the required attribute "${key}": new ${state.className}({ ${key}: … }).`,
      );
    }
    return fallback[0];
  }

  /** The computation of the module (Flax's `__call__`), run with `.call(...)` or through `init`/`apply`. */
  abstract call(...args: never[]): unknown;

  /** Defines submodules and variables lazily, once per `init`/`apply`, by assigning them to fields. */
  setup(): void {
    // Nothing by default: compact modules define their submodules inside `call`.
  }

  /** The module's name under its parent (`Dense_0`, a setup field's name, or the `name` attribute). */
  get name(): string | undefined {
    return requireState(this).name;
  }

  /** Names from the root module to this one (`[]` for the root); only while bound. */
  get path(): readonly string[] {
    const { scope } = requireState(this);
    if (scope === undefined) throw new Error("Can't access module paths on unbound modules.");
    return scope.path;
  }

  private boundScope(): Scope {
    const { scope } = requireState(this);
    if (scope === undefined) throw new CallCompactUnboundModuleError();
    return scope;
  }

  private unboundError(what: string): Scope {
    const { scope } = requireState(this);
    if (scope === undefined) throw new Error(`Can't ${what} on unbound modules`);
    return scope;
  }

  /**
   * Declares parameter `name` (collection `params`): created during `init` as `initFn(key, ...args)` with a fresh
   * key of the `params` stream, read during `apply` (after checking its shape against `initFn`).
   */
  param<T, Args extends unknown[]>(name: string, initFn: (key: Key, ...args: Args) => T, ...args: Args): T {
    const state = requireState(this);
    if (!initializationAllowed(state)) throw initializationNotAllowed('Parameters', state);
    const scope = this.boundScope();
    if (scope.nameReserved(name, 'params')) throw new NameInUseError('param', name, state.className);
    return scope.param(name, initFn, ...args);
  }

  /**
   * Declares variable `name` of collection `col`, created as `initFn(...args)` if missing; read and write it
   * through `.value`.
   */
  variable<T, Args extends unknown[]>(
    col: string,
    name: string,
    initFn?: (...args: Args) => T,
    ...args: Args
  ): Variable<T> {
    const state = requireState(this);
    if (!initializationAllowed(state)) throw initializationNotAllowed('Variables', state);
    const scope = this.boundScope();
    if (scope.nameReserved(name, col)) throw new NameInUseError('variable', name, state.className);
    return scope.variable(col, name, initFn, ...args);
  }

  /** True if variable `name` of collection `col` exists. */
  hasVariable(col: string, name: string): boolean {
    return this.unboundError('access variables').hasVariable(col, name);
  }

  /**
   * Stores an intermediate value (Flax's `sow`): if collection `col` is mutable, appends `value` to the list kept
   * as variable `name` (`initFn`, default `() => []`, starts it; `reduceFn`, default append, adds to it) and
   * returns true; otherwise does nothing and returns false. `apply(…, { mutable: ['intermediates'] })` returns them.
   */
  sow<T, S = T[]>(
    col: string,
    name: string,
    value: T,
    {
      reduceFn = (xs: S, x: T) => [...(xs as unknown as T[]), x] as unknown as S,
      initFn = () => [] as unknown as S,
    }: { reduceFn?: (xs: S, x: T) => S; initFn?: () => S } = {},
  ): boolean {
    const scope = this.unboundError('store intermediates');
    if (!scope.isMutableCollection(col)) return false;
    let xs: S;
    if (scope.hasVariable(col, name)) xs = scope.getVariable(col, name) as S;
    else {
      scope.reserve(name, col);
      xs = initFn();
    }
    scope.putVariable(col, name, reduceFn(xs, value));
    return true;
  }

  /** True if collection `col` may be written in this `init`/`apply`. */
  isMutableCollection(col: string): boolean {
    return this.unboundError('check mutability').isMutableCollection(col);
  }

  /** True if an rng stream named `stream` was given. */
  hasRng(stream: string): boolean {
    return this.unboundError('query for RNGs').hasRng(stream);
  }

  /** A new key from rng stream `stream` (falling back to `'params'` when that stream was not given). */
  makeRng(stream = 'params'): Key {
    return this.unboundError('use RNGs').makeRng(stream, requireState(this).className);
  }

  /** True inside `init`. */
  isInitializing(): boolean {
    return this.unboundError('check if running under init()').isInitializing();
  }

  /** A new, unbound module of the same class with the same attributes, except `overrides`. */
  clone(overrides: Partial<A> & ModuleBaseAttrs = {}): this {
    const state = requireState(this);
    seal(state);
    return constructOrphan(state.ctor, { ...state.attrs, ...overrides }) as this;
  }
}
