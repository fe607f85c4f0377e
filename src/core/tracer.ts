/**
 * The values flax-ts computes with: concrete tfjs tensors, and batch tracers that stand for one example of a
 * batch while a function runs under `vmap`.
 *
 * A tracer carries the real batched tensor, with the batch dimension always at axis 0 (`vmap` moves mapped axes
 * there on entry), and reports the per-example shape: inside `vmap(fn)`, `x.shape` is `[5]`, not `[128, 5]`, as
 * in JAX. Nested `vmap`s nest tracers: the value of a level-2 tracer is a level-1 tracer or a tensor.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { bind } from './bind';
import { normalizeAxis } from './shapes';

/** One active `vmap`: its nesting level (1 = outermost), the mapped size and the optional axis name. */
export class BatchTrace {
  /** False once the `vmap` that created this trace has returned. */
  active = true;

  constructor(
    readonly level: number,
    readonly axisSize: number,
    readonly axisName: string | undefined,
  ) {}

  describe(): string {
    const name = this.axisName === undefined ? '' : ` '${this.axisName}'`;
    return `vmap axis${name} of size ${this.axisSize}`;
  }
}

/** A value that is not a tensor but still has a shape and can be batched by `vmap` (PRNG key arrays). */
export interface ShapedValue {
  readonly shape: readonly number[];
}

/** What a primitive takes and returns: a tensor, a batch tracer, or another shaped value such as a key array. */
export type Value = tf.Tensor | BatchTracer | ShapedValue;

/** Thrown when code asks for the numbers of a value that only exists per example inside `vmap`. */
export class ConcretizationError extends Error {
  constructor(what: string, trace: BatchTrace) {
    super(
      `Cannot read the values of ${what} inside ${trace.describe()}: it stands for one example of the batch. ` +
        `Return it from the vmapped function and read it outside.`,
    );
    this.name = 'ConcretizationError';
  }
}

/**
 * One example of a batched value. Behaves like a tensor for shape questions; asking for its data is an error,
 * as reading a traced value is in JAX.
 */
export class BatchTracer {
  constructor(
    readonly trace: BatchTrace,
    /** The batched value: its axis 0 is this trace's batch axis. */
    readonly val: Value,
  ) {
    if (val.shape[0] !== trace.axisSize) {
      throw new Error(
        `Internal error: a tracer for ${trace.describe()} got a value of shape [${val.shape.join(', ')}].`,
      );
    }
  }

  /** The per-example shape. */
  get shape(): number[] {
    return this.val.shape.slice(1);
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  get dtype(): DType {
    return dtypeOf(this.val);
  }

  arraySync(): never {
    throw new ConcretizationError('a traced array', this.trace);
  }

  dataSync(): never {
    throw new ConcretizationError('a traced array', this.trace);
  }

  array(): Promise<never> {
    return Promise.reject(new ConcretizationError('a traced array', this.trace));
  }

  data(): Promise<never> {
    return Promise.reject(new ConcretizationError('a traced array', this.trace));
  }

  print(): never {
    throw new ConcretizationError('a traced array', this.trace);
  }

  /**
   * The element at `index` of the per-example first axis, like indexing a numpy array or a key array; makes
   * `const [k1, k2] = random.split(key)` work inside `vmap`.
   */
  at(index: number): BatchTracer {
    const [length, ...rest] = this.shape;
    if (this.shape.length === 0)
      throw new TypeError('Too many indices: the array is 0-dimensional, but 1 was indexed.');
    const i = normalizeAxis(index, length, 'index');
    if (this.dtype === 'key') return bind('keyIndex', [this], { axis: 0, index: i }) as BatchTracer;
    const row = bind('slice', [this], {
      begin: this.shape.map((_, a) => (a === 0 ? i : 0)),
      size: [1, ...rest],
    });
    return bind('reshape', [row], { shape: rest }) as BatchTracer;
  }

  /** Iterates over the per-example first axis. */
  *[Symbol.iterator](): Iterator<BatchTracer> {
    const length = this.shape.length === 0 ? 0 : this.shape[0];
    for (let i = 0; i < length; i++) yield this.at(i);
  }

  /** Disposing a tracer is a no-op: the batched tensor belongs to the enclosing `vmap`, which cleans it up. */
  dispose(): void {
    /* the enclosing vmap owns the batched tensor */
  }

  toString(): string {
    return `BatchTracer(${this.dtype}[${this.shape.join(',')}], ${this.trace.describe()})`;
  }
}

/** Element types: tfjs's, plus `'key'` for PRNG key arrays, which no numeric op accepts. */
export type DType = tf.DataType | 'key';

/** The dtype of a value. */
export function dtypeOf(value: Value): DType {
  if (value instanceof tf.Tensor) return value.dtype;
  if (value instanceof BatchTracer) return dtypeOf(value.val);
  return 'key';
}

/** True for a tfjs tensor. */
export function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

const traceStack: BatchTrace[] = [];

/** Opens a new innermost `vmap` level; pair with {@link closeTrace} in a `finally`. */
export function openTrace(axisSize: number, axisName: string | undefined): BatchTrace {
  const trace = new BatchTrace(traceStack.length + 1, axisSize, axisName);
  traceStack.push(trace);
  return trace;
}

/** Closes the innermost `vmap` level. */
export function closeTrace(trace: BatchTrace): void {
  if (traceStack[traceStack.length - 1] !== trace)
    throw new Error('Internal error: vmap levels closed out of order.');
  traceStack.pop();
  trace.active = false;
}

/** The active `vmap` levels, outermost first. */
export function activeTraces(): readonly BatchTrace[] {
  return traceStack;
}

/** The innermost active `vmap` whose `axisName` is `name`, if any. */
export function traceNamed(name: string): BatchTrace | undefined {
  for (let i = traceStack.length - 1; i >= 0; i--) if (traceStack[i].axisName === name) return traceStack[i];
  return undefined;
}
