/**
 * `Module`, the base class of every layer and model (Flax's `nn.Module`).
 *
 * A module is a frozen bundle of hyperparameters (its attributes) plus methods. Attributes are read from the
 * constructor's object by {@link Module.attr}; `call` (Flax's `__call__`) and any other method run inside the
 * module's scope during `init`/`apply`, where `param`, `variable` and `makeRng` reach the variables and rngs.
 * Submodules are either constructed inside a method (compact style: auto-named `ClassName_N`) or assigned to fields
 * in `setup()` (named by the field). Variable storage, rng derivation and their errors live in `scope.ts`; the
 * naming, binding and freezing machinery in `module-state.ts`.
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
import type { Key } from '../random';
import { runBound, type RunOptions, type Rngs } from './apply';
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
import type { CollectionFilter, Variables } from './variables';

/** The attribute every module accepts: an explicit name instead of `ClassName_N` / the field name. */
export interface ModuleBaseAttrs {
  readonly name?: string;
}

/** The constructor's parameters: the attributes object, optional when no attribute is required. */
export type ModuleArgs<A> =
  Partial<A> extends A ? [attrs?: A & ModuleBaseAttrs] : [attrs: A & ModuleBaseAttrs];

/** Names of the methods of `M`. */
export type MethodName<M> = {
  [K in keyof M]: M[K] extends (...args: never[]) => unknown ? K : never;
}[keyof M] &
  string;

/** The parameters of method `K` of `M`, as the array `init`/`apply` take them. */
export type MethodArgs<M, K extends keyof M> = M[K] extends (...args: infer P) => unknown ? P : never;

/** What method `K` of `M` returns. */
export type MethodResult<M, K extends keyof M> = M[K] extends (...args: never[]) => infer R ? R : never;

/** Options of {@link Module.init}. */
export interface InitOptions<K> {
  /** The method to run (default `'call'`). */
  readonly method?: K;
  /** Which collections may be created (default: all). */
  readonly mutable?: CollectionFilter;
}

/** Options of {@link Module.apply}. */
export interface ApplyOptions<K> {
  /** The method to run (default `'call'`). */
  readonly method?: K;
  /** Keys for the rng streams the model uses, e.g. `{ dropout: key }`. */
  readonly rngs?: Rngs;
  /**
   * Which collections may be updated: `true` (all), a name, or a list of names. When given, `apply` returns
   * `[output, updatedCollections]`.
   */
  readonly mutable?: CollectionFilter;
}

/** A filter that makes `apply` return `[output, collections]`. */
export type MutableFilter = true | string | readonly string[];

const wrappedPrototypes = new WeakSet();
const wrappers = new WeakSet();

/**
 * Wraps, once per class, the methods a subclass defines (Flax's `wrap_method_once`) so that each call runs
 * inside its module: `setup` first if needed, submodules constructed meanwhile become children.
 */
