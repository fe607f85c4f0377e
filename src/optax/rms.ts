/**
 * RMSProp's rescaling: optax's `scale_by_rms` and its centered twin `scale_by_stddev`, the first half of
 * `rmsprop`.
 *
 * With gradient `g` and decay `d`: `ν ← d·ν + (1−d)·g²` (and, centered, `μ ← d·μ + (1−d)·g`). With
 * `biasCorrection`, `ν̂ = ν / (1−dᵗ)` (and `μ̂ = μ / (1−dᵗ)`) at step `t` counting from 1, else `ν̂ = ν`, `μ̂ = μ`.
 * The update is `g / √(ν̂ + eps)`, or `g / (√ν̂ + eps)` without `epsInSqrt`; centered, `ν̂` becomes the variance
 * `ν̂ − μ̂²`.
 *
 * @packageDocumentation
 */
import {
  add,
  divide,
  multiply,
  rsqrt,
  sqrt,
  square,
  subtract,
  type ArrayLike,
  type NDArray,
} from '../core/np';
import { tidyTree } from '../core/scope';
import { treeMap, type Tree } from '../core/tree';
import {
  biasCorrection,
  fullLikeTree,
  safeIncrement,
  updateMoment,
  zeroCount,
  zerosLikeTree,
} from './tree-math';
import type { GradientTransformation } from './transformation';

/** Options of {@link scaleByRms}, {@link scaleByStddev} (optax's keyword arguments, with optax's defaults). */
export interface ScaleByRmsOptions {
  /** Decay of the moving averages. Default 0.9. */
  readonly decay?: number;
  /** Added to the second moment before the square root (or after it, without `epsInSqrt`). Default 1e-8. */
  readonly eps?: number;
  /** The initial value of the second moment `ν`. Default 0. */
  readonly initialScale?: number;
  /** Add `eps` inside the square root, `1/√(ν + eps)`, not outside, `1/(√ν + eps)`. Default true. */
  readonly epsInSqrt?: boolean;
  /** Divide the moments by `1 − decayᵗ`, as Adam does; the state then also counts steps. Default false. */
  readonly biasCorrection?: boolean;
}

/** The state of {@link scaleByRms} (optax's `ScaleByRmsState`, or `ScaleByRmsWithCountState` with a count). */
export interface ScaleByRmsState {
  /** Updates made so far (an int32 scalar): only with `biasCorrection`. */
  readonly count?: NDArray;
  /** The moving average of the squared gradients. */
  readonly nu: Tree;
}

/** The state of {@link scaleByStddev} (optax's `ScaleByRStdDevState`, or `…WithCountState` with a count). */
export interface ScaleByStddevState extends ScaleByRmsState {
  /** The moving average of the gradients. */
  readonly mu: Tree;
}

interface Resolved {
  readonly decay: number;
  readonly eps: number;
  readonly initialScale: number;
  readonly epsInSqrt: boolean;
  readonly biasCorrection: boolean;
}

function resolve(options: ScaleByRmsOptions): Resolved {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true } = options;
  return { decay, eps, initialScale, epsInSqrt, biasCorrection: options.biasCorrection ?? false };
}

/** `1/√(v + eps)` or `1/(√v + eps)`: the per-element scaling both transforms apply to the gradient. */
function inverseRoot(v: ArrayLike, { eps, epsInSqrt }: Resolved): NDArray {
  return epsInSqrt ? rsqrt(add(v, eps)) : divide(1, add(sqrt(v), eps));
}

/** The moments as they enter the update: bias-corrected by the new count when asked, else unchanged. */
function corrected(moment: Tree, options: Resolved, count: NDArray | undefined): Tree {
  return count === undefined ? moment : biasCorrection(moment, options.decay, count);
}

/**
 * Divides the updates by the root of the moving average of their squares (optax's `scale_by_rms`); see the module
 * comment for the formulas. The state is `{ nu }`, or `{ count, nu }` with `biasCorrection`.
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const o = resolve(options);
  return {
    init: (params) =>
      tidyTree('scaleByRms.init', () => {
        const nu = fullLikeTree(params, o.initialScale);
        return o.biasCorrection ? { count: zeroCount(), nu } : { nu };
      }),
    update: (updates, state) =>
      tidyTree('scaleByRms', () => {
        const nu = updateMoment(updates, state.nu, o.decay, 2);
        const count = o.biasCorrection ? safeIncrement(requireCount(state.count)) : undefined;
        const out = treeMap(
          (n: ArrayLike, g: ArrayLike) => multiply(inverseRoot(n, o), g),
          corrected(nu, o, count),
          updates,
        );
        return [out, count === undefined ? { nu } : { count, nu }];
      }),
  };
}

/**
 * Divides the updates by the root of the moving variance of the gradients (optax's `scale_by_stddev`, the
 * centered RMSProp); see the module comment. The state is `{ mu, nu }`, or `{ count, mu, nu }` with
 * `biasCorrection`.
 */
export function scaleByStddev(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByStddevState> {
  const o = resolve(options);
  return {
    init: (params) =>
      tidyTree('scaleByStddev.init', () => {
        const mu = zerosLikeTree(params);
        const nu = fullLikeTree(params, o.initialScale);
        return o.biasCorrection ? { count: zeroCount(), mu, nu } : { mu, nu };
      }),
    update: (updates, state) =>
      tidyTree('scaleByStddev', () => {
        const mu = updateMoment(updates, state.mu, o.decay, 1);
        const nu = updateMoment(updates, state.nu, o.decay, 2);
        const count = o.biasCorrection ? safeIncrement(requireCount(state.count)) : undefined;
        const scaling = treeMap(
          (m: ArrayLike, n: ArrayLike) => inverseRoot(subtract(n, square(m)), o),
          corrected(mu, o, count),
          corrected(nu, o, count),
        );
        const out = treeMap((s: ArrayLike, g: ArrayLike) => multiply(s, g), scaling, updates);
        return [out, count === undefined ? { mu, nu } : { count, mu, nu }];
      }),
  };
}

function requireCount(count: NDArray | undefined): NDArray {
  if (count === undefined) {
    throw new Error('This state has no count: it was made without biasCorrection. Call init again.');
  }
  return count;
}
