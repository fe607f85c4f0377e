/**
 * The ready-made optimizers: optax's `sgd` and `adam`, each a chain ending in the learning-rate step.
 *
 * @packageDocumentation
 */
import { chain } from './chain';
import { scaleByAdam, type ScaleByAdamOptions } from './adam';
import { checkLearningRate, scaleByLearningRate, type ScalarOrSchedule } from './scale';
import { trace } from './trace';
import { identity, type GradientTransformation, type OptState } from './transformation';

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
  checkLearningRate(learningRate);
  const { momentum, nesterov = false } = options;
  return chain(
    momentum === undefined ? identity() : trace(momentum, { nesterov }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * Adam: {@link scaleByAdam} followed by the step `−lr·u` (optax's `adam`, same defaults: b1 0.9, b2 0.999,
 * eps 1e-8, epsRoot 0). The state is `[{ count, mu, nu }, scaleState]`.
 *
 * @example
 * const tx = optax.adam(1e-3);
 */
export function adam(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions = {},
): GradientTransformation<OptState[]> {
  checkLearningRate(learningRate);
  return chain(scaleByAdam(options), scaleByLearningRate(learningRate));
}
