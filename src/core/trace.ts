/**
 * The trace stack and `bind`, through which every primitive runs (JAX's `core.py`, stackless style).
 *
 * Exactly one trace is current at any time. At the bottom sits the eval trace, which runs primitives on concrete
 * arrays; each transform (`vmap`, `grad`, `jit`) opens a new trace on top of the current one for the duration of
 * the function it transforms. `bind` hands a primitive to the current trace, whose `processPrimitive` unwraps its
 * own tracers, does its job (batching, recording for the backward pass, staging), and binds whatever remains on
 * its parent trace. So transforms compose by nesting, and a primitive knows nothing of the transforms.
 *
 * This file imports no trace and no primitive table (the eval trace installs itself, see `interpreters/eval.ts`),
 * which keeps `core/` free of import cycles.
 *
 * @packageDocumentation
 */
import { sizeOf, type AbstractValue, type DType } from './avals';
import type { Program } from './program';
import type { Primitive, PrimitiveParams } from './primitives/params';
import type { Value } from './values';

/** One active transform (or the eval trace at the bottom). */
export abstract class Trace {
  /** False once the transform that opened this trace has returned. */
  active = true;
  /** Depth in the stack: the eval trace is 0, each nested transform one more. */
  readonly level: number;

  constructor(readonly parent: Trace | undefined) {
    this.level = parent === undefined ? 0 : parent.level + 1;
  }

  /** Applies `primitive` to `args`, some of which may be this trace's tracers. */
  abstract processPrimitive<P extends Primitive>(
    primitive: P,
    args: readonly Value[],
    params: PrimitiveParams[P],
  ): Value;

  /** Runs a staged program (a `jit`-compiled function) on `args`. */
  abstract processCall(program: Program, args: readonly Value[]): Value[];

  /** How errors name this trace, e.g. `vmap over axis 'batch' of size 128`. */
  abstract describe(): string;

  /**
   * The error for asking a tracer of this trace for its numbers (`what` names the method), in JAX's words.
   * Traces whose values are abstract (jit) say which argument the value depends on.
   */
  concretizationError(tracer: Tracer, what: string): Error {
    return new ConcretizationError(
      `Abstract tracer value encountered where concrete value is expected: traced array with shape ` +
        `${tracer.dtype}${JSON.stringify(tracer.shape)}.\nThe problem arose with ${what}. The value only exists ` +
        `per example inside ${this.describe()}: return it from the function and read it outside.`,
    );
  }
}

let current: Trace | undefined;

/** Makes `trace` the bottom of the stack; called once, by the eval trace's module. */
export function installEvalTrace(trace: Trace): void {
  current = trace;
}

/** The trace primitives go to right now. */
export function currentTrace(): Trace {
  if (current === undefined)
    throw new Error('Internal error: no eval trace installed (import flax-ts first).');
  return current;
}

/**
 * Runs `fn` with `trace` current, restoring the previous trace afterwards. Interpreters use it to bind on their
 * parent trace while they process a primitive.
 */
export function withTrace<T>(trace: Trace, fn: () => T): T {
  const saved = current;
  current = trace;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/**
 * Opens a new trace on top of the current one (`make` receives the current trace as its parent), runs `fn` with
 * it, then closes it, also when `fn` throws. Tracers of a closed trace may no longer be used.
 */
export function withNewTrace<T extends Trace, R>(make: (parent: Trace) => T, fn: (trace: T) => R): R {
  const parent = currentTrace();
  const trace = make(parent);
  current = trace;
  try {
    return fn(trace);
  } finally {
    trace.active = false;
    current = parent;
  }
}

/** Thrown when code asks for the numbers of a value that is only known abstractly (JAX's ConcretizationTypeError). */
export class ConcretizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConcretizationError';
  }
}

/** The error for a tracer used after its transform returned (JAX's UnexpectedTracerError). */
function escapedTracerError(tracer: Tracer): Error {
  return new Error(
    `Encountered an unexpected tracer: a value from ${tracer.trace.describe()} that has already returned. ` +
      `Values computed inside a transformed function must be returned from it, not stored outside it.`,
  );
}

/**
 * Runs primitive `primitive` on `args` with static `params`, on the current trace. Every operation of flax-ts goes
 * through here.
 */
