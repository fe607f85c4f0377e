/**
 * Decoupled weight decay: optax's `add_decayed_weights`, the middle step of `adamw` and `lion`.
 *
 * @packageDocumentation
 */
import { add, multiply, type ArrayLike, type NDArray } from '../core/np';
import { tidyTree } from '../core/scope';
import { treeMap } from '../core/tree';
import { masked, type Mask, type MaskedState } from './masking';
import { checkScalarOrSchedule, type ScalarOrSchedule } from './scale';
import { copyTree, safeIncrement, zeroCount } from './tree-math';
import type { EmptyState, GradientTransformation, Params, Updates } from './transformation';

/** optax's message when a transformation that needs the parameters is updated without them. */
export const NO_PARAMS_MSG =
  'You are using a transformation that requires the current value of parameters, but you are not passing ' +
  '`params` when calling `update`.';

/** The state of {@link addDecayedWeights} with a scheduled decay (optax's `WeightDecaySchedule`). */
export interface WeightDecayScheduleState {
  /** Updates made so far: an int32 scalar, the schedule's input. */
  readonly count: NDArray;
}

/** The state of {@link addDecayedWeights} without a mask: empty for a constant decay. */
export type DecayState = EmptyState | WeightDecayScheduleState;

/** Options of {@link addDecayedWeights}. */
export interface AddDecayedWeightsOptions {
  /** Decay only the parameters where this mask is true (see `masked`); all of them when undefined. */
  readonly mask?: Mask;
}

/**
 * Adds `weightDecay · p` to the update of every parameter `p`: `u ← u + λ·p` (optax's `add_decayed_weights`).
 * `weightDecay` may be a schedule of the step count; `update` needs the parameters. The state is `{}` for a
 * constant decay, `{ count }` for a schedule, and with a mask `{ inner_state: … }` around either (`masked`'s).
 *
 * @example
 * const tx = optax.chain(optax.scaleByAdam(), optax.addDecayedWeights(1e-4), optax.scaleByLearningRate(1e-3));
 */
export function addDecayedWeights(
  weightDecay: ScalarOrSchedule = 0,
  options: AddDecayedWeightsOptions = {},
): GradientTransformation<DecayState | MaskedState<DecayState>> {
  checkScalarOrSchedule(weightDecay, 'weightDecay');
  const transform: GradientTransformation<DecayState> = {
    init: (): DecayState => (typeof weightDecay === 'function' ? { count: zeroCount() } : {}),
    update: (updates, state, params) => {
      if (params === undefined) throw new Error(NO_PARAMS_MSG);
      return tidyTree('addDecayedWeights', () => {
        if (typeof weightDecay === 'number') {
          // A constant zero decays nothing: optax skips the arithmetic.
          const out = weightDecay === 0 ? copyTree(updates) : decay(updates, params, weightDecay);
          return [out, {}];
        }
        const { count } = state as WeightDecayScheduleState;
        return [decay(updates, params, weightDecay(count)), { count: safeIncrement(count) }];
      });
    },
  };
  return options.mask === undefined ? transform : masked(transform, options.mask);
}

function decay(updates: Updates, params: Params, rate: ArrayLike): Updates {
  return treeMap((g: ArrayLike, p: ArrayLike) => add(g, multiply(rate, p)), updates, params);
}
