import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '../../src/core/tree';
import { identity } from '../../src/optax';
import { treeValues } from './support';

describe('optax identity', () => {
  it('returns the updates unchanged, as new handles the caller can dispose on their own', () => {
    const tx = identity();
    const grads = { a: tf.tensor([1, 2]), b: [tf.tensor([[3]])] };
    const state = tx.init(grads);
    expect(state).to.deep.equal({});
    const [updates, next] = tx.update(grads, state);
    expect(next).to.deep.equal({});
    expect(treeValues(updates)).to.deep.equal(treeValues(grads));
    dispose(updates);
    expect(grads.a.isDisposed).to.be.false;
    expect(treeValues(grads)).to.deep.equal([[1, 2], [3]]);
    dispose(grads);
  });
});
