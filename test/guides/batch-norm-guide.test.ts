// The batch-norm guide's train_step / eval_step with a TrainState carrying batchStats, against flax 0.12.8 +
// optax 0.2.8 (test/parity/guides.py), and the same loop run 200 steps with a flat tensor count.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { nn, np, optax, random, tidy, training, tree, valueAndGrad, type NDArray } from '../../src';
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
  const next = state.applyGradients({ grads, batchStats: updates.batch_stats }, { disposeOld: true });
  tree.dispose([grads, logits]);
  return [next, metrics];
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
    batch = { image: np.array(expected.images), label: np.array(expected.labels, { dtype: 'int32' }) };
  });

  after(() => {
    tree.dispose(batch);
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

  it('trains with batchStats in a TrainState and evaluates with running averages', () => {
    let state = createState();
    for (const step of expected.train) {
      const [next, metrics] = tidy(() => trainStep(state, batch));
      expectClose(metrics.loss, step.loss, FLOAT32_PARITY, 'train loss');
      expectClose(metrics.accuracy, step.accuracy, FLOAT32_PARITY, 'train accuracy');
      tree.dispose(metrics);
      state = next;
    }
    const metrics = evalStep(state, batch);
    // Evaluation reads the running statistics, which carry Adam's chaos: Dense_0's bias has a zero gradient in exact
    // arithmetic (BatchNorm removes it), so Adam turns its rounding noise into ±lr steps whose signs differ between
    // XLA and each tfjs backend, moving the batch means by ~lr and the running mean by ~lr·(1 − momentum) = 1e-5.
    expectClose(metrics.loss, expected.eval.loss, RUNNING_STATS, 'eval loss');
    expectClose(metrics.accuracy, expected.eval.accuracy, FLOAT32_PARITY, 'eval accuracy');
    const stats = expected.batch_stats.BatchNorm_0 as Record<string, Nested>;
    const ours = state.batchStats as Record<string, Record<string, NDArray>>;
    expectClose(ours.BatchNorm_0.mean, stats.mean, RUNNING_STATS, 'mean');
    expectClose(ours.BatchNorm_0.var, stats.var, FLOAT32_PARITY, 'var');
    expect(state.step).to.equal(3);
    tree.dispose(metrics);
    state.dispose();
  });

  it('keeps tf.memory().numTensors flat over 200 training steps', () => {
    let state = createState();
    const run = () => {
      const [next, metrics] = tidy(() => trainStep(state, batch));
      tree.dispose(metrics);
      state = next;
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) run();
    expect(tf.memory().numTensors).to.equal(before);
    state.dispose();
  });
});
