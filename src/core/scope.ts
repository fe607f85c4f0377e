/**
 * Tensor lifetime helpers: tfjs's `tidy` only looks for tensors in plain containers, but our results may hold
 * them inside batch tracers, so we collect them ourselves.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { treeLeaves, type Tree } from './tree';
import { BatchTracer } from './tracer';

/** Every tensor reachable from a tree's leaves, looking inside batch tracers. */
export function tensorsIn(tree: Tree): tf.Tensor[] {
  const found: tf.Tensor[] = [];
  const visit = (leaf: unknown): void => {
    if (leaf instanceof tf.Tensor) found.push(leaf as tf.Tensor);
    else if (leaf instanceof BatchTracer) visit(leaf.val);
  };
  treeLeaves(tree).forEach(visit);
  return found;
}

/**
 * Runs `fn` in a tfjs scope and disposes every tensor it created except those reachable from its result
 * (like `tf.tidy`, but it sees through tracers). Exceptions still close the scope.
 */
export function tidyTree<T>(name: string, fn: () => T): T {
  const engine = tf.engine();
  engine.startScope(name);
  let result: T | undefined;
  try {
    result = fn();
    return result;
  } finally {
    engine.endScope(result === undefined ? undefined : tensorsIn(result));
  }
}
