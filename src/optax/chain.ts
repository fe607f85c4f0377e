/**
 * Composition of transformations: optax's `chain`.
 *
 * @packageDocumentation
 */
import { tidyTree } from '../core/scope';
import type { GradientTransformation, OptState, Updates } from './transformation';

/**
 * Applies `transforms` one after the other: each turns the previous one's output into its own. The state is the
 * array of the transforms' states, in order (optax's tuple). Updates passed between the transforms are disposed.
 *
 * @example
 * const tx = optax.chain(optax.scaleByAdam(), optax.scale(-0.01)); // the same as optax.adam(0.01)
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<OptState[]> {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (updates, state, params) => {
      if (!Array.isArray(state) || state.length !== transforms.length) {
        throw new Error(
          'The number of updates and states has to be the same in chain! Make sure you have called init first!',
        );
      }
      // The scope disposes the intermediate updates: only the final ones and the new states leave it.
      return tidyTree('chain', () => {
        let current: Updates = updates;
        const nextState = transforms.map((t, i) => {
          const [out, s] = t.update(current, state[i], params);
          current = out;
          return s;
        });
        return [current, nextState];
      });
    },
  };
}
