/**
 * Adam's rescaling: optax's `scale_by_adam`, the first half of `adam`.
 *
 * With gradient `g` at step `t` (counting from 1):
 * `μ ← b1·μ + (1−b1)·g`, `ν ← b2·ν + (1−b2)·g²`, `μ̂ = μ / (1−b1ᵗ)`, `ν̂ = ν / (1−b2ᵗ)`, and the update is
 * `μ̂ / (√(ν̂ + epsRoot) + eps)`. With `nesterov` (NAdam), `μ̂` looks one step ahead:
 * `b1·μ/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ)`.
 *
 * @packageDocumentation
 */
import type { ArrayLike, NDArray } from '../core/array';
import { add, divide, multiply, sqrt } from '../core/np/elementwise';
import { tidyTree } from '../core/scope';
import { treeMap, type Tree } from '../core/tree';
import { biasCorrection, safeIncrement, updateMoment, zeroCount, zerosLikeTree } from './tree-math';
import type { GradientTransformation } from './transformation';

/** The state of {@link scaleByAdam} (optax's `ScaleByAdamState`). */
export interface ScaleByAdamState {
  /** Updates made so far: an int32 scalar. */
  readonly count: NDArray;
  /** First moment: the moving average of the gradients. */
  readonly mu: Tree;
  /** Second moment: the moving average of the squared gradients. */
  readonly nu: Tree;
}

/** Options of {@link scaleByAdam} and `adam` (optax's keyword arguments, with optax's defaults). */
export interface ScaleByAdamOptions {
  /** Decay of the first moment. Default 0.9. */
  readonly b1?: number;
  /** Decay of the second moment. Default 0.999. */
  readonly b2?: number;
  /** Added to the denominator outside the square root. Default 1e-8. */
  readonly eps?: number;
  /** Added inside the square root (helps when differentiating through the update). Default 0. */
  readonly epsRoot?: number;
  /** Use Nesterov momentum (NAdam). Default false. */
  readonly nesterov?: boolean;
}

/** Rescales updates as Adam does (optax's `scale_by_adam`); see the module comment for the formulas. */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, nesterov = false } = options;
  return {
    init: (params) =>
      tidyTree('scaleByAdam.init', () => ({
        count: zeroCount(),
        mu: zerosLikeTree(params),
        nu: zerosLikeTree(params),
      })),
    update: (updates, state) =>
      tidyTree('scaleByAdam', () => {
        const mu = updateMoment(updates, state.mu, b1, 1);
        const nu = updateMoment(updates, state.nu, b2, 2);
        const count = safeIncrement(state.count);
        const muHat = nesterov
          ? treeMap(
              (m: ArrayLike, g: ArrayLike) => add(multiply(b1, m), multiply(1 - b1, g)),
              biasCorrection(mu, b1, safeIncrement(count)),
              biasCorrection(updates, b1, count),
            )
          : biasCorrection(mu, b1, count);
        const nuHat = biasCorrection(nu, b2, count);
        const out = treeMap(
          (m: ArrayLike, v: ArrayLike) => divide(m, add(sqrt(add(v, epsRoot)), eps)),
          muHat,
          nuHat,
        );
        return [out, { count, mu, nu }];
      }),
  };
}
