import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes } from '../../src/core/tree';
import { scaleByAdam, type ScaleByAdamState } from '../../src/optax';
import { tensorsLeftBy, values } from './support';

/** Adam's direction in plain JavaScript (doubles), for a scalar gradient sequence. */
function adamDirections(grads: number[], b1: number, b2: number, eps: number, nesterov: boolean): number[] {
  let [mu, nu] = [0, 0];
  return grads.map((g, i) => {
    const t = i + 1;
    mu = b1 * mu + (1 - b1) * g;
    nu = b2 * nu + (1 - b2) * g * g;
    const muHat = nesterov
      ? (b1 * mu) / (1 - b1 ** (t + 1)) + ((1 - b1) * g) / (1 - b1 ** t)
      : mu / (1 - b1 ** t);
    return muHat / (Math.sqrt(nu / (1 - b2 ** t)) + eps);
  });
}

describe('optax scaleByAdam', () => {
  const grads = [0.5, -1, 2, 0.1, -0.3];

  for (const nesterov of [false, true]) {
    it(`matches Adam's formulas with bias correction${nesterov ? ' (nesterov)' : ''}`, () => {
      const tx = scaleByAdam({ b1: 0.8, b2: 0.95, eps: 1e-3, nesterov });
      let state: ScaleByAdamState = tx.init(tf.scalar(0));
      const got: number[] = [];
      for (const g of grads) {
        const gt = tf.scalar(g);
        const [u, next] = tx.update(gt, state);
        got.push(values(u)[0]);
        dispose([gt, u, state]);
        state = next;
      }
      adamDirections(grads, 0.8, 0.95, 1e-3, nesterov).forEach((want, i) =>
        expect(got[i]).to.be.closeTo(want, 1e-5),
      );
      expect(values(state.count)).to.deep.equal([grads.length]);
      dispose(state);
    });
  }

  it("keeps optax's state layout: an int32 count and mu, nu shaped like the params", () => {
    const params = { dense: { kernel: tf.ones([3, 2]), bias: tf.ones([2]) } };
    const state = scaleByAdam().init(params);
    expect(state.count.dtype).to.equal('int32');
    expect(shapes(state)).to.deep.equal({
      count: [],
      mu: { dense: { kernel: [3, 2], bias: [2] } },
      nu: { dense: { kernel: [3, 2], bias: [2] } },
    });
    dispose([params, state]);
  });

  it('leaves only its outputs allocated', () => {
    const tx = scaleByAdam();
    const params = { a: tf.ones([4]), b: tf.ones([2, 2]) };
    const state = tx.init(params);
    let out: unknown;
    // One new tensor per leaf of the updates, mu and nu, plus the count.
    expect(tensorsLeftBy(() => (out = tx.update(params, state)))).to.equal(2 + 2 + 2 + 1);
    dispose([params, state, out]);
  });
});
