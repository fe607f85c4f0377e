/**
 * Collectives over a named `vmap` axis: `psum` and `pmean` (JAX's `lax.psum`/`lax.pmean`).
 *
 * Under `vmap(fn, { axisName: 'batch' })`, `pmean(x, 'batch')` is the mean of `x` over the batch, the same for
 * every example, so it may be returned with `outAxes: null` (BatchNorm's running statistics rely on this).
 *
 * @packageDocumentation
 */
import { bind } from './bind';
import { asArray, type ArrayLike, type NDArray } from './array';
import { activeTraces, traceNamed, type BatchTrace } from './tracer';
import { treeMap, type Tree } from './tree';

function namedTrace(axisName: string, collective: string): BatchTrace {
  const trace = traceNamed(axisName);
  if (trace !== undefined) return trace;
  const names = activeTraces().flatMap((t) => (t.axisName === undefined ? [] : [`'${t.axisName}'`]));
  throw new Error(
    `${collective}: unbound axis name: ${axisName}. ` +
      `The axis names available here (bound by vmap's axisName) are: [${names.join(', ')}].`,
  );
}

function collective(primitive: 'psum' | 'pmean') {
  return <T extends Tree<ArrayLike>>(x: T, axisName: string): T => {
    const trace = namedTrace(axisName, primitive);
    return treeMap((leaf: ArrayLike) => bind(primitive, [asArray(leaf)], { trace }) as NDArray, x) as T;
  };
}

/** Sum of `x` (an array or a tree of arrays) over the named `vmap` axis. */
export const psum = collective('psum');

/** Mean of `x` (an array or a tree of arrays) over the named `vmap` axis. */
export const pmean = collective('pmean');
