// The optax-generated parity fixture (test/parity/optax.py), typed, plus helpers to turn its nested lists into
// tensors and to measure how far our results are from optax's.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { treeLeaves, type Tree } from '../../src/core/tree';
import type { Spec } from './spec';

/** Nested lists of numbers, as the fixture stores arrays. */
export type Nested = number | Nested[];

/** A pytree of nested-list arrays: objects keyed like the parameters. */
export type NestedTree = Nested | { [key: string]: NestedTree };

export interface OptimizerCase {
  optimizer: 'sgd' | 'adam';
  options: {
    learningRate: number | { linear: [number, number] };
    momentum?: number;
    nesterov?: boolean;
    b1?: number;
    b2?: number;
    eps?: number;
    epsRoot?: number;
  };
  grads: NestedTree[];
  losses: number[];
  params: NestedTree;
  optState: { [field: string]: NestedTree }[];
}

export interface ClassificationCase {
  logits: Nested;
  labels: Nested;
  loss: Nested;
  grad: Nested;
}

export interface RegressionCase {
  predictions: Nested;
  targets: Nested | null;
  loss: Nested;
  grad: Nested;
}

/** A replay of one transform (a spec, see spec.ts) on the fixture's fixed gradients. */
export interface TransformCase {
  spec: Spec;
  /** The parameters after every step. */
  params: NestedTree;
  /** The final optimizer state, laid out as flax-ts keeps it (arrays for tuples, objects for NamedTuples). */
  state: Tree;
  /** The state's structure with every array written as dtype[shape], e.g. `int32[]`. */
  layout: Layout;
}

/** A state's structure: arrays as `dtype[shape]` strings inside the state's lists and objects. */
export type Layout = string | Layout[] | { [key: string]: Layout };

/** A schedule (a spec) and its values at counts 0, 1, …. */
export interface ScheduleCase {
  spec: Spec;
  values: number[];
}

export interface OptaxFixture {
  versions: { jax: string; optax: string };
  steps: number;
  x: Nested;
  y: Nested;
  params: NestedTree;
  optimizers: OptimizerCase[];
  losses: {
    softmaxCrossEntropyWithIntegerLabels: ClassificationCase[];
    softmaxCrossEntropy: ClassificationCase[];
    l2Loss: RegressionCase[];
    squaredError: RegressionCase[];
  };
  transforms: { steps: number; params: NestedTree; grads: NestedTree[]; cases: TransformCase[] };
  schedules: { counts: number; cases: ScheduleCase[] };
}

export const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'optax.json'), 'utf8'),
) as OptaxFixture;

/** The fixture's nested lists as float32 tensors (objects stay objects). */
export function toTensors(tree: NestedTree): Tree<tf.Tensor> {
  if (typeof tree === 'number' || Array.isArray(tree)) return tf.tensor(tree);
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, toTensors(value)]));
}

/** Every number of a tree of tensors or of nested lists, in pytree order (object keys sorted). */
export function flatValues(tree: Tree): number[] {
  return treeLeaves(tree).flatMap((leaf) =>
    leaf instanceof tf.Tensor ? Array.from(leaf.dataSync()) : [leaf as number],
  );
}

/**
 * The largest relative error |a − e| / |e| between two equally long lists. Elements smaller than `floor` times
 * the largest |e| count relative to that floor instead, so a value that is nearly zero does not dominate.
 */
export function maxRelativeError(
  actual: readonly number[],
  expected: readonly number[],
  floor = 1e-3,
): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  const scale = Math.max(...expected.map(Math.abs));
  return actual.reduce(
    (worst, a, i) =>
      Math.max(worst, Math.abs(a - expected[i]) / Math.max(Math.abs(expected[i]), floor * scale)),
    0,
  );
}

/** The structure of a tree of tensors with every tensor written as dtype[shape], as the fixture's `layout`. */
export function layoutOf(tree: unknown): Layout {
  if (tree instanceof tf.Tensor) return `${tree.dtype}[${(tree as tf.Tensor).shape.join(',')}]`;
  if (Array.isArray(tree)) return tree.map(layoutOf);
  if (typeof tree === 'object' && tree !== null) {
    return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, layoutOf(value)]));
  }
  throw new Error(`layoutOf: unexpected leaf ${String(tree)}`);
}
