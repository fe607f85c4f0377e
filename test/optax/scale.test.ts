import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, type Tree } from '../../src/core/tree';
import { scale, scaleByLearningRate, scaleBySchedule, type GradientTransformation } from '../../src/optax';
import { np, type NDArray } from '../../src/core';
import { tensorsLeftBy, treeValues, values, withoutDownloads } from './support';

/** Runs `steps` updates of `tx` on the gradient 1 and returns the update values. */
function updatesOnOnes(tx: GradientTransformation, steps: number): number[] {
  let state: Tree = tx.init(null);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const g = tf.scalar(1);
    const [u, next] = tx.update(g, state);
    out.push(values(u)[0]);
    dispose([g, u, state]);
    state = next;
  }
  dispose(state);
  return out;
}

describe('optax scale, scaleBySchedule, scaleByLearningRate', () => {
  it('scale multiplies every leaf by the step size and keeps no state', () => {
    const tx = scale(-0.5);
    const [aValues, bValues] = [[2, -4], [1]];
    const grads = { a: tf.tensor(aValues), b: tf.tensor([bValues]) };
    const [u, state] = tx.update(grads, tx.init(grads));
    expect(state).to.deep.equal({});
    const { a, b } = u as { a: tf.Tensor; b: tf.Tensor };
    expect(values(a)).to.deep.equal(aValues.map((x) => -0.5 * x));
    expect(values(b)).to.deep.equal(bValues.map((x) => -0.5 * x));
    dispose([grads, u]);
  });

  it('scaleBySchedule gives the schedule the int32 count array 0, 1, 2, … and keeps it in its state', () => {
    const seen: { dtype: string; shape: number[]; value: number }[] = [];
    const tx = scaleBySchedule((count) => {
      seen.push({ dtype: count.dtype, shape: count.shape, value: values(count)[0] });
      return np.add(count, 1);
    });
    expect(updatesOnOnes(tx, 3)).to.deep.equal([1, 2, 3]);
    expect(seen).to.deep.equal([0, 1, 2].map((value) => ({ dtype: 'int32', shape: [], value })));
    const state = tx.init(null);
    expect(state.count.dtype).to.equal('int32');
    dispose(state);
  });

  it('scaleBySchedule reads nothing back from the device: the schedule computes on the count array', () => {
    const tx = scaleByLearningRate((count) => np.multiply(0.1, np.power(0.5, count)));
    const g = tf.ones([2]);
    let state = tx.init(g);
    const updates = withoutDownloads(() => {
      const [u1, s1] = tx.update(g, state);
      const [u2, s2] = tx.update(g, s1);
      dispose([u1, s1, state]);
      state = s2;
      return u2;
    });
    expect(values(updates)).to.deep.equal([-0.05, -0.05].map(Math.fround));
    dispose([g, updates, state]);
  });

  it('scaleBySchedule accepts schedules returning plain numbers and leaves only its outputs allocated', () => {
    const tx = scaleBySchedule(() => 3);
    const g = { a: tf.ones([2]), b: tf.ones([3]) };
    const state = tx.init(g);
    let out: unknown;
    // The two scaled leaves and the new count.
    expect(tensorsLeftBy(() => (out = tx.update(g, state)))).to.equal(3);
    expect(treeValues((out as [unknown])[0])).to.deep.equal([
      [3, 3],
      [3, 3, 3],
    ]);
    dispose([g, state, out]);
  });

  it('scaleByLearningRate flips the sign unless told not to, for numbers and schedules', () => {
    expect(updatesOnOnes(scaleByLearningRate(0.25), 2)).to.deep.equal([-0.25, -0.25]);
    expect(updatesOnOnes(scaleByLearningRate(0.25, { flipSign: false }), 1)).to.deep.equal([0.25]);
    const halving = (count: NDArray) => np.power(0.5, count);
    expect(updatesOnOnes(scaleByLearningRate(halving), 3)).to.deep.equal([0, 1, 2].map((c) => -(2 ** -c)));
  });

  it('refuses a learning rate that is neither a number nor a schedule', () => {
    expect(() => scaleByLearningRate('0.1' as unknown as number)).to.throw(
      TypeError,
      'learningRate must be a number or a schedule (count: NDArray) => ArrayLike, got 0.1.',
    );
    expect(() => scaleByLearningRate(NaN)).to.throw(TypeError, 'got NaN');
  });
});
