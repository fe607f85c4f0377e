/**
 * Different transformations for different parameters: optax's `partition`, also named `multi_transform`.
 *
 * @packageDocumentation
 */
import { tidyTree } from '../core/scope';
import { treeLeaves, treeMap, type Tree } from '../core/tree';
import { masked, type MaskedState } from './masking';
import type { GradientTransformation, OptState, Params, Updates } from './transformation';

/** Labels: a tree of strings shaped like the parameters (or a prefix of them), or a function making one. */
export type ParamLabels = Tree<string> | ((params: Params) => Tree<string>);

/**
 * The state of {@link partition} (optax's `PartitionState`, formerly `MultiTransformState`): per label, the state
 * of that label's transformation wrapped by `masked`. The field keeps optax's name, so that checkpoints written by
 * Python Flax load unchanged.
 */
export interface PartitionState {
  readonly inner_states: Readonly<Record<string, MaskedState>>;
}

function pythonList(names: Iterable<string>): string {
  return `[${[...names]
    .sort()
    .map((name) => `'${name}'`)
    .join(', ')}]`;
}

/**
 * Applies `transforms[label]` to the parameters labelled `label` (optax's `partition`). Each transformation sees
 * only its own parameters (through `masked`), so its state holds nothing for the others. Every label used must have
 * a transformation.
 *
 * @example
 * const tx = optax.multiTransform(
 *   { adam: optax.adam(1e-3), frozen: optax.sgd(0) },
 *   { encoder: 'frozen', decoder: 'adam' },
 * );
 */
export function partition(
  transforms: Readonly<Record<string, GradientTransformation>>,
  paramLabels: ParamLabels,
): GradientTransformation<PartitionState> {
  const labelsFor = (tree: Tree): Tree<string> =>
    typeof paramLabels === 'function' ? paramLabels(tree) : paramLabels;
  const groups = Object.keys(transforms);
  const maskedFor = (labels: Tree<string>, group: string): GradientTransformation<MaskedState> =>
    masked(
      transforms[group],
      treeMap<string, boolean>((label) => label === group, labels),
    );
  return {
    init: (params) => {
      const labels = labelsFor(params);
      const used = new Set(treeLeaves<string>(labels));
      if ([...used].some((label) => !groups.includes(label))) {
        throw new Error(
          'Some parameters have no corresponding transformation.\n' +
            `Parameter labels: ${pythonList(used)} \n` +
            `Transforms keys: ${pythonList(groups)} \n`,
        );
      }
      return {
        inner_states: Object.fromEntries(
          groups.map((group) => [group, maskedFor(labels, group).init(params)]),
        ),
      };
    },
    update: (updates, state, params) =>
      tidyTree('partition', () => {
        const labels = labelsFor(updates);
        let current: Updates = updates;
        const innerStates: Record<string, OptState> = {};
        for (const group of groups) {
          [current, innerStates[group]] = maskedFor(labels, group).update(
            current,
            state.inner_states[group],
            params,
          );
        }
        return [current, { inner_states: innerStates as Record<string, MaskedState> }];
      }),
  };
}

/** optax's older name for {@link partition}. */
export const multiTransform = partition;

/** optax's older name for {@link PartitionState}. */
export type MultiTransformState = PartitionState;
