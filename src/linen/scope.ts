/**
 * `Scope`: where a module's variables and rngs live (Flax's `flax/core/scope.py`). A module only ever talks to
 * its scope: the scope owns the variable collections (one tree per collection, shared by all scopes of one
 * `init`/`apply`), the rng streams and their counters, the names reserved so far, the mutability checks, and
 * Flax's error messages for all of these.
 *
 * @packageDocumentation
 */
import { tidyTree } from '../core/scope';
import { isTreeNode, treeLeaves } from '../core/tree';
import { key as makeKey, type Key } from '../core/random';
import {
  InvalidRngError,
  ModifyScopeVariableError,
  ScopeCollectionNotFound,
  ScopeParamNotFoundError,
  ScopeParamShapeError,
  ScopeVariableNotFoundError,
} from './errors';
import { isShapeInitializer } from './initializers';
import { LazyRng } from './rng';
import { inFilter, type Collection, type CollectionFilter, type Variables } from './variables';

/** What all scopes of one `init`/`apply` share. */
interface Root {
  readonly variables: Variables;
  readonly mutable: CollectionFilter;
  readonly initializing: boolean;
  invalid: boolean;
}

/**
 * Per-stream counters of one scope, and those of its children by name (a child pushed again, e.g. when a
 * compact method runs twice, continues its counters rather than reusing keys).
 */
class RngCounters {
  readonly counts = new Map<string, number>();
  readonly children = new Map<string, RngCounters>();

  constructor(streams: Iterable<string>) {
    for (const stream of streams) this.counts.set(stream, 0);
  }

  child(name: string, streams: Iterable<string>): RngCounters {
    let counters = this.children.get(name);
    if (counters === undefined) {
      counters = new RngCounters(streams);
      this.children.set(name, counters);
    }
    return counters;
  }
}

/** A variable handle: `.value` reads the current value and, if its collection is mutable, writes a new one. */
export class Variable<T = unknown> {
  constructor(
    private readonly scope: Scope,
    readonly collection: string,
    readonly name: string,
  ) {}

  /** The current value. */
  get value(): T {
    return this.scope.getVariable(this.collection, this.name) as T;
  }

  /** Replaces the value; throws Flax's ModifyScopeVariableError if the collection is immutable. */
  set value(value: T) {
    this.scope.putVariable(this.collection, this.name, value);
  }

  /** True if the variable's collection is mutable in this `init`/`apply`. */
  isMutable(): boolean {
    return this.scope.isMutableCollection(this.collection);
  }
}

function shapeOf(leaf: unknown): readonly number[] {
  const shape = (leaf as { shape?: unknown } | null)?.shape;
  return Array.isArray(shape) ? (shape as number[]) : [];
}

function isShape(value: unknown): value is readonly number[] {
  return Array.isArray(value) && value.every((d) => Number.isInteger(d) && (d as number) >= 0);
}

/**
 * The leaf shapes `initFn(key, ...args)` would produce. Built-in initializers produce exactly the shape they are
 * given, so no work is done; other functions are run once on `key(0)` and their results disposed (Flax runs
 * them abstractly with `jax.eval_shape`).
 */
function initShapes(initFn: object, args: readonly unknown[]): number[][] {
  if (isShapeInitializer(initFn) && isShape(args[0])) return [[...args[0]]];
  const run = initFn as (key: Key, ...rest: readonly unknown[]) => unknown;
  return tidyTree('initShapes', () => treeLeaves(run(makeKey(0), ...args)).map((leaf) => [...shapeOf(leaf)]));
}

/** Options of {@link Scope.root}. */
export interface RootScopeOptions {
  readonly rngs: Readonly<Record<string, Key>>;
  readonly mutable: CollectionFilter;
  readonly initializing: boolean;
}

/** One module's view of the variables and rngs of an `init`/`apply`. */
export class Scope {
  private readonly reservations = new Map<string, Set<string | null>>();

