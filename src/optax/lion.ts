/**
 * Lion's rescaling: optax's `scale_by_lion`, the first half of `lion`.
 *
 * With gradient `g`, the update is the sign of an interpolation, `sign((1−b1)·g + b1·μ)`, and the momentum then
 * moves with the other rate, `μ ← (1−b2)·g + b2·μ`. `mode` replaces the sign: `'smooth'` uses
 * `tanh(smoothBeta·x)`, `'refined'` keeps `x` where `|x| < 1` and its sign elsewhere.
 *
 * @packageDocumentation
 */
import { abs, less, multiply, sign, tanh, where, type ArrayLike, type NDArray } from '../core/np';
import { tidyTree } from '../core/scope';
import { treeMap, type Tree } from '../core/tree';
import { safeIncrement, updateMoment, zeroCount, zerosLikeTree } from './tree-math';
import type { GradientTransformation } from './transformation';

/** Options of {@link scaleByLion} (optax's keyword arguments, with optax's defaults). */
export interface ScaleByLionOptions {
  /** Rate of the interpolation whose sign is the update. Default 0.9. */
  readonly b1?: number;
  /** Decay of the momentum. Default 0.99. */
  readonly b2?: number;
  /** How the interpolation becomes the update: `'hard'` (its sign), `'smooth'` or `'refined'`. Default 'hard'. */
  readonly mode?: 'hard' | 'smooth' | 'refined';
  /** The slope of `tanh` in `'smooth'` mode. Default 1. */
  readonly smoothBeta?: number;
}

/** The state of {@link scaleByLion} (optax's `ScaleByLionState`). */
export interface ScaleByLionState {
  /** Updates made so far: an int32 scalar. */
  readonly count: NDArray;
  /** The momentum: a moving average of the gradients. */
  readonly mu: Tree;
}

const MODES = {
  hard: (x: NDArray) => sign(x),
  smooth: (x: NDArray, beta: number) => tanh(multiply(beta, x)),
  refined: (x: NDArray) => where(less(abs(x), 1), x, sign(x)),
} as const;

/** Rescales updates as Lion does (optax's `scale_by_lion`); see the module comment for the formulas. */
export function scaleByLion(options: ScaleByLionOptions = {}): GradientTransformation<ScaleByLionState> {
  const { b1 = 0.9, b2 = 0.99, mode = 'hard', smoothBeta = 1 } = options;
  if (!Object.hasOwn(MODES, mode)) {
    throw new Error(`Unknown lion mode: ${mode}. It needs to be one of ["hard", "smooth", "refined"].`);
  }
  const combine = MODES[mode];
  return {
    init: (params) => tidyTree('scaleByLion.init', () => ({ count: zeroCount(), mu: zerosLikeTree(params) })),
    update: (updates, state) =>
      tidyTree('scaleByLion', () => {
        const interpolated = updateMoment(updates, state.mu, b1, 1);
        const out = treeMap((x: ArrayLike) => combine(x as NDArray, smoothBeta), interpolated);
        const mu = updateMoment(updates, state.mu, b2, 1);
        return [out, { count: safeIncrement(state.count), mu }];
      }),
  };
}
