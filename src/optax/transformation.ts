/**
 * The contract every optimizer follows (optax's `GradientTransformation`), the types it is written in, and the
 * do-nothing transformation.
 *
 * Ownership: `init` and `update` return fresh tensors that belong to the caller, never their inputs, and dispose
 * everything else they create. The caller keeps owning what it passed in (gradients, old state, parameters) and
 * disposes it when done, e.g. with `tree.dispose`.
 *
 * @packageDocumentation
 */
import type { Tree } from '../core/tree';
import { copyTree } from './tree-math';

/** A pytree of parameters (nested objects and arrays of tensors). */
export type Params = Tree;

/** A pytree of gradients or of updates to add to parameters; it has the structure of the parameters. */
export type Updates = Tree;

/** An optimizer's state: a plain pytree, so `tree.dispose`, `tree.shapes` and friends work on it. */
export type OptState = Tree;

/** The state of a transformation that keeps none (optax's `EmptyState()`). */
export type EmptyState = Record<string, never>;

/**
 * A pair of pure functions: `init(params)` builds the state, `update(updates, state, params?)` turns gradients
 * into updates and returns them with the next state.
 *
 * @example
 * const tx = optax.sgd(0.1);
 * let optState = tx.init(params);
 * const [updates, nextState] = tx.update(grads, optState, params);
 * const nextParams = optax.applyUpdates(params, updates);
 */
export interface GradientTransformation<S extends OptState = OptState> {
  /** The initial state for `params`. */
  init(params: Params): S;
  /** The updates for `updates` (usually gradients) and the next state; `params` only if a transform needs it. */
  update(updates: Updates, state: S, params?: Params): [Updates, S];
}

/** A fresh empty state. */
export function emptyState(): EmptyState {
  return {};
}

/**
 * Leaves the updates as they are (optax's `identity`). The updates come back as new tensor handles on the same
 * data, so the result can be disposed independently of the input, as with every other transformation.
 */
export function identity(): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: (updates) => [copyTree(updates), {}],
  };
}