function wrapMethodsOnce(ctor: object): void {
  for (let proto = (ctor as { prototype: object }).prototype; proto !== Module.prototype;) {
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

/** The methods that stay bound to their module when read off it (`const apply = model.apply`). */
const BOUND_ENTRY_POINTS = ['init', 'initWithOutput', 'apply'] as const;

/**
 * The base class of layers and models. `A` lists the attributes; declare each as a readonly field read with
 * {@link Module.attr}, and implement `call`.
 */
export abstract class Module<A extends object = object> {
  constructor(...[attrs]: ModuleArgs<A>) {
    const given = (attrs ?? {}) as Record<string, unknown>;
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new TypeError(
        `${new.target.name} takes one object of attributes, e.g. new ${new.target.name}({ … }).`,
      );
    }
    wrapMethodsOnce(new.target);
    const state: ModuleState = {
      ctor: new.target as unknown as ModuleConstructor,
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
      depth: 0,
      autoname: new Map(),
    };
    const proxy = new Proxy(state.target, freezeHandler(state)) as unknown as this;
    register(proxy, state);
    // Flax code hands `model.apply` around as a plain function (TrainState's `apply_fn`, `jax.jit(model.apply)`);
    // binding the entry points to the module keeps that idiom working instead of losing `this`.
    for (const key of BOUND_ENTRY_POINTS) {
      const method = state.target[key] as (...args: unknown[]) => unknown;
      Object.defineProperty(state.target, key, { value: method.bind(proxy), enumerable: false });
    }
    return proxy;
  }

  /**
   * Reads attribute `key` from the constructor's object: `readonly features = this.attr('features')` (required)
   * or `readonly useBias = this.attr('useBias', true)` (with a default; `undefined` for "not given").
   */
  protected attr<K extends keyof A & string>(key: K): Exclude<A[K], undefined>;
  protected attr<K extends keyof A & string, D>(key: K, fallback: D): Exclude<A[K], undefined> | D;
  protected attr(key: string, ...fallback: unknown[]): unknown {
    const state = requireState(this);
    state.attributeKeys.add(key);
    const value = state.attrs[key];
    if (value !== undefined) return value;
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
    const scope = this.boundScope();
    if (scope.nameReserved(name, 'params')) {
      throw new NameInUseError('param', name, requireState(this).className);
    }
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
    const scope = this.boundScope();
    if (scope.nameReserved(name, col)) {
      throw new NameInUseError('variable', name, requireState(this).className);
    }
    return scope.variable(col, name, initFn, ...args);
  }

  /** True if variable `name` of collection `col` exists. */
  hasVariable(col: string, name: string): boolean {
    return this.unboundError('access variables').hasVariable(col, name);
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

  private run(
    variables: Variables,
    args: readonly unknown[],
    method: string | undefined,
    options: Omit<RunOptions, 'method'>,
  ): [unknown, Variables] {
    return runBound(this, variables, args, { ...options, method: method ?? 'call' });
  }

  /**
   * Initializes the model: runs `method` (default `call`) with `args` and returns every collection created.
   * `rngs` is one key (the `params` stream) or keys by stream name.
   *
   * @example
   * const variables = new nn.Dense({ features: 4 }).init(random.key(0), [np.ones([1, 3])]);
   */
  init<K extends MethodName<this> = 'call' & MethodName<this>>(
    rngs: Rngs,
    args: MethodArgs<this, K>,
    options: InitOptions<K> = {},
  ): Variables {
    return this.run({}, args, options.method, {
      rngs,
      mutable: options.mutable ?? true,
      initializing: true,
      keepOutput: false,
    })[1];
  }

  /** Like {@link Module.init}, also returning the method's output: `[output, variables]`. */
  initWithOutput<K extends MethodName<this> = 'call' & MethodName<this>>(
    rngs: Rngs,
    args: MethodArgs<this, K>,
    options: InitOptions<K> = {},
  ): [MethodResult<this, K>, Variables] {
    const [output, variables] = this.run({}, args, options.method, {
      rngs,
      mutable: options.mutable ?? true,
      initializing: true,
      keepOutput: true,
    });
    return [output as MethodResult<this, K>, variables];
  }

  /**
   * Runs `method` (default `call`) with `args` on `variables`. Returns the output, or `[output, updated]` when
   * `mutable` names collections that may change (e.g. `['batch_stats']`).
   *
   * @example
   * const y = model.apply(variables, [x, false]);
   * const [y2, updates] = model.apply(variables, [x, true], { mutable: ['batch_stats'], rngs: { dropout: key } });
   */
  apply<K extends MethodName<this> = 'call' & MethodName<this>>(
    variables: Variables,
    args: MethodArgs<this, K>,
    options: ApplyOptions<K> & { readonly mutable: MutableFilter },
  ): [MethodResult<this, K>, Variables];
  apply<K extends MethodName<this> = 'call' & MethodName<this>>(
    variables: Variables,
    args: MethodArgs<this, K>,
    options?: ApplyOptions<K> & { readonly mutable?: false },
  ): MethodResult<this, K>;
  apply<K extends MethodName<this>>(
    variables: Variables,
    args: MethodArgs<this, K>,
    options: ApplyOptions<K> = {},
  ): MethodResult<this, K> | [MethodResult<this, K>, Variables] {
    const mutable = options.mutable ?? false;
    const [output, updated] = this.run(variables, args, options.method, {
      rngs: options.rngs,
      mutable,
      initializing: false,
      keepOutput: true,
    });
    return mutable === false ? (output as MethodResult<this, K>) : [output as MethodResult<this, K>, updated];
  }
}
