/**
 * Tensor lifetime helpers: tfjs's `tidy` only looks for tensors in plain containers, but our results may hold
 * them inside batch tracers, so we collect them ourselves.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { treeLeaves, type Tree } from './tree';
import { BatchTracer } from './tracer';

/**
 * The method through which an object that is a tree leaf (a class instance such as `TrainState`) lists the
 * tensors it holds, so that {@link tidy} keeps them.
 */
export const HELD_TENSORS: unique symbol = Symbol.for('flax-ts.heldTensors');

/** An object that lists the tensors it holds (see {@link HELD_TENSORS}). */
export interface HoldsTensors {
  [HELD_TENSORS](): tf.Tensor[];
}

function holdsTensors(value: unknown): value is HoldsTensors {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<HoldsTensors>)[HELD_TENSORS] === 'function'
  );
}

/** Every tensor reachable from a tree's leaves, looking inside batch tracers and objects that hold tensors. */
export function tensorsIn(tree: Tree): tf.Tensor[] {
  const found: tf.Tensor[] = [];
  const visit = (leaf: unknown): void => {
    if (leaf instanceof tf.Tensor) found.push(leaf as tf.Tensor);
    else if (leaf instanceof BatchTracer) visit(leaf.val);
    else if (holdsTensors(leaf)) found.push(...leaf[HELD_TENSORS]());
  };
  treeLeaves(tree).forEach(visit);
  return found;
}

/**
 * Runs `fn` and disposes every tensor it created except those reachable from its result: `tf.tidy` for flax-ts
 * values, which also keeps tensors inside batch tracers and inside objects such as `TrainState`. Wrap a training
 * step in it so that its intermediates (metrics, logits, …) do not pile up. Exceptions still close the scope.
 *
 * @example
 * [state, metrics] = tidy(() => trainStep(state, batch));
 */
export function tidy<T>(fn: () => T): T {
  return tidyTree('tidy', fn);
}

/** {@link tidy} with a scope name (shown by tfjs's profiler). */
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