export function bind<P extends Primitive>(
  primitive: P,
  args: readonly Value[],
  params: PrimitiveParams[P],
): Value {
  const trace = currentTrace();
  for (const arg of args) {
    if (arg instanceof Tracer && (!arg.trace.active || arg.trace.level > trace.level)) {
      throw escapedTracerError(arg);
    }
  }
  return trace.processPrimitive(primitive, args, params);
}

/**
 * Binds `primitive` on `trace` (an interpreter's parent), then makes the current trace current again: what
 * `withTrace(trace, () => bind(…))` does, without a closure per primitive on the hot path.
 */
export function bindOn<P extends Primitive>(
  trace: Trace,
  primitive: P,
  args: readonly Value[],
  params: PrimitiveParams[P],
): Value {
  const saved = current;
  current = trace;
  try {
    return bind(primitive, args, params);
  } finally {
    current = saved;
  }
}

/** Runs a staged program on `args` on the current trace (the `jit` call primitive). */
export function bindCall(program: Program, args: readonly Value[]): Value[] {
  const trace = currentTrace();
  for (const arg of args) {
    if (arg instanceof Tracer && (!arg.trace.active || arg.trace.level > trace.level)) {
      throw escapedTracerError(arg);
    }
  }
  return trace.processCall(program, args);
}

/**
 * A value inside a transformed function: it knows its shape and element type, but its numbers either do not exist
 * yet (`jit`), exist only per example (`vmap`), or are recorded for differentiation (`grad`). Asking for them is a
 * {@link ConcretizationError}. Shape questions behave as on a tensor, with per-example shapes under `vmap`.
 */
export abstract class Tracer {
  /** The trace this value belongs to. */
  abstract readonly trace: Trace;
  /** Shape and element type (per example under `vmap`). */
  abstract readonly aval: AbstractValue;

  get shape(): number[] {
    return this.aval.shape as number[];
  }

  get dtype(): DType {
    return this.aval.dtype;
  }

  get rank(): number {
    return this.aval.shape.length;
  }

  get size(): number {
    return sizeOf(this.aval.shape);
  }

  /** Tracers never hold their own buffers: the transform that made them frees what it allocated. */
  get isDisposed(): boolean {
    return !this.trace.active;
  }

  arraySync(): never {
    throw this.trace.concretizationError(this, 'arraySync()');
  }

  dataSync(): never {
    throw this.trace.concretizationError(this, 'dataSync()');
  }

  array(): Promise<never> {
    return Promise.reject(this.trace.concretizationError(this, 'array()'));
  }

  data(): Promise<never> {
    return Promise.reject(this.trace.concretizationError(this, 'data()'));
  }

  /** A scalar's value (JAX's `.item()`); abstract here, so always an error. */
  item(): never {
    throw this.trace.concretizationError(this, 'item()');
  }

  print(): never {
    throw this.trace.concretizationError(this, 'print()');
  }

  /** `Number(x)`, `x > 0`, `` `${x}` ``: JavaScript asking for a concrete value. */
  [Symbol.toPrimitive](): never {
    throw this.trace.concretizationError(this, 'a conversion to a JavaScript number or string');
  }

  /**
   * The element at `index` of the first axis, as numpy indexing gives it; makes `const [k1, k2] = split(key)`
   * work on traced keys.
   */
  at(index: number): Tracer {
    if (this.rank === 0)
      throw new TypeError('Too many indices: the array is 0-dimensional, but 1 was indexed.');
    const [length, ...rest] = this.aval.shape;
    if (!Number.isInteger(index) || index < -length || index >= length) {
      throw new RangeError(`index ${index} is out of bounds for axis 0 with size ${length}`);
    }
    const i = index < 0 ? index + length : index;
    const row = bind('slice', [this], {
      begin: this.aval.shape.map((_, a) => (a === 0 ? i : 0)),
      size: [1, ...rest],
    });
    return bind('reshape', [row], { shape: rest }) as Tracer;
  }

  /** Iterates over the first axis. */
  *[Symbol.iterator](): Iterator<Tracer> {
    if (this.rank === 0) throw new TypeError('iteration over a 0-d array');
    for (let i = 0; i < this.aval.shape[0]; i++) yield this.at(i);
  }

  /** A no-op: the transform that made the tracer owns whatever it holds. */
  dispose(): void {
    /* nothing to free */
  }

  toString(): string {
    return `Traced<${this.aval.dtype}[${this.aval.shape.join(',')}]> inside ${this.trace.describe()}`;
  }
}
