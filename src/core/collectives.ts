/**
 * Collectives over a named `vmap` axis: `psum` and `pmean` (JAX's `lax.psum`/`lax.pmean`).
 *
 * Under `vmap(fn, { axisName: 'batch' })`, `pmean(x, 'batch')` is the mean of `x` over the batch, the same for
 * every example, so it may be returned with `outAxes: null` (BatchNorm's running statistics rely on this).
 *
 * @packageDocumentation
 */
import { asArray, type ArrayLike, type NDArray } from './array';
import { BatchTrace } from './interpreters/batching';
import { op } from './scope';
import { bind, currentTrace, type Trace } from './trace';
import { treeMap, type Tree } from './tree';

/** The size of the named axis of the innermost enclosing `vmap` that has it, or JAX's unbound-axis error. */
function axisSizeOf(axisName: string, collective: string): number {
  const names: string[] = [];
  for (let t: Trace | undefined = currentTrace(); t !== undefined; t = t.parent) {
    if (!(t instanceof BatchTrace) || t.axisName === undefined) continue;
    if (t.axisName === axisName) return t.axisSize;
    names.push(`'${t.axisName}'`);
  }
  throw new Error(
    `${collective}: unbound axis name: ${axisName}. ` +
      `The axis names available here (bound by vmap's axisName) are: [${names.join(', ')}].`,
  );
}

type Collective = <T extends Tree<ArrayLike>>(x: T, axisName: string) => T;

function collective(primitive: 'psum' | 'pmean'): Collective {
  return op(primitive, (x: Tree<ArrayLike>, axisName: string) => {
    const axisSize = axisSizeOf(axisName, primitive);
    return treeMap(
      (leaf: ArrayLike) => bind(primitive, [asArray(leaf)], { axisName, axisSize }) as NDArray,
      x,
    );
  }) as Collective;
}

/** Sum of `x` (an array or a tree of arrays) over the named `vmap` axis. */
export const psum = collective('psum');

/** Mean of `x` (an array or a tree of arrays) over the named `vmap` axis. */
export const pmean = collective('pmean');
