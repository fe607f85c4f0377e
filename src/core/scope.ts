/**
 * Tensor lifetimes outside `jit`: `tidy` frees what a computation allocated except what it returns. Under a
 * transform (`vmap`, `grad`, `jit`) scopes are left to the transform, which owns every buffer it makes (a `grad`
 * needs its forward values until the backward pass), so `tidy` then simply runs its function.
 *
 * @packageDocumentation
 */
import { engine, Tensor } from '@tensorflow/tfjs-core';
import { currentTrace } from './trace';
import { treeLeaves, type Tree } from './tree';

/** Every tensor among a tree's leaves (registered nodes such as `TrainState` are looked into). */
export function tensorsIn(tree: Tree): Tensor[] {
  return treeLeaves(tree).filter((leaf): leaf is Tensor => leaf instanceof Tensor);
}

/** True when no transform is active: values are concrete and buffers are allocated as ops run. */
export function isEager(): boolean {
  return currentTrace().level === 0;
}

/**
 * Runs `fn` and disposes every tensor it created except those reachable from its result: `tf.tidy` for flax-ts
 * values, which also keeps tensors inside objects such as `TrainState`. Exceptions still close the scope. Inside a
 * transform it just runs `fn` (the transform frees its own buffers).
 *
 * @example
 * [state, metrics] = tidy(() => trainStep(state, batch));
 */
export function tidy<T>(fn: () => T): T {
  return tidyTree('tidy', fn);
}

/** {@link tidy} with a scope name (shown by tfjs's profiler). */
export function tidyTree<T>(name: string, fn: () => T): T {
  if (!isEager()) return fn();
  const eng = engine();
  eng.startScope(name);
  let result: T | undefined;
  try {
    result = fn();
    return result;
  } finally {
    // The scope closes even when the result cannot be walked (a cyclic tree): no scope is ever left open.
    let kept: Tensor[] | undefined;
    try {
      kept = result === undefined ? undefined : tensorsIn(result);
    } finally {
      eng.endScope(kept);
    }
  }
}

/**
 * Wraps a public operation so that, outside transforms, it leaves exactly its result behind (the temporaries of
 * promotion and of composite ops are freed), also when it throws.
 */
export function op<A extends unknown[], R>(name: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => tidyTree(name, () => fn(...args));
}
