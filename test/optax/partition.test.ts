import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes } from '../../src/core/tree';
import { adam, multiTransform, partition, scale, sgd } from '../../src/optax';
import { tensorsLeftBy, treeValues } from './support';

describe('optax partition (multiTransform)', () => {
  const tree = () => ({ encoder: { w: tf.ones([2]) }, decoder: { w: tf.ones([3]) } });

  it('applies each label its transformation', () => {
    const g = tree();
    const tx = partition({ frozen: scale(0), fast: scale(-2) }, { encoder: 'frozen', decoder: 'fast' });
    const [u] = tx.update(g, tx.init(g));
    expect(treeValues(u)).to.deep.equal([
      [-2, -2, -2],
      [0, 0],
    ]);
    dispose([g, u]);
  });

  it("keeps optax's state layout: { inner_states: { label: { inner_state } } }", () => {
    const p = tree();
    const state = multiTransform({ a: adam(0.1), s: sgd(0.1) }, { encoder: 'a', decoder: 's' }).init(p);
    expect(shapes(state)).to.deep.equal({
      inner_states: {
        a: {
          inner_state: [
            { count: [], mu: { encoder: { w: [2] }, decoder: {} }, nu: { encoder: { w: [2] }, decoder: {} } },
            {},
          ],
        },
        s: { inner_state: [{}, {}] },
      },
    });
    dispose([p, state]);
  });

  it('accepts labels computed from the parameters', () => {
    const g = tree();
    const tx = partition({ a: scale(2), b: scale(3) }, (params) =>
      Object.fromEntries(Object.keys(params as object).map((k) => [k, k === 'encoder' ? 'a' : 'b'])),
    );
    const [u] = tx.update(g, tx.init(g));
    expect(treeValues(u)).to.deep.equal([
      [3, 3, 3],
      [2, 2],
    ]);
    dispose([g, u]);
  });

  it('disposes the updates passed between the labels', () => {
    const g = tree();
    const tx = partition({ a: scale(2), b: scale(3), c: scale(4) }, { encoder: 'a', decoder: 'b' });
    const state = tx.init(g);
    let out: unknown;
    expect(tensorsLeftBy(() => (out = tx.update(g, state)))).to.equal(2);
    dispose([g, out]);
  });

  it("names labels without a transformation, in optax's words", () => {
    const g = tree();
    expect(() => partition({ a: scale(1) }, { encoder: 'a', decoder: 'b' }).init(g)).to.throw(
      "Some parameters have no corresponding transformation.\nParameter labels: ['a', 'b'] \nTransforms keys: ['a'] \n",
    );
    dispose(g);
  });
});
