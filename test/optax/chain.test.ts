import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '../../src/core/tree';
import { adam, chain, scale, scaleByAdam } from '../../src/optax';
import { tensorsLeftBy, treeValues } from './support';

describe('optax chain', () => {
  it('applies the transforms in order, its state being the array of their states', () => {
    const tx = chain(scale(2), scale(-3));
    const state = tx.init(null);
    expect(state).to.deep.equal([{}, {}]);
    const g = tf.tensor([1, -0.5]);
    const [u] = tx.update(g, state);
    expect(treeValues(u)).to.deep.equal([[1, -0.5].map((x) => -3 * (2 * x))]);
    dispose([g, u]);
  });

  it('chain(scaleByAdam(), scale(−lr)) is adam(lr)', () => {
    const params = { w: tf.tensor([0.5, -1]) };
    const grads = { w: tf.tensor([0.2, 0.7]) };
    const [composed, builtIn] = [chain(scaleByAdam(), scale(-0.01)), adam(0.01)];
    const [a, aState] = composed.update(grads, composed.init(params));
    const [b, bState] = builtIn.update(grads, builtIn.init(params));
    expect(treeValues(a)).to.deep.equal(treeValues(b));
    expect(treeValues(aState)).to.deep.equal(treeValues(bState));
    dispose([params, grads, a, aState, b, bState]);
  });

  it('disposes the updates passed between transforms', () => {
    const tx = chain(scale(2), scale(3), scale(4));
    const g = tf.ones([3]);
    let out: unknown;
    expect(tensorsLeftBy(() => (out = tx.update(g, tx.init(g))))).to.equal(1);
    dispose([g, out]);
  });

  it("names a state that does not come from this chain's init, as optax does", () => {
    const tx = chain(scale(1), scale(1));
    const g = tf.ones([1]);
    expect(() => tx.update(g, [{}])).to.throw(
      'The number of updates and states has to be the same in chain! Make sure you have called init first!',
    );
    expect(() => tx.update(g, undefined as unknown as [])).to.throw('Make sure you have called init first!');
    g.dispose();
  });
});
