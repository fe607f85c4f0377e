/**
 * Adagrad's rescaling: optax's `scale_by_rss`, the first half of `adagrad`.
 *
 * With gradient `g`: `s ← s + g²` (the sum of all squared gradients so far, starting from
 * `initialAccumulatorValue`), and the update is `g / √(s + eps)` where `s > 0`, else 0.
 *
 * @packageDocumentation
 */
import { add, greater, multiply, rsqrt, square, where, type ArrayLike } from '../core/np';
import { tidyTree } from '../core/scope';
import { treeMap, type Tree } from '../core/tree';
import { fullLikeTree } from './tree-math';
import type { GradientTransformation } from './transformation';

/** Options of {@link scaleByRss} and `adagrad` (optax's keyword arguments, with optax's defaults). */
export interface ScaleByRssOptions {
  /** The starting value of the sums of squares (at least 0). Default 0.1. */
  readonly initialAccumulatorValue?: number;
  /** Added to the sums before the square root. Default 1e-7. */
  readonly eps?: number;
}

/**
 * The state of {@link scaleByRss} (optax's `ScaleByRssState`). The field keeps optax's name, so that checkpoints
 * written by Python Flax load unchanged.
 */
export interface ScaleByRssState {
  /** Per parameter, the sum of the squared gradients so far. */
  readonly sum_of_squares: Tree;
}

/** Divides the updates by the root of the sum of all squared gradients so far (optax's `scale_by_rss`). */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssState> {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = options;
  return {
    init: (params) =>
      tidyTree('scaleByRss.init', () => ({ sum_of_squares: fullLikeTree(params, initialAccumulatorValue) })),
    update: (updates, state) =>
      tidyTree('scaleByRss', () => {
        const sums = treeMap(
          (g: ArrayLike, s: ArrayLike) => add(square(g), s),
          updates,
          state.sum_of_squares,
        );
        const out = treeMap(
          (s: ArrayLike, g: ArrayLike) => multiply(where(greater(s, 0), rsqrt(add(s, eps)), 0), g),
          sums,
          updates,
        );
        return [out, { sum_of_squares: sums }];
      }),
  };
}
