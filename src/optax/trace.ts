/**
 * Momentum: optax's `trace`, the accumulator behind `sgd(lr, { momentum })`.
 *
 * @packageDocumentation
 */
import type { ArrayLike } from '../core/array';
import { add, multiply } from '../core/np/elementwise';
import { tidyTree } from '../core/scope';
import { treeMap, type Tree } from '../core/tree';
import { copyTree, zerosLikeTree } from './tree-math';
import type { GradientTransformation } from './transformation';

/** The state of {@link trace}: the running sum of past updates, shaped like the parameters. */
export interface TraceState {
  readonly trace: Tree;
}

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Use Nesterov momentum: return `g + decay·t` with the new trace `t`, not `t` itself. Default false. */
  readonly nesterov?: boolean;
}

/**
 * Keeps the trace `t ← g + decay·t` of past updates and returns it (optax's `trace`); with `nesterov`, returns
 * `g + decay·t` computed with the new trace, looking one step ahead.
 */
export function trace(decay: number, options: TraceOptions = {}): GradientTransformation<TraceState> {
  const nesterov = options.nesterov ?? false;
  const step = (g: ArrayLike, t: ArrayLike) => add(g, multiply(decay, t));
  return {
    init: (params) => tidyTree('trace.init', () => ({ trace: zerosLikeTree(params) })),
    update: (updates, state) =>
      tidyTree('trace', () => {
        const next = treeMap(step, updates, state.trace);
        // Without nesterov the updates are the trace itself: new handles, so the two trees are disposed apart.
        const out = nesterov ? treeMap(step, updates, next) : copyTree(next);
        return [out, { trace: next }];
      }),
  };
}
