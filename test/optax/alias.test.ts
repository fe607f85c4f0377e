import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes } from '../../src/core/tree';
import { adam, sgd } from '../../src/optax';
import { treeValues } from './support';

describe('optax sgd and adam', () => {
  const params = () => ({ w: tf.tensor([1, 2]) });

  it("have optax's state layouts: [trace or {}, {}] and [{ count, mu, nu }, {}]", () => {
    const p = params();
    const states = [sgd(0.1).init(p), sgd(0.1, { momentum: 0.9 }).init(p), adam(0.1).init(p)];
    expect(shapes(states)).to.deep.equal([
      [{}, {}],
      [{ trace: { w: [2] } }, {}],
      [{ count: [], mu: { w: [2] }, nu: { w: [2] } }, {}],
    ]);
    dispose([p, states]);
  });

  it('sgd steps by −lr·g, and with momentum by −lr·(g + m·t)', () => {
    const p = params();
    const g = { w: tf.tensor([0.5, -1]) };
    const plain = sgd(0.1);
    const [u] = plain.update(g, plain.init(p));
    expect(treeValues(u)[0]).to.deep.equal([0.5, -1].map((x) => Math.fround(-0.1) * x).map(Math.fround));
    const momentum = sgd(0.1, { momentum: 0.9 });
    const [u1, s1] = momentum.update(g, momentum.init(p));
    const [u2, s2] = momentum.update(g, s1);
    // Second step: the trace is g + 0.9·g.
    treeValues(u2)[0].forEach((v, i) => expect(v).to.be.closeTo(-0.1 * 1.9 * [0.5, -1][i], 1e-6));
    dispose([p, g, u, u1, s1, u2, s2]);
  });

  it('reject a learning rate that is neither a number nor a schedule', () => {
    expect(() => sgd(undefined as unknown as number)).to.throw(TypeError, 'learningRate must be a number');
    expect(() => adam(null as unknown as number)).to.throw(TypeError, 'got null');
  });
});
