// Small helpers shared by the optax unit tests.
import * as tf from '@tensorflow/tfjs-core';
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

/**
 * Runs `fn` while every way of reading a tensor back to JavaScript throws: proves that `fn` keeps its values on the
 * device (what `jit` will require of a training step).
 */
export function withoutDownloads<T>(fn: () => T): T {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const names = ['dataSync', 'arraySync', 'data', 'array', 'bufferSync', 'buffer'];
  const saved = names.map((name) => proto[name]);
  for (const name of names) {
    proto[name] = () => {
      throw new Error(`${name}() was called: a value was read back from the device.`);
    };
  }
  try {
    return fn();
  } finally {
    names.forEach((name, i) => (proto[name] = saved[i]));
  }
}