  private constructor(
    private readonly root: Root,
    /** Names from the root scope to this one (`[]` at the root). */
    readonly path: readonly string[],
    private readonly rngs: ReadonlyMap<string, LazyRng>,
    private readonly counters: RngCounters,
  ) {}

  /** The top-level scope of an `init`/`apply` over `variables` (which the scope writes into, if mutable). */
  static root(variables: Variables, options: RootScopeOptions): Scope {
    const rngs = new Map(Object.entries(options.rngs).map(([stream, key]) => [stream, new LazyRng(key)]));
    const root: Root = {
      variables,
      mutable: options.mutable,
      initializing: options.initializing,
      invalid: false,
    };
    return new Scope(root, [], rngs, new RngCounters(rngs.keys()));
  }

  /** This scope's name (the last path entry); undefined at the root. */
  get name(): string | undefined {
    return this.path.length === 0 ? undefined : this.path[this.path.length - 1];
  }

  /** The path as Flax prints it in messages: `/`, `/Dense_0`, `/MLP_0/BatchNorm_1`. */
  get pathText(): string {
    return `/${this.path.join('/')}`;
  }

  /** True once the `init`/`apply` this scope belongs to has returned. */
  get isInvalid(): boolean {
    return this.root.invalid;
  }

  /** Ends the `init`/`apply`: any later use of its scopes is an error. */
  invalidate(): void {
    this.root.invalid = true;
  }

  private checkValid(): void {
    if (this.root.invalid) {
      throw new Error(
        `The scope "${this.name ?? '/'}" is no longer valid: its init/apply has returned. ` +
          'Use the variables it returned with a new apply.',
      );
    }
  }

  /** A child scope named `name`; with `reuse`, an existing reservation of the name is accepted. */
  push(name: string, reuse = false): Scope {
    this.checkValid();
    if (!reuse || !this.reservations.has(name)) this.reserve(name);
    const rngs = new Map([...this.rngs].map(([stream, rng]) => [stream, rng.extend(name)]));
    return new Scope(this.root, [...this.path, name], rngs, this.counters.child(name, rngs.keys()));
  }

  /** The same scope with no names reserved and the same rng counters (used after each compact call). */
  rewound(): Scope {
    return new Scope(this.root, this.path, this.rngs, this.counters);
  }

  /** True if `name` is taken by a child or by a variable (of collection `col`, when given). */
  nameReserved(name: string, col?: string): boolean {
    const reserved = this.reservations.get(name);
    if (reserved === undefined) return false;
    return reserved.has(null) || col === undefined || reserved.has(col);
  }

  /** Reserves a name for a child scope (`col` undefined) or a variable of collection `col`. */
  reserve(name: string, col?: string): void {
    if (this.nameReserved(name, col)) throw new Error(`Duplicate use of scope name: "${name}"`);
    const reserved = this.reservations.get(name) ?? new Set<string | null>();
    reserved.add(col ?? null);
    this.reservations.set(name, reserved);
  }

  /** True inside `init` (Flax's `is_initializing`). */
  isInitializing(): boolean {
    return this.root.initializing;
  }

  /** True if collection `col` may be written. */
  isMutableCollection(col: string): boolean {
    return inFilter(this.root.mutable, col);
  }

  /** True if an rng stream named `stream` was given. */
  hasRng(stream: string): boolean {
    return this.rngs.has(stream);
  }

  /**
   * A new key from stream `stream` (falling back to `'params'`, as Flax does): the stream's key with this scope's
   * path and the stream's next count folded in. `owner` names the module in the error for a missing stream.
   */
  makeRng(stream = 'params', owner?: string): Key {
    this.checkValid();
    let name = stream;
    if (!this.rngs.has(name)) {
      if (!this.rngs.has('params')) {
        throw new InvalidRngError(`${this.name ?? owner ?? 'None'} needs PRNG for "${stream}"`);
      }
      name = 'params';
    }
    const count = (this.counters.counts.get(name) ?? 0) + 1;
    this.counters.counts.set(name, count);
    return (this.rngs.get(name) as LazyRng).extend(count).asKey();
  }

