import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { dispose, type Tree } from '../../src/core/tree';
import { scale, scaleByLearningRate, scaleBySchedule, type GradientTransformation } from '../../src/optax';
import { values } from './support';

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

  it('scaleBySchedule asks the schedule for counts 0, 1, 2, … and keeps an int32 count', () => {
    const seen: number[] = [];
    const tx = scaleBySchedule((count) => {
      seen.push(count);
      return count + 1;
    });
    expect(updatesOnOnes(tx, 3)).to.deep.equal([1, 2, 3]);
    expect(seen).to.deep.equal([0, 1, 2]);
    const state = tx.init(null);
    expect(state.count.dtype).to.equal('int32');
    dispose(state);
  });

  it('scaleByLearningRate flips the sign unless told not to, for numbers and schedules', () => {
    expect(updatesOnOnes(scaleByLearningRate(0.25), 2)).to.deep.equal([-0.25, -0.25]);
    expect(updatesOnOnes(scaleByLearningRate(0.25, { flipSign: false }), 1)).to.deep.equal([0.25]);
    const halving = (count: number) => 2 ** -count;
    expect(updatesOnOnes(scaleByLearningRate(halving), 3)).to.deep.equal([0, 1, 2].map((c) => -halving(c)));
  });

  it('refuses a learning rate that is neither a number nor a schedule', () => {
    expect(() => scaleByLearningRate('0.1' as unknown as number)).to.throw(
      TypeError,
      'learningRate must be a number or a schedule (count) => number, got 0.1.',
    );
    expect(() => scaleByLearningRate(NaN)).to.throw(TypeError, 'got NaN');
  });
});
