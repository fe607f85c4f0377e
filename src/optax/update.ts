/**
 * Applying updates to parameters: optax's `apply_updates`.
 *
 * @packageDocumentation
 */
import { asArray, castTo, numericDType, type ArrayLike, type NDArray } from '../core/array';
import { add } from '../core/np/elementwise';
import { tidyTree } from '../core/scope';
import { treeMap } from '../core/tree';
import type { Params, Updates } from './transformation';

/**
 * `params + updates`, leaf by leaf, each result keeping its parameter's dtype. The trees must have the same
 * structure. Returns new tensors; `params` and `updates` stay the caller's.
 */
export function applyUpdates<P extends Params>(params: P, updates: Updates): P {
  return tidyTree('applyUpdates', () =>
    treeMap(
      (p: ArrayLike, u: ArrayLike): NDArray => {
        const param = asArray(p);
        return castTo(add(param, u), numericDType(param));
      },
      params,
      updates,
    ),
  ) as P;
}