  /** This scope's subtree of collection `col`, or undefined if there is none. */
  private collection(col: string): Collection | undefined {
    let node: unknown = this.root.variables[col];
    for (const name of this.path) {
      if (!isTreeNode(node) || Array.isArray(node)) return undefined;
      node = (node as Collection)[name];
    }
    return isTreeNode(node) && !Array.isArray(node) ? (node as Collection) : undefined;
  }

  /** This scope's subtree of collection `col`, created along the path if missing (the collection must be mutable). */
  private mutableCollection(col: string): Collection {
    let node = (this.root.variables[col] ??= {});
    for (const name of this.path) node = (node[name] ??= {}) as Collection;
    return node;
  }

  private isCollectionEmpty(col: string): boolean {
    const collection = this.root.variables[col] as Collection | undefined;
    return collection === undefined || Object.keys(collection).length === 0;
  }

  /** True if variable `name` of collection `col` exists in this scope. */
  hasVariable(col: string, name: string): boolean {
    const collection = this.collection(col);
    return collection !== undefined && name in collection;
  }

  /** The value of a variable, or undefined if it does not exist. */
  getVariable(col: string, name: string): unknown {
    return this.collection(col)?.[name];
  }

  /** Writes a variable, if its collection is mutable (Flax's ModifyScopeVariableError otherwise). */
  putVariable(col: string, name: string, value: unknown): void {
    this.checkValid();
    if (!this.isMutableCollection(col)) throw new ModifyScopeVariableError(col, name, this.pathText);
    this.mutableCollection(col)[name] = value as Collection[string];
  }

  /**
   * Declares variable `name` of collection `col`: created as `initFn(...args)` if it does not exist yet (which
   * needs the collection to be mutable), returned as a {@link Variable} handle either way.
   */
  variable<T, Args extends unknown[]>(
    col: string,
    name: string,
    initFn?: (...args: Args) => T,
    ...args: Args
  ): Variable<T> {
    this.reserve(name, col);
    if (!this.hasVariable(col, name)) {
      if (!this.isMutableCollection(col) || initFn === undefined) {
        if (this.isCollectionEmpty(col)) throw new ScopeCollectionNotFound(col, name, this.pathText);
        throw new ScopeVariableNotFoundError(name, col, this.pathText);
      }
      this.putVariable(col, name, initFn(...args));
    }
    return new Variable<T>(this, col, name);
  }

  /**
   * Declares parameter `name`: during `init` it is created as `initFn(key, ...args)` with a fresh key of the
   * `params` stream; during `apply` the given value is returned after checking that `initFn` would produce the same
   * shape (Flax's ScopeParamShapeError otherwise).
   */
  param<T, Args extends unknown[]>(name: string, initFn: (key: Key, ...args: Args) => T, ...args: Args): T {
    this.reserve(name, 'params');
    if (this.hasVariable('params', name)) {
      const value = this.getVariable('params', name);
      const expected = initShapes(initFn, args);
      treeLeaves(value).forEach((leaf, i) => {
        const shape = shapeOf(leaf);
        if (i < expected.length && shape.join(',') !== expected[i].join(',')) {
          throw new ScopeParamShapeError(name, this.pathText, shape, expected[i]);
        }
      });
      return value as T;
    }
    if (!this.isMutableCollection('params')) {
      if (this.isCollectionEmpty('params')) throw new ScopeCollectionNotFound('params', name, this.pathText);
      throw new ScopeParamNotFoundError(name, this.pathText);
    }
    const value = initFn(this.makeRng('params'), ...args);
    this.putVariable('params', name, value);
    return value;
  }

  /** All collections (the whole tree, from the root). */
  variables(): Variables {
    return this.root.variables;
  }

  /** The collections the `mutable` filter selects. */
  mutableVariables(): Variables {
    return Object.fromEntries(
      Object.entries(this.root.variables).filter(([col]) => this.isMutableCollection(col)),
    );
  }
}
