import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes } from '../../src/core/tree';
import { adagrad, scaleByRss, type ScaleByRssState } from '../../src/optax';
import { values } from './support';

describe('optax scaleByRss and adagrad', () => {
  it('divides by √(s + eps), s the running sum of g² from initialAccumulatorValue, and gives 0 where s is 0', () => {
    const tx = scaleByRss({ initialAccumulatorValue: 0, eps: 0 });
    let state: ScaleByRssState = tx.init(tf.zeros([2]));
    const got = [tf.tensor([3, 0]), tf.tensor([4, 0])].map((g) => {
      const [u, next] = tx.update(g, state);
      const out = values(u);
      dispose([g, u, state]);
      state = next;
      return out;
    });
    expect(got).to.deep.equal([
      [1, 0],
      [Math.fround(0.8), 0],
    ]);
    expect(values(state.sum_of_squares)).to.deep.equal([25, 0]);
    dispose(state);
  });

  it("keeps optax's state layout and field name: [{ sum_of_squares }, scale's state]", () => {
    const p = { w: tf.ones([3]) };
    const state = adagrad(0.1).init(p);
    expect(shapes(state)).to.deep.equal([{ sum_of_squares: { w: [3] } }, {}]);
    const [first] = state as [ScaleByRssState];
    expect(values((first.sum_of_squares as { w: tf.Tensor }).w)).to.deep.equal(
      [0.1, 0.1, 0.1].map(Math.fround),
    );
    dispose([p, state]);
  });
});
