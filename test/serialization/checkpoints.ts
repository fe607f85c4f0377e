// The TypeScript twins of test/parity/shared/checkpoints.py: the model and optimizers whose states the
// checkpoint tests save and load, the fixture manifest, and `describeTree`, one JSON description of a restored tree
// that both languages produce.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { nn, np, optax, random, training, type NDArray } from '../../src';
import { dispose, isTreeNode, type Tree } from '../../src/core/tree';

/** Dense → BatchNorm → relu → Dense, as CheckpointMLP in checkpoints.py. */
export class CheckpointMLP extends nn.Module {
  call(x: NDArray, train = false): NDArray {
    let h = new nn.Dense({ features: 3 }).call(x);
    h = new nn.BatchNorm({ useRunningAverage: !train }).call(h);
    h = nn.relu(h);
    return new nn.Dense({ features: 2 }).call(h);
  }
}

/** `{ params, batch_stats }` of CheckpointMLP for a [1, 4] input, as model_variables() in checkpoints.py. */
export function modelVariables(): { params: Tree; batch_stats: Tree } {
  const x = np.ones([1, 4]);
  const variables = new CheckpointMLP().init(random.key(0), [x]) as { params: Tree; batch_stats: Tree };
  x.dispose();
  return variables;
}

export const adamTx = (): optax.GradientTransformation => optax.adam(1e-3);

/** A fresh TrainState of CheckpointMLP with `tx`, and with the batch statistics as `batchStats` if asked. */
export function newTrainState(tx: optax.GradientTransformation, withStats: boolean): training.TrainState {
  const { params, batch_stats } = modelVariables();
  const model = new CheckpointMLP();
  const fields = { applyFn: (v: nn.Variables, args: [NDArray]) => model.apply(v, args), params, tx };
  if (withStats) return training.TrainState.create({ ...fields, batchStats: batch_stats });
  dispose(batch_stats);
  return training.TrainState.create(fields);
}

const KERNELS = {
  Dense_0: { kernel: true, bias: false },
  BatchNorm_0: false,
  Dense_1: { kernel: true, bias: false },
};
const LABELS = { Dense_0: 'adamw', BatchNorm_0: 'adagrad', Dense_1: 'adamw' };

export const mixedTx = (): optax.GradientTransformation =>
  optax.multiTransform({ adamw: optax.adamw(1e-3, { mask: KERNELS }), adagrad: optax.adagrad(0.1) }, LABELS);

/** The JSON description checkpoints.py's describe gives; see there. */
export type Described =
  | null
  | boolean
  | string
  | { dict: Record<string, Described> }
  | { list: Described[] }
  | { array: string; shape: number[]; values: number[] }
  | { number: number }
  | { bigint: string }
  | { bytes: string };

export function describeTree(x: unknown): Described {
  if (x instanceof tf.Tensor) {
    return {
      array: x.dtype,
      shape: [...(x as tf.Tensor).shape],
      values: Array.from((x as tf.Tensor).dataSync()),
    };
  }
  if (x instanceof Uint8Array) return { bytes: Buffer.from(x).toString('hex') };
  if (Array.isArray(x)) return { list: x.map(describeTree) };
  if (isTreeNode(x)) {
    return { dict: Object.fromEntries(Object.entries(x).map(([key, value]) => [key, describeTree(value)])) };
  }
  if (typeof x === 'number') return { number: x };
  if (typeof x === 'bigint') return { bigint: x.toString() };
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
  throw new Error(`describeTree: unexpected ${typeof x}`);
}

export interface CheckpointCase {
  file: string;
  restored: Described;
  reserializes: boolean;
}

const FIXTURES = join(__dirname, '..', 'parity', 'fixtures');

export const manifest = JSON.parse(readFileSync(join(FIXTURES, 'serialization.json'), 'utf8')) as {
  versions: { flax: string; jax: string };
  cases: Record<string, CheckpointCase>;
};

/** The bytes of a fixture file, e.g. `serialization/variables.msgpack`. */
export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, file)));
}
