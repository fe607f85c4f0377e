/**
 * The per-leaf arithmetic optax's transformations share (optax's `optax.tree` helpers): filled copies of a tree,
 * exponential moving averages of moments, bias correction, the global norm and a step counter that cannot
 * overflow.
 *
 * The formulas keep optax's order of operations, since float32 results depend on it.
 *
 * @packageDocumentation
 */
import { clone, Tensor } from '@tensorflow/tfjs-core';
import { asArray, type ArrayLike, type NDArray } from '../core/array';
import {
  add,
  divide,
  fullLike,
  less,
  multiply,
  power,
  sqrt,
  square,
  subtract,
  sum,
  where,
  zeros,
} from '../core/np';
import { treeLeaves, treeMap, type Tree } from '../core/tree';

const INT32_MAX = 2 ** 31 - 1;

/** A tree of arrays filled with `value`, shaped (and typed) like `tree`'s leaves (optax's `tree.full_like`). */
export function fullLikeTree(tree: Tree, value: number): Tree {
  return treeMap((leaf: ArrayLike) => fullLike(asArray(leaf), value), tree);
}

/** A tree of zeros shaped (and typed) like `tree`'s leaves. */
export function zerosLikeTree(tree: Tree): Tree {
  return fullLikeTree(tree, 0);
}

/**
 * New handles on the same tensors (tfjs shares the data, so this costs no copy): lets a transformation return a
 * tree that the caller can dispose without touching the tree it came from.
 */
export function copyTree(tree: Tree): Tree {
  return treeMap((leaf: unknown) => (leaf instanceof Tensor ? clone(leaf) : leaf), tree);
}

/** A fresh step counter: an int32 scalar 0, as optax keeps it in its states. */
export function zeroCount(): NDArray {
  return zeros([], { dtype: 'int32' });
}

/** `count + 1`, staying at the int32 maximum instead of wrapping around (optax's `safe_increment`). */
export function safeIncrement(count: NDArray): NDArray {
  return where(less(count, INT32_MAX), add(count, 1), INT32_MAX);
}

/**
 * The exponential moving average of the `order`-th power of `updates`: `(1 − decay)·g^order + decay·t` per leaf
 * (optax's `update_moment`; orders 1 and 2 are the ones Adam uses).
 */
export function updateMoment(updates: Tree, moments: Tree, decay: number, order: 1 | 2): Tree {
  return treeMap(
    (g: ArrayLike, t: ArrayLike) => add(multiply(1 - decay, order === 2 ? square(g) : g), multiply(decay, t)),
    updates,
    moments,
  );
}

/**
 * Divides every leaf by `1 − decay^count`, undoing the pull towards the zero initialisation of a moving average
 * (optax's `bias_correction`). The power is taken in float32, as optax does.
 */
export function biasCorrection(moment: Tree, decay: number, count: NDArray): Tree {
  const correction = subtract(1, power(decay, count));
  return treeMap((t: ArrayLike) => divide(t, correction), moment);
}

/**
 * The L2 norm of all the leaves together, `√(Σ_leaves Σ x²)` (optax's `tree.norm`): the per-leaf sums are added
 * in leaf order, as optax's `tree.sum` does.
 */
export function globalNorm(tree: Tree): NDArray {
  const sums = treeLeaves(tree).map((leaf) => sum(square(leaf as ArrayLike)));
  return sqrt(sums.reduce<ArrayLike>((total, s) => add(total, s), 0));
}
