/**
 * Applying a transformation to part of the parameters: optax's `masked`.
 *
 * @packageDocumentation
 */
import { tidyTree } from '../core/scope';
import type { Tree } from '../core/tree';
import { mapPrefix } from './tree-prefix';
import { copyTree } from './tree-math';
import type { GradientTransformation, OptState, Params } from './transformation';

/**
 * A mask: a tree of booleans shaped like the parameters, or like a prefix of them (one boolean then covers a whole
 * subtree), or a function that makes such a tree from the parameters (optax calls it on the updates in `update`).
 */
export type Mask = Tree<boolean> | ((params: Params) => Tree<boolean>);

/**
 * The state of {@link masked} (optax's `MaskedState`): the inner transformation's state, built on the masked-in
 * parameters only. Masked-out places hold an empty object, optax's `MaskedNode()`. The field keeps optax's name, so
 * that checkpoints written by Python Flax load unchanged.
 */
export interface MaskedState<S extends OptState = OptState> {
  readonly inner_state: S;
}

function checkMaskLeaf(leaf: unknown): boolean {
  if (typeof leaf !== 'boolean') {
    throw new TypeError(
      `A mask's leaves must be booleans (true: transform, false: leave alone), got ${String(leaf)}.`,
    );
  }
  return leaf;
}

/** `tree` with every masked-out subtree replaced by an empty object (optax's `MaskedNode()`): a node without leaves. */
export function maskTree(tree: Tree, mask: Tree<boolean>): Tree {
  return mapPrefix((m, subtree) => (checkMaskLeaf(m) ? subtree : {}), mask, tree);
}

/**
 * Applies `inner` only where `mask` is true and passes the other updates through unchanged (optax's `masked`).
 * `inner` sees, in its `init` and `update`, trees where the masked-out parts are empty objects, so its state holds
 * nothing for them.
 *
 * @example
 * // Weight decay on kernels only:
 * const tx = optax.masked(optax.addDecayedWeights(1e-4), { dense: { kernel: true, bias: false } });
 */
export function masked<S extends OptState>(
  inner: GradientTransformation<S>,
  mask: Mask,
): GradientTransformation<MaskedState<S>> {
  const maskFor = (tree: Tree): Tree<boolean> => (typeof mask === 'function' ? mask(tree) : mask);
  return {
    init: (params) => ({ inner_state: inner.init(maskTree(params, maskFor(params))) }),
    update: (updates, state, params) =>
      tidyTree('masked', () => {
        const m = maskFor(updates);
        const [innerUpdates, innerState] = inner.update(
          maskTree(updates, m),
          state.inner_state,
          params === undefined ? undefined : maskTree(params, m),
        );
        // Masked-out updates leave as new handles on the same data, like every transformation's output.
        const out = mapPrefix(
          (keep, fresh, old) => (keep === true ? fresh : copyTree(old)),
          m,
          innerUpdates,
          updates,
        );
        return [out, { inner_state: innerState }];
      }),
  };
}
