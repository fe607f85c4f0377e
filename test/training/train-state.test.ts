import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, valueAndGrad, type NDArray } from '../../src/core';
import { dispose, shapes, treeLeaves } from '../../src/core/tree';
import * as optax from '../../src/optax';
import { TrainState, type TrainStateInit } from '../../src/training';

interface Params {
  w: NDArray;
  b: NDArray;
}

function model(params: Params, x: NDArray): NDArray {
  return np.add(np.matmul(x, params.w), params.b);
}

function makeParams(): Params {
  return { w: tf.tensor([[0.5], [-0.25]]), b: tf.tensor([0.1]) };
}

function scalarOf(t: NDArray): number {
  return (t as tf.Tensor).arraySync() as number;
}

function values(t: NDArray): number[] {
  return Array.from((t as tf.Tensor).dataSync());
}

describe('TrainState', () => {
  it('create starts at step 0 with optState = tx.init(params)', () => {
    const params = makeParams();
    const tx = optax.adam(0.1);
    const state = TrainState.create({ applyFn: model, params, tx });
    expect(scalarOf(state.step)).to.equal(0);
    expect(state.params).to.equal(params);
    expect(state.applyFn).to.equal(model);
    expect(state.tx).to.equal(tx);
    const expected = tx.init(params);
    expect(shapes(state.optState)).to.deep.equal(shapes(expected));
    expect(treeLeaves(state.optState).map((t) => values(t as tf.Tensor))).to.deep.equal(
      treeLeaves(expected).map((t) => values(t as tf.Tensor)),
    );
    dispose([expected]);
    state.dispose();
  });

  it('applyGradients is one tx.update + applyUpdates step and increments step', () => {
    const params = makeParams();
    const grads = { w: tf.tensor([[1], [2]]), b: tf.tensor([-3]) };
    const tx = optax.sgd(0.1, { momentum: 0.9 });
    const state = TrainState.create({ applyFn: model, params, tx });
    const next = state.applyGradients({ grads });
    const [updates, optState] = tx.update(grads, state.optState, params);
    const expected = optax.applyUpdates(params, updates);
    expect(scalarOf(next.step)).to.equal(1);
    expect(values(next.params.w)).to.deep.equal(values(expected.w));
    expect(values(next.params.b)).to.deep.equal(values(expected.b));
    expect(treeLeaves(next.optState).map((t) => values(t as tf.Tensor))).to.deep.equal(
      treeLeaves(optState).map((t) => values(t as tf.Tensor)),
    );
    // The old state is untouched: still step 0, its tensors alive.
    expect(scalarOf(state.step)).to.equal(0);
    expect(values(state.params.w)).to.deep.equal([0.5, -0.25]);
    expect(scalarOf(next.applyGradients({ grads }).step)).to.equal(2);
    dispose([grads, updates, optState, expected]);
    state.dispose();
    next.dispose();
  });

  it('keeps typed extra fields through applyGradients and replace; extra fields passed with grads replace them', () => {
    const batchStats = { mean: tf.tensor([0]) };
    const state = TrainState.create({ applyFn: model, params: makeParams(), tx: optax.sgd(1), batchStats });
    const newStats = { mean: tf.tensor([7]) };
    const grads = { w: tf.zeros([2, 1]), b: tf.zeros([1]) };
    const next = state.applyGradients({ grads, batchStats: newStats });
    expect(next.batchStats).to.equal(newStats);
    expect(values(next.batchStats.mean)).to.deep.equal([7]);
    const same = next.replace({ step: tf.scalar(10, 'int32') });
    expect(scalarOf(same.step)).to.equal(10);
    expect(same.batchStats).to.equal(newStats);
    expect(same.params).to.equal(next.params);
    dispose([grads, batchStats, newStats]);
    state.dispose();
    next.dispose();
  });

  it('replace and applyGradients keep a subclass', () => {
    class MyState<F extends TrainStateInit> extends TrainState<F> {
      describe(): string {
        return `step ${(this.step as tf.Tensor).dataSync()[0]}`;
      }
    }
    const state = MyState.create({ applyFn: model, params: makeParams(), tx: optax.sgd(1) });
    expect(state).to.be.instanceOf(MyState);
    const grads = { w: tf.zeros([2, 1]), b: tf.zeros([1]) };
    const next = state.applyGradients({ grads });
    expect(next).to.be.instanceOf(MyState);
    expect(next instanceof MyState && next.describe()).to.equal('step 1');
    expect(next.replace({ step: tf.scalar(5, 'int32') })).to.be.instanceOf(MyState);
    dispose(grads);
    state.dispose();
    next.dispose();
  });

  it('disposeOld disposes exactly the old tensors the new state does not hold', () => {
    const batchStats = { mean: tf.tensor([0]) };
    const params = makeParams();
    const state = TrainState.create({ applyFn: model, params, tx: optax.adam(0.1), batchStats });
    const oldOptTensors = treeLeaves(state.optState) as tf.Tensor[];
    const grads = { w: tf.ones([2, 1]), b: tf.ones([1]) };
    const next = state.applyGradients({ grads }, { disposeOld: true });
    expect((params.w as tf.Tensor).isDisposed).to.be.true;
    expect((params.b as tf.Tensor).isDisposed).to.be.true;
    expect(oldOptTensors.every((t) => t.isDisposed)).to.be.true;
    // Shared with the new state, and the caller's gradients: alive.
    expect(batchStats.mean.isDisposed).to.be.false;
    expect(grads.w.isDisposed).to.be.false;
    expect((next.params.w as tf.Tensor).isDisposed).to.be.false;
    dispose(grads);
    next.dispose();
    expect(batchStats.mean.isDisposed).to.be.true;
  });

  it('stays flat when every step also replaces an extra field (the batch-norm pattern)', () => {
    let state = TrainState.create({
      applyFn: model,
      params: makeParams(),
      tx: optax.sgd(0.1, { momentum: 0.9 }),
      batchStats: { mean: tf.zeros([1]) },
    });
    const counts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const grads = { w: tf.ones([2, 1]), b: tf.ones([1]) };
      const batchStats = {
        mean: tf.tidy(() => np.add(np.multiply(0.9, state.batchStats.mean), 0.1) as tf.Tensor),
      };
      state = state.applyGradients({ grads, batchStats }, { disposeOld: true });
      dispose(grads);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).to.equal(1);
    expect(values(state.batchStats.mean)[0]).to.be.closeTo(1 - 0.9 ** 50, 1e-5);
    state.dispose();
  });

  it('dispose (and tree.dispose of a state) frees params, optState and extra tensors', () => {
    const before = tf.memory().numTensors;
    const state = TrainState.create({
      applyFn: model,
      params: makeParams(),
      tx: optax.adam(0.1),
      batchStats: { mean: tf.tensor([0]) },
      label: 'not a tensor',
    });
    expect(tf.memory().numTensors).to.be.above(before);
    dispose([state]);
    expect(tf.memory().numTensors).to.equal(before);
    expect(state.label).to.equal('not a tensor');
  });

  it('names a missing field', () => {
    const params = makeParams();
    expect(() =>
      TrainState.create({ applyFn: model, params, tx: undefined as unknown as optax.GradientTransformation }),
    ).to.throw(TypeError, 'TrainState.create() missing required field "tx".');
    const state = TrainState.create({ applyFn: model, params, tx: optax.sgd(0.1) });
    expect(() => state.applyGradients({} as { grads: Params })).to.throw(
      TypeError,
      'applyGradients() missing required field "grads".',
    );
    state.dispose();
  });

  it('200 training steps with valueAndGrad and applyGradients keep tf.memory().numTensors flat', () => {
    const x = tf.randomNormal([16, 2], 0, 1, 'float32', 0);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 1);
    const loss = (params: Params, xs: NDArray, ys: NDArray) => np.mean(optax.l2Loss(model(params, xs), ys));
    let state = TrainState.create({ applyFn: model, params: makeParams(), tx: optax.adam(0.05) });
    const counts: number[] = [];
    const losses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const [value, grads] = valueAndGrad(loss)(state.params, x, y);
      losses.push(values(value)[0]);
      state = state.applyGradients({ grads }, { disposeOld: true });
      dispose([value, grads]);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size, `tensor counts ${counts[0]}..${counts[199]}`).to.equal(1);
    expect(losses[199]).to.be.below(losses[0]);
    console.log(
      `      200 steps: tf.memory().numTensors stays ${counts[0]} (first) .. ${counts[199]} (last)`,
    );
    state.dispose();
    dispose([x, y]);
  });
});
