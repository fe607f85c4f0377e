import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '../../src/core/tree';
import { clipByGlobalNorm } from '../../src/optax';
import { globalNorm } from '../../src/optax/tree-math';
import { tensorsLeftBy, treeValues, values } from './support';

describe('optax clipByGlobalNorm', () => {
  // Global norm √(3² + 4² + 12²) = 13 over two leaves.
  const grads = () => ({ a: tf.tensor([3, 4]), b: tf.tensor([[12]]) });

  it('globalNorm is the L2 norm of all leaves together', () => {
    const g = grads();
    const norm = globalNorm(g);
    expect(values(norm)).to.deep.equal([13]);
    dispose([g, norm]);
  });

  it('rescales updates whose global norm reaches maxNorm to exactly maxNorm, in direction', () => {
    const g = grads();
    const tx = clipByGlobalNorm(6.5);
    const [u, state] = tx.update(g, tx.init(g));
    expect(treeValues(u)).to.deep.equal([[1.5, 2], [6]]);
    expect(state).to.deep.equal({});
    dispose([g, u]);
  });

  it('leaves updates under maxNorm as they are, as new tensors and nothing else', () => {
    const g = grads();
    const tx = clipByGlobalNorm(14);
    let out: unknown;
    expect(tensorsLeftBy(() => (out = tx.update(g, tx.init(g))))).to.equal(2);
    expect(treeValues((out as [unknown])[0])).to.deep.equal([[3, 4], [12]]);
    dispose([g, out]);
  });
});
