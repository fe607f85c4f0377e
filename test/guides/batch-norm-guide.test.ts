// The batch-norm guide's train_step / eval_step with a TrainState carrying batchStats, on the toy batch of
// notebooks/en/03_batch_norm (eight normal inputs from PRNGKey(1), labelled with the index of their largest feature),
// against flax 0.12.8 + optax 0.2.8 (test/parity/guides.py); and the same loop run 200 steps with a flat tensor count.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { jit, nn, np, optax, random, tidy, training, tree, valueAndGrad, type NDArray } from '../../src';
import fixture from '../parity/fixtures/guides.json';
import { expectClose, FLOAT32_PARITY, type Nested } from '../support/close';

class MLP extends nn.Module {
  call(x: NDArray, train: boolean): NDArray {
    x = new nn.Dense({ features: 4 }).call(x);
    x = new nn.BatchNorm({ useRunningAverage: !train }).call(x);
    x = nn.relu(x);
    return new nn.Dense({ features: 3 }).call(x);
  }
}

interface Batch {
  readonly image: NDArray;
  readonly label: NDArray;
}

const mlp = new MLP();

/** Tolerance for what depends on the running statistics after Adam steps (see the eval-loss comment). */
const RUNNING_STATS = { rtol: 5e-4, atolScale: 5e-5 };

function createState() {
  const variables = mlp.init(random.PRNGKey(0), [np.ones([1, 3]), false]);
  return training.TrainState.create({
    applyFn: (vars: nn.Variables, args: [NDArray, boolean]) => mlp.apply(vars, args),
    params: variables.params,
    batchStats: variables.batch_stats,
    tx: optax.adam(1e-3),
  });
}

type State = ReturnType<typeof createState>;

function accuracy(logits: NDArray, labels: NDArray): NDArray {
  return np.mean(np.astype(np.equal(np.argmax(logits, -1), labels), 'float32'));
}

function trainStep(state: State, batch: Batch): [State, { loss: NDArray; accuracy: NDArray }] {
  const lossFn = (params: State['params']): [NDArray, [NDArray, nn.Variables]] => {
    const [logits, updates] = mlp.apply({ params, batch_stats: state.batchStats }, [batch.image, true], {
      mutable: ['batch_stats'],
    });
    const loss = np.mean(optax.softmaxCrossEntropyWithIntegerLabels(logits, batch.label));
    return [loss, [logits, updates]];
  };
  const [[loss, [logits, updates]], grads] = valueAndGrad(lossFn, { hasAux: true })(state.params);
  const metrics = { loss, accuracy: accuracy(logits, batch.label) };
  return [state.applyGradients({ grads, batchStats: updates.batch_stats }), metrics];
}

/** The guide's train step as the notebook runs it: jitted with the old state donated, or eagerly in a scope. */
function stepper(
  compiled: boolean,
): (state: State, batch: Batch) => [State, { loss: NDArray; accuracy: NDArray }] {
  if (compiled) return jit(trainStep, { donateArgnums: 0 });
  return (state, batch) => {
    const result = tidy(() => trainStep(state, batch));
    state.dispose();
    return result;
  };
}

function evalStep(state: State, batch: Batch): { loss: NDArray; accuracy: NDArray } {
  const logits = mlp.apply({ params: state.params, batch_stats: state.batchStats }, [batch.image, false]);
  const loss = np.mean(optax.softmaxCrossEntropyWithIntegerLabels(logits, batch.label));
  return { loss, accuracy: accuracy(logits, batch.label) };
}

describe('guides: batch normalization (parity with flax 0.12.8)', () => {
  const expected = fixture.batch_norm;
  let batch: Batch;

  before(() => {
    const image = random.normal(random.PRNGKey(1), [8, 3]);
    batch = { image, label: np.argmax(image, -1) };
  });

  after(() => {
    tree.dispose(batch);
  });

  it("builds the notebook's batch as jax does", () => {
    expectClose(batch.image, expected.images, FLOAT32_PARITY, 'images');
    expect(Array.from(batch.label.dataSync())).to.deep.equal(expected.labels);
    expect(batch.label.dtype).to.equal('int32');
  });

  it('gives the variable trees of the guide', () => {
    const variables = mlp.init(random.PRNGKey(0), [np.ones([1, 3]), false]);
    expect(tree.shapes(variables)).to.deep.equal({
      batch_stats: { BatchNorm_0: { mean: [4], var: [4] } },
      params: {
        BatchNorm_0: { bias: [4], scale: [4] },
        Dense_0: { bias: [4], kernel: [3, 4] },
        Dense_1: { bias: [3], kernel: [4, 3] },
      },
    });
    tree.dispose(variables);
  });

  for (const compiled of [false, true]) {
    const mode = compiled ? 'under jit' : 'eager';
    it(`trains with batchStats in a TrainState and evaluates with running averages, ${mode}`, () => {
      const step = stepper(compiled);
      let state = createState();
      for (const expectedStep of expected.train) {
        const [next, metrics] = step(state, batch);
        expectClose(metrics.loss, expectedStep.loss, FLOAT32_PARITY, 'train loss');
        expectClose(metrics.accuracy, expectedStep.accuracy, FLOAT32_PARITY, 'train accuracy');
        tree.dispose(metrics);
        state = next;
      }
      const metrics = evalStep(state, batch);
      // Evaluation reads the running statistics, which carry Adam's chaos: Dense_0's bias has a zero gradient in
      // exact arithmetic (BatchNorm removes it), so Adam turns its rounding noise into ±lr steps whose signs differ
      // between XLA and each tfjs backend, moving the batch means by ~lr and the running mean by ~lr·(1 − momentum).
      expectClose(metrics.loss, expected.eval.loss, RUNNING_STATS, 'eval loss');
      expectClose(metrics.accuracy, expected.eval.accuracy, FLOAT32_PARITY, 'eval accuracy');
      const stats = expected.batch_stats.BatchNorm_0 as Record<string, Nested>;
      const ours = state.batchStats as Record<string, Record<string, NDArray>>;
      expectClose(ours.BatchNorm_0.mean, stats.mean, RUNNING_STATS, 'mean');
      expectClose(ours.BatchNorm_0.var, stats.var, FLOAT32_PARITY, 'var');
      expect((state.step as tf.Tensor).arraySync()).to.equal(3);
      tree.dispose(metrics);
      state.dispose();
    });

    it(`keeps tf.memory() flat over 200 training steps, ${mode}`, () => {
      const step = stepper(compiled);
      let state = createState();
      const run = (): void => {
        const [next, metrics] = step(state, batch);
        tree.dispose(metrics);
        state = next;
      };
      run();
      const before = tf.memory();
      for (let i = 0; i < 200; i++) run();
      expect(tf.memory().numTensors).to.equal(before.numTensors);
      expect(tf.memory().numBytes).to.equal(before.numBytes);
      state.dispose();
    });
  }
});
