/**
 * The eval trace, at the bottom of the stack: runs each primitive's impl on concrete arrays (the backend's kernels,
 * called directly) and runs jitted programs with the executor. Importing this module installs it.
 *
 * @packageDocumentation
 */
import { engine, Tensor } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import { disposedError } from '../executor/donation';
import { executeProgram } from '../executor/executor';
import type { executeAsGraph } from '../executor/graph-executor';
import { wrap } from '../executor/kernels';
import { ruleOf, type Primitive, type PrimitiveParams } from '../primitives';
import type { Program } from '../program';
import { installEvalTrace, Trace, Tracer } from '../trace';
import type { Concrete, Value } from '../values';

let runAsGraph: typeof executeAsGraph | undefined;

/**
 * The TensorFlow-graph executor, loaded on first use: it writes SavedModels (fs, crypto) and runs them on tfjs-node,
 * so only the tensorflow backend, which exists only in Node, ever loads it. The computed path keeps bundlers from
 * following it into browser builds.
 */
function graphExecutor(): typeof executeAsGraph {
  if (runAsGraph === undefined) {
    const path = ['..', 'executor', 'graph-executor'].join('/');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    runAsGraph = (require(path) as { executeAsGraph: typeof executeAsGraph }).executeAsGraph;
  }
  return runAsGraph;
}

function concrete(value: Value): Concrete {
  if (value instanceof Tensor) {
    if (value.isDisposed) throw disposedError(value);
    return value;
  }
  if (value instanceof Key) return value;
  if (value instanceof Tracer)
    throw new Error(`Internal error: a tracer of ${value.trace.describe()} reached eager evaluation.`);
  throw new TypeError(`Expected an array, got ${String(value)}.`);
}

/** Runs primitives eagerly. */
export class EvalTrace extends Trace {
  constructor() {
    super(undefined);
  }

  processPrimitive<P extends Primitive>(
    primitive: P,
    args: readonly Value[],
    params: PrimitiveParams[P],
  ): Value {
    for (const arg of args) concrete(arg);
    const out = ruleOf(primitive).impl(args as readonly Concrete[], params);
    return out instanceof Key ? out : wrap(out);
  }

  processCall(program: Program, args: readonly Value[]): Value[] {
    const operands = args.map(concrete);
    // On tfjs-node a program runs as one TensorFlow graph where it can; elsewhere, and otherwise, kernel by kernel.
    if (engine().backendName === 'tensorflow') {
      const outputs = graphExecutor()(program, operands);
      if (outputs !== undefined) return outputs;
    }
    return executeProgram(program, operands);
  }

  describe(): string {
    return 'eager evaluation';
  }
}

installEvalTrace(new EvalTrace());
