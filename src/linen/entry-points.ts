/**
 * `init`, `initWithOutput` and `apply` as functions bound to one module: their types and their implementation.
 *
 * They are typed as properties, not methods, because Flax code hands them around as values (TrainState's
 * `apply_fn=model.apply`, `jax.jit(model.apply)`): every instance owns bound copies, so `model.apply` detached
 * from `model` still works, and linters that flag detached methods (`@typescript-eslint/unbound-method`) see a
 * function-valued property instead. The types follow what the calls guarantee at run time:
 *
 * - `init` returns every collection the model's class declares (`Module`'s second type parameter, `'params'` by
 *   default) as present, so `model.init(…).params` is a `Collection`, not `Collection | undefined`, under
 *   `noUncheckedIndexedAccess`. Other collections may be there too (`Variables`).
 * - `apply` with `mutable: ['batch_stats']` returns `[output, { batch_stats: Collection }]`: a collection named in
 *   `mutable` is always in the result (apply throws when the model neither had nor created it).
 *
 * @packageDocumentation
 */
import { runBound, type Rngs, type RunOptions } from './apply';
import type { ModuleLike } from './module-state';
import type { Collection, CollectionFilter, Variables } from './variables';

/** The entry points themselves: not methods `init`/`apply` can run (and typed in terms of `MethodName`). */
type EntryPointName = 'init' | 'initWithOutput' | 'apply';

/** Names of the methods of `M` that `init`/`apply` can run. */
export type MethodName<M> = {
  [K in Exclude<keyof M, EntryPointName>]: M[K] extends (...args: never[]) => unknown ? K : never;
}[Exclude<keyof M, EntryPointName>] &
  string;

/** The parameters of method `K` of `M`, as the array `init`/`apply` take them. */
export type MethodArgs<M, K extends keyof M> = M[K] extends (...args: infer P) => unknown ? P : never;

/** What method `K` of `M` returns. */
export type MethodResult<M, K extends keyof M> = M[K] extends (...args: never[]) => infer R ? R : never;

/** The method `init`/`apply` run when no `method` is given. */
type DefaultMethod<M> = 'call' & MethodName<M>;

/** Options of `init` and `initWithOutput`. */
export interface InitOptions<K> {
  /** The method to run (default `'call'`). */
  readonly method?: K | undefined;
  /** Which collections may be created (default: all). */
  readonly mutable?: CollectionFilter | undefined;
}

/** Options of `apply`. */
export interface ApplyOptions<K> {
  /** The method to run (default `'call'`). */
  readonly method?: K | undefined;
  /** Keys for the rng streams the model uses, e.g. `{ dropout: key }`. */
  readonly rngs?: Rngs | undefined;
  /**
   * Which collections may be updated: `true` (all), a name, or a list of names. When given, `apply` returns
   * `[output, updatedCollections]`.
   */
  readonly mutable?: CollectionFilter | undefined;
}

/** A filter that makes `apply` return `[output, collections]`. */
export type MutableFilter = true | string | readonly string[];

/** What `init` returns for a model declaring collections `C`: each of them present, others possibly. */
export type InitVariables<C extends string> = { readonly [K in C]: Collection } & Variables;

/** The collections `apply` returns for a `mutable` filter `F`: the ones it names, or all for `true`. */
export type MutatedVariables<F extends MutableFilter> = F extends string
  ? { [K in F]: Collection }
  : F extends readonly (infer N extends string)[]
    ? { [K in N]: Collection }
    : Variables;

/** `model.init`: runs a method (default `call`) and returns every collection created. */
export interface InitFunction<M, C extends string> {
  <K extends MethodName<M> = DefaultMethod<M>>(
    rngs: Rngs,
    args: MethodArgs<M, K>,
    options?: InitOptions<K>,
  ): InitVariables<C>;
}

/** `model.initWithOutput`: like `init`, also returning the method's output: `[output, variables]`. */
export interface InitWithOutputFunction<M, C extends string> {
  <K extends MethodName<M> = DefaultMethod<M>>(
    rngs: Rngs,
    args: MethodArgs<M, K>,
    options?: InitOptions<K>,
  ): [MethodResult<M, K>, InitVariables<C>];
}

/** `model.apply`: the output, or `[output, updated collections]` when `mutable` is given. */
export interface ApplyFunction<M> {
  <K extends MethodName<M> = DefaultMethod<M>, const F extends MutableFilter = MutableFilter>(
    variables: Variables,
    args: MethodArgs<M, K>,
    options: ApplyOptions<K> & { readonly mutable: F },
  ): [MethodResult<M, K>, MutatedVariables<F>];
  <K extends MethodName<M> = DefaultMethod<M>>(
    variables: Variables,
    args: MethodArgs<M, K>,
    options?: ApplyOptions<K> & { readonly mutable?: false | undefined },
  ): MethodResult<M, K>;
}

/** An entry point as implemented: the typed view is {@link EntryPoints}. */
type ApplyFunctionImpl = (...args: never[]) => unknown;

/** The three entry points of one module. */
export interface EntryPoints<M, C extends string> {
  readonly init: InitFunction<M, C>;
  readonly initWithOutput: InitWithOutputFunction<M, C>;
  readonly apply: ApplyFunction<M>;
}

/** `init`, `initWithOutput` and `apply` of `module`, bound to it; `Module` declares their types. */
export function entryPoints(
  module: ModuleLike,
): Record<keyof EntryPoints<unknown, string>, ApplyFunctionImpl> {
  const run = (
    variables: Variables,
    args: readonly unknown[],
    method: string | undefined,
    options: Omit<RunOptions, 'method'>,
  ): [unknown, Variables] => runBound(module, variables, args, { ...options, method: method ?? 'call' });
  const initialize = (
    rngs: Rngs,
    args: readonly unknown[],
    options: InitOptions<string>,
    keepOutput: boolean,
  ) =>
    run({}, args, options.method, { rngs, mutable: options.mutable ?? true, initializing: true, keepOutput });
  return {
    init: (rngs: Rngs, args: readonly unknown[], options: InitOptions<string> = {}) =>
      initialize(rngs, args, options, false)[1],
    initWithOutput: (rngs: Rngs, args: readonly unknown[], options: InitOptions<string> = {}) =>
      initialize(rngs, args, options, true),
    apply: (variables: Variables, args: readonly unknown[], options: ApplyOptions<string> = {}) => {
      const mutable = options.mutable ?? false;
      const [output, updated] = run(variables, args, options.method, {
        rngs: options.rngs,
        mutable,
        initializing: false,
        keepOutput: true,
      });
      return mutable === false ? output : [output, updated];
    },
  };
}
