import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, type Tree } from '../../src/core/tree';
import { trace } from '../../src/optax';
import { values } from './support';

/** The trace recurrence in plain JavaScript: what optax's `trace` returns for each gradient. */
function traced(grads: number[], decay: number, nesterov: boolean): number[] {
  let t = 0;
  return grads.map((g) => {
    t = g + decay * t;
    return nesterov ? g + decay * t : t;
  });
}

describe('optax trace', () => {
  const grads = [1, -2, 0.5, 3];

  for (const nesterov of [false, true]) {
    it(`follows t ← g + decay·t${nesterov ? ', returning g + decay·t (nesterov)' : ''}`, () => {
      const tx = trace(0.9, { nesterov });
      let state: Tree = tx.init(tf.scalar(0));
      const got: number[] = [];
      for (const g of grads) {
        const gt = tf.scalar(g);
        const [u, next] = tx.update(gt, state as { trace: Tree });
        got.push(values(u)[0]);
        // Disposing the updates must leave the new state intact.
        dispose([gt, u, state]);
        state = next;
      }
      traced(grads, 0.9, nesterov).forEach((want, i) => expect(got[i]).to.be.closeTo(want, 1e-5));
      dispose(state);
    });
  }

  it('starts from zeros shaped like the params', () => {
    const params = { w: tf.ones([2, 2]) };
    const state = trace(0.5).init(params);
    expect((state.trace as { w: tf.Tensor }).w.shape).to.deep.equal([2, 2]);
    expect(values((state.trace as { w: tf.Tensor }).w)).to.deep.equal([0, 0, 0, 0]);
    dispose([params, state.trace]);
  });
});
