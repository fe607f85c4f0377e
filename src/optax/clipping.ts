/**
 * Gradient clipping: optax's `clip_by_global_norm`.
 *
 * @packageDocumentation
 */
import { divide, less, multiply, where, type ArrayLike } from '../core/np';
import { tidyTree } from '../core/scope';
import { treeMap } from '../core/tree';
import { globalNorm } from './tree-math';
import { emptyState, type EmptyState, type GradientTransformation } from './transformation';

/**
 * Rescales the updates so that their global norm `‖g‖ = √(Σ g²)` over all leaves is at most `maxNorm`: each leaf
 * becomes `(g / ‖g‖)·maxNorm` when `‖g‖ ≥ maxNorm`, and stays `g` otherwise (optax's `clip_by_global_norm`).
 *
 * @example
 * const tx = optax.chain(optax.clipByGlobalNorm(1), optax.adam(1e-3));
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: (updates) =>
      tidyTree('clipByGlobalNorm', () => {
        const norm = globalNorm(updates);
        const small = less(norm, maxNorm);
        const out = treeMap((g: ArrayLike) => where(small, g, multiply(divide(g, norm), maxNorm)), updates);
        return [out, {}];
      }),
  };
}
