import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes, type Tree } from '../../src/core/tree';
import { rmsprop, scaleByRms, scaleByStddev, type GradientTransformation } from '../../src/optax';
import { tensorsLeftBy, values } from './support';

/** The updates of `tx` for a sequence of scalar gradients. */
function run(tx: GradientTransformation, grads: number[]): number[] {
  let state: Tree = tx.init(tf.scalar(0));
  const out = grads.map((g) => {
    const gt = tf.scalar(g);
    const [u, next] = tx.update(gt, state);
    const value = values(u)[0];
    dispose([gt, u, state]);
    state = next;
    return value;
  });
  dispose(state);
  return out;
}

describe('optax scaleByRms and scaleByStddev', () => {
  const grads = [0.5, -1, 2];

  it('scaleByRms divides by √(ν + eps), ν the moving average of g²; with biasCorrection ν/(1−dᵗ)', () => {
    let nu = 0;
    const plain = grads.map((g) => ((nu = 0.9 * nu + 0.1 * g * g), g / Math.sqrt(nu + 1e-8)));
    run(scaleByRms(), grads).forEach((u, i) => expect(u).to.be.closeTo(plain[i], 1e-5));
    nu = 0;
    const corrected = grads.map(
      (g, i) => ((nu = 0.5 * nu + 0.5 * g * g), g / (Math.sqrt(nu / (1 - 0.5 ** (i + 1))) + 1e-3)),
    );
    run(scaleByRms({ decay: 0.5, eps: 1e-3, epsInSqrt: false, biasCorrection: true }), grads).forEach(
      (u, i) => expect(u).to.be.closeTo(corrected[i], 1e-5),
    );
  });

  it('scaleByStddev divides by √(ν − μ² + eps), starting ν at initialScale', () => {
    let [mu, nu] = [0, 1];
    const want = grads.map((g) => {
      mu = 0.9 * mu + 0.1 * g;
      nu = 0.9 * nu + 0.1 * g * g;
      return g / Math.sqrt(nu - mu * mu + 1e-8);
    });
    run(scaleByStddev({ initialScale: 1 }), grads).forEach((u, i) => expect(u).to.be.closeTo(want[i], 1e-5));
  });

  it("keeps optax's state layouts, with a count only under biasCorrection", () => {
    const p = { w: tf.ones([2]) };
    const states = [
      scaleByRms().init(p),
      scaleByRms({ biasCorrection: true }).init(p),
      scaleByStddev().init(p),
      scaleByStddev({ biasCorrection: true }).init(p),
      rmsprop(0.1, { centered: true, momentum: 0.9 }).init(p),
    ];
    expect(shapes(states)).to.deep.equal([
      { nu: { w: [2] } },
      { count: [], nu: { w: [2] } },
      { mu: { w: [2] }, nu: { w: [2] } },
      { count: [], mu: { w: [2] }, nu: { w: [2] } },
      [{ mu: { w: [2] }, nu: { w: [2] } }, {}, { trace: { w: [2] } }],
    ]);
    dispose([p, states]);
  });

  it('leave only their outputs allocated', () => {
    const p = { a: tf.ones([3]), b: tf.ones([2]) };
    const tx = scaleByStddev({ biasCorrection: true });
    const state = tx.init(p);
    let out: unknown;
    // Updates, mu and nu per leaf, plus the count.
    expect(tensorsLeftBy(() => (out = tx.update(p, state)))).to.equal(2 * 3 + 1);
    dispose([p, state, out]);
  });
});
