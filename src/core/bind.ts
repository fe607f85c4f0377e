/**
 * `bind`: the single entry point through which every `np` op runs a primitive.
 *
 * With no tracer among the arguments it runs the concrete tfjs impl. Otherwise the innermost `vmap` level among
 * the arguments applies its batching rule to the batched values beneath, which may recurse into outer levels;
 * that is how nested `vmap`s compose, as in JAX's tracer levels.
 *
 * @packageDocumentation
 */
import { batchRules } from './batching';
import { impls, type Primitive, type PrimitiveParams } from './primitives';
import { BatchTrace, BatchTracer, type Value } from './tracer';

function innermostTrace(args: readonly Value[]): BatchTrace | undefined {
  let top: BatchTrace | undefined;
  for (const arg of args) {
    if (!(arg instanceof BatchTracer)) continue;
    if (!arg.trace.active) {
      throw new Error(
        `Encountered an unexpected tracer: a value from a ${arg.trace.describe()} that has already returned. ` +
          `Values computed inside vmap must be returned from the vmapped function, not stored outside it.`,
      );
    }
    if (top === undefined || arg.trace.level > top.level) top = arg.trace;
  }
  return top;
}

/** Runs primitive `primitive` on `args`, batching it when some of them are `vmap` tracers. */
export function bind<P extends Primitive>(
  primitive: P,
  args: readonly Value[],
  params: PrimitiveParams[P],
): Value {
  const trace = innermostTrace(args);
  if (trace === undefined) return impls[primitive](args, params);
  const values = args.map((arg) => (arg instanceof BatchTracer && arg.trace === trace ? arg.val : arg));
  const batched = args.map((arg) => arg instanceof BatchTracer && arg.trace === trace);
  const rule = batchRules[primitive];
  const [out, outBatched] = rule(values, batched, params, trace);
  return outBatched ? new BatchTracer(trace, out) : out;
}
