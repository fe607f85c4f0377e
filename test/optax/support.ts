// Small helpers shared by the optax unit tests.
import * as tf from '@tensorflow/tfjs';
import { treeLeaves, type Tree } from '../../src/core/tree';

/** The values of a tensor (or tracer-free NDArray) as a plain list. */
export function values(t: unknown): number[] {
  return Array.from((t as tf.Tensor).dataSync());
}

/** Every tensor value of a tree, in pytree order. */
export function treeValues(tree: Tree): number[][] {
  return treeLeaves(tree).map(values);
}

/** Runs `fn` and returns how many tensors it left allocated. */
export function tensorsLeftBy(fn: () => void): number {
  const before = tf.memory().numTensors;
  fn();
  return tf.memory().numTensors - before;
}
