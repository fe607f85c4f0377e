/**
 * The ready-made optimizers: optax's `sgd`, `adam`, `adamw`, `rmsprop`, `adagrad` and `lion`, each a chain ending
 * in the learning-rate step `−lr·u`. Every learning rate (and weight decay) may be a number or a schedule.
 *
 * @packageDocumentation
 */
import { chain } from './chain';
import { scaleByAdam, type ScaleByAdamOptions } from './adam';
import { scaleByLion } from './lion';
import type { Mask } from './masking';
import { scaleByRms, scaleByStddev, type ScaleByRmsOptions } from './rms';
import { scaleByRss, type ScaleByRssOptions } from './rss';
import { checkScalarOrSchedule, scaleByLearningRate, type ScalarOrSchedule } from './scale';
import { trace } from './trace';
import { identity, type GradientTransformation, type OptState } from './transformation';
import { addDecayedWeights } from './weight-decay';

/** Options of {@link sgd} (optax's keyword arguments). */
export interface SgdOptions {
  /** Momentum decay; none (plain gradient descent) when undefined. */
  readonly momentum?: number;
  /** Use Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent: `u = −lr·g`, or with momentum `t ← g + momentum·t`, `u = −lr·t` (Nesterov:
 * `u = −lr·(g + momentum·t)`). The state is `[traceState or {}, scaleState]`, as optax's tuple.
 *
 * @example
 * const tx = optax.sgd(0.1, { momentum: 0.9 });
 */
export function sgd(
  learningRate: ScalarOrSchedule,
  options: SgdOptions = {},
): GradientTransformation<OptState[]> {
  checkScalarOrSchedule(learningRate);
  const { momentum, nesterov = false } = options;
  return chain(
    momentum === undefined ? identity() : trace(momentum, { nesterov }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * Adam: {@link scaleByAdam} followed by the step `−lr·u` (optax's `adam`, same defaults: b1 0.9, b2 0.999,
 * eps 1e-8, epsRoot 0). With `μ ← b1·μ + (1−b1)·g`, `ν ← b2·ν + (1−b2)·g²` at step `t` (from 1):
 * `u = −lr·μ̂ / (√(ν̂ + epsRoot) + eps)`, `μ̂ = μ/(1−b1ᵗ)`, `ν̂ = ν/(1−b2ᵗ)`. The state is
 * `[{ count, mu, nu }, scaleState]`.
 *
 * @example
 * const tx = optax.adam(1e-3);
 */
export function adam(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions = {},
): GradientTransformation<OptState[]> {
  checkScalarOrSchedule(learningRate);
  return chain(scaleByAdam(options), scaleByLearningRate(learningRate));
}

/** Options of {@link adamw}: Adam's, plus the weight decay (optax's keyword arguments and defaults). */
export interface AdamWOptions extends ScaleByAdamOptions {
  /** The decay rate `λ`, a number or a schedule; it is multiplied by the learning rate too. Default 1e-4. */
  readonly weightDecay?: ScalarOrSchedule;
  /** Decay only the parameters where this mask is true (Adam's rescaling still applies to all). */
  readonly mask?: Mask;
}

/**
 * AdamW, Adam with decoupled weight decay (optax's `adamw`): `u = −lr·(μ̂ / (√(ν̂ + epsRoot) + eps) + λ·p)` with
 * Adam's `μ̂`, `ν̂` (see {@link adam}) and `λ = weightDecay` (default 1e-4). The state is
 * `[{ count, mu, nu }, decayState, scaleState]`.
 *
 * @example
 * const tx = optax.adamw(optax.warmupCosineDecaySchedule(0, 1e-3, 100, 10_000), { weightDecay: 0.05 });
 */
export function adamw(
  learningRate: ScalarOrSchedule,
  options: AdamWOptions = {},
): GradientTransformation<OptState[]> {
  checkScalarOrSchedule(learningRate);
  const { weightDecay = 1e-4, mask, ...adamOptions } = options;
  return chain(
    scaleByAdam(adamOptions),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}

/** Options of {@link rmsprop} (optax's keyword arguments, with optax's defaults). */
export interface RmspropOptions extends ScaleByRmsOptions {
  /** Divide by the moving standard deviation of the gradients instead of their root mean square. Default false. */
  readonly centered?: boolean;
  /** Momentum decay applied after the learning rate; none when undefined. */
  readonly momentum?: number;
  /** Use Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
}

/**
 * RMSProp (optax's `rmsprop`): `ν ← d·ν + (1−d)·g²`, `u = −lr·g / √(ν + eps)` (decay `d`, default 0.9; eps 1e-8
 * inside the root unless `epsInSqrt` is false). `centered` uses the variance `ν − μ²` with `μ ← d·μ + (1−d)·g`;
 * `biasCorrection` divides the moments by `1 − dᵗ`; `momentum` then keeps a trace `t ← u + momentum·t` of the
 * scaled updates and returns it (as {@link sgd} does). The state is `[{ nu } or { mu, nu } (with a count under
 * biasCorrection), scaleState, traceState or {}]`.
 *
 * @example
 * const tx = optax.rmsprop(1e-3, { centered: true, momentum: 0.9 });
 */
export function rmsprop(
  learningRate: ScalarOrSchedule,
  options: RmspropOptions = {},
): GradientTransformation<OptState[]> {
  checkScalarOrSchedule(learningRate);
  const { centered = false, momentum, nesterov = false, ...rmsOptions } = options;
  return chain(
    centered ? scaleByStddev(rmsOptions) : scaleByRms(rmsOptions),
    scaleByLearningRate(learningRate),
    momentum === undefined ? identity() : trace(momentum, { nesterov }),
  );
}

/**
 * Adagrad (optax's `adagrad`): `s ← s + g²` from `s₀ = initialAccumulatorValue` (default 0.1), and
 * `u = −lr·g / √(s + eps)` (eps 1e-7; 0 where `s` is 0). The state is `[{ sum_of_squares }, scaleState]`.
 *
 * @example
 * const tx = optax.adagrad(0.1);
 */
export function adagrad(
  learningRate: ScalarOrSchedule,
  options: ScaleByRssOptions = {},
): GradientTransformation<OptState[]> {
  checkScalarOrSchedule(learningRate);
  return chain(scaleByRss(options), scaleByLearningRate(learningRate));
}

/** Options of {@link lion} (optax's keyword arguments, with optax's defaults). */
export interface LionOptions {
  /** Rate of the interpolation whose sign is the update. Default 0.9. */
  readonly b1?: number;
  /** Decay of the momentum. Default 0.99. */
  readonly b2?: number;
  /** The decay rate `λ`, a number or a schedule; it is multiplied by the learning rate too. Default 1e-3. */
  readonly weightDecay?: ScalarOrSchedule;
  /** Decay only the parameters where this mask is true. */
  readonly mask?: Mask;
}

/**
 * Lion (optax's `lion`): `u = −lr·(sign((1−b1)·g + b1·μ) + λ·p)`, then `μ ← (1−b2)·g + b2·μ` (b1 0.9, b2 0.99,
 * `λ = weightDecay` 1e-3). The state is `[{ count, mu }, decayState, scaleState]`.
 *
 * @example
 * const tx = optax.lion(1e-4, { weightDecay: 1e-2 });
 */
export function lion(
  learningRate: ScalarOrSchedule,
  options: LionOptions = {},
): GradientTransformation<OptState[]> {
  checkScalarOrSchedule(learningRate);
  const { b1, b2, weightDecay = 1e-3, mask } = options;
  return chain(
    scaleByLion({ b1, b2 }),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}
