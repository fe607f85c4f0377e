import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '../../src/core/tree';
import { applyUpdates } from '../../src/optax';
import { tensorsLeftBy, values } from './support';

describe('optax applyUpdates', () => {
  it('adds updates to params leaf by leaf, keeping empty subtrees', () => {
    const [p, u] = [
      [1, 2],
      [0.5, -1],
    ];
    const params = { a: tf.tensor(p), nested: [tf.tensor(3), null] };
    const updates = { a: tf.tensor(u), nested: [tf.tensor(-3), null] };
    let out!: typeof params;
    // New tensors for the two leaves only; the inputs stay the caller's.
    expect(tensorsLeftBy(() => (out = applyUpdates(params, updates)))).to.equal(2);
    expect(values(out.a)).to.deep.equal(p.map((x, i) => x + u[i]));
    expect(values(out.nested[0])).to.deep.equal([0]);
    expect(out.nested[1]).to.equal(null);
    expect(params.a.isDisposed).to.be.false;
    dispose([params, updates, out]);
  });

  it("keeps each parameter's dtype", () => {
    const params = { n: tf.tensor([1, 2], [2], 'int32') };
    const updates = { n: tf.tensor([1, 1], [2], 'int32') };
    const out = applyUpdates(params, updates);
    expect(out.n.dtype).to.equal('int32');
    dispose([params, updates, out]);
  });

  it('names mismatched structures', () => {
    const params = { a: tf.ones([1]) };
    const updates = { b: tf.ones([1]) };
    expect(() => applyUpdates(params, updates)).to.throw('structure');
    dispose([params, updates]);
  });
});
