import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes } from '../../src/core/tree';
import { lion, scaleByLion, type ScaleByLionState } from '../../src/optax';
import { treeValues, values } from './support';

describe('optax scaleByLion and lion', () => {
  it('returns sign((1−b1)·g + b1·μ), then moves μ with b2', () => {
    const tx = scaleByLion({ b1: 0.5, b2: 0.75 });
    let state: ScaleByLionState = tx.init(tf.zeros([2]));
    const steps = [tf.tensor([1, -1]), tf.tensor([-0.1, -3])];
    const got = steps.map((g) => {
      const [u, next] = tx.update(g, state);
      const out = values(u);
      dispose([u, state]);
      state = next;
      return out;
    });
    // Step 2: μ = 0.25·[1, −1] = [0.25, −0.25]; 0.5·[−0.1, −3] + 0.5·μ = [0.075, −1.625].
    expect(got).to.deep.equal([
      [1, -1],
      [1, -1],
    ]);
    expect(values(state.mu)).to.deep.equal([
      Math.fround(0.75 * 0.25 + 0.25 * -0.1),
      Math.fround(0.75 * -0.25 + 0.25 * -3),
    ]);
    expect(values(state.count)).to.deep.equal([2]);
    dispose([steps, state]);
  });

  it('smooth and refined modes replace the sign by tanh(β·x) and by x where |x| < 1', () => {
    const g = tf.tensor([0.4, -3]);
    const smooth = scaleByLion({ b1: 0, mode: 'smooth', smoothBeta: 2 });
    const refined = scaleByLion({ b1: 0, mode: 'refined' });
    const [a] = smooth.update(g, smooth.init(g));
    const [b] = refined.update(g, refined.init(g));
    values(a).forEach((v, i) => expect(v).to.be.closeTo(Math.tanh(2 * [0.4, -3][i]), 1e-6));
    expect(values(b)).to.deep.equal([Math.fround(0.4), -1]);
    dispose([g, a, b]);
  });

  it("refuses an unknown mode in optax's words", () => {
    expect(() => scaleByLion({ mode: 'soft' as 'hard' })).to.throw(
      'Unknown lion mode: soft. It needs to be one of ["hard", "smooth", "refined"].',
    );
  });

  it("lion is [{ count, mu }, weight decay's state, scale's state] and decays weights by default (1e-3)", () => {
    const p = { w: tf.tensor([10]) };
    const g = { w: tf.tensor([0]) };
    const tx = lion(0.1);
    const state = tx.init(p);
    expect(shapes(state)).to.deep.equal([{ count: [], mu: { w: [1] } }, {}, {}]);
    const [u, next] = tx.update(g, state, p);
    // sign(0) = 0, so the step is the weight decay alone: −0.1·1e-3·10.
    expect(treeValues(u)[0][0]).to.be.closeTo(-1e-3, 1e-9);
    dispose([p, g, state, u, next]);
  });
});
