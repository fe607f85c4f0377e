/**
 * Collectives over a named `vmap` axis: `psum` and `pmean` (JAX's `lax.psum`/`lax.pmean`). Their params carry the
 * axis name and size, as JAX's do; the `vmap` whose `axisName` matches reduces its batch axis (see
 * `interpreters/batching.ts`), any other trace passes them through. Both are linear: a cotangent is summed (or
 * averaged) over the axis the same way.
 *
 * @packageDocumentation
 */
import { bind } from '../trace';
import type { Value } from '../values';
import { mul, scalar } from './ops';
import type { CollectiveParams } from './params';
import type { RuleTable } from './rule';

/**
 * What a collective over the trace's own axis gives: the sum (or mean) over the batch axis of a batched value; for
 * an unbatched value, which is the same for every example, `size` times it (or itself).
 */
export function reduceOverAxis(
  primitive: 'psum' | 'pmean',
  x: Value,
  batched: boolean,
  { axisSize }: CollectiveParams,
): Value {
  if (batched) return bind(primitive === 'psum' ? 'reduceSum' : 'mean', [x], { axes: [0], keepdims: false });
  return primitive === 'psum' ? mul(x, scalar(axisSize)) : x;
}

function unboundAxis({ axisName }: CollectiveParams): Error {
  return new Error(`unbound axis name: ${axisName}. No vmap with that axisName encloses this collective.`);
}

/** The collective rows of the primitive table. */
export const collectiveRules: RuleTable<'psum' | 'pmean'> = {
  psum: {
    jaxName: 'psum',
    abstractEval: ([x]) => x,
    impl: (_operands, params) => {
      throw unboundAxis(params);
    },
    // Reached only for another vmap's axis: the value rides along.
    batch: ([x], _batched, params) => [bind('psum', [x], params), true],
    vjp: (ct, _primals, _out, params) => [bind('psum', [ct], params)],
  },
  pmean: {
    jaxName: 'pmean',
    abstractEval: ([x]) => x,
    impl: (_operands, params) => {
      throw unboundAxis(params);
    },
    batch: ([x], _batched, params) => [bind('pmean', [x], params), true],
    vjp: (ct, _primals, _out, params) => [bind('pmean', [ct], params)],
  },
};
