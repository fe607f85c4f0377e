import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, shapes } from '../../src/core/tree';
import { masked, scale, sgd } from '../../src/optax';
import { tensorsLeftBy, treeValues } from './support';

describe('optax masked', () => {
  const tree = () => ({ dense: { kernel: tf.ones([2, 2]), bias: tf.ones([2]) }, out: tf.ones([3]) });

  it('transforms the masked-in leaves only and passes the others through', () => {
    const g = tree();
    const tx = masked(scale(-2), { dense: { kernel: true, bias: false }, out: true });
    const [u, state] = tx.update(g, tx.init(g));
    expect(treeValues(u)).to.deep.equal([
      [1, 1],
      [-2, -2, -2, -2],
      [-2, -2, -2],
    ]);
    expect(state).to.deep.equal({ inner_state: {} });
    dispose([g, u]);
  });

  it("keeps the inner state for masked-in parameters only, empty objects elsewhere (optax's MaskedNode)", () => {
    const p = tree();
    const state = masked(sgd(0.1, { momentum: 0.9 }), { dense: true, out: false }).init(p);
    expect(shapes(state)).to.deep.equal({
      inner_state: [{ trace: { dense: { kernel: [2, 2], bias: [2] }, out: {} } }, {}],
    });
    dispose([p, state]);
  });

  it('accepts a mask function of the parameters, and a mask that is a prefix of the tree', () => {
    const g = tree();
    const byFunction = masked(scale(3), (params) => ({
      dense: Object.fromEntries(
        Object.keys((params as { dense: object }).dense).map((k) => [k, k === 'kernel']),
      ),
      out: false,
    }));
    const byPrefix = masked(scale(3), { dense: { kernel: true, bias: false }, out: false });
    const [a] = byFunction.update(g, byFunction.init(g));
    const [b] = byPrefix.update(g, byPrefix.init(g));
    expect(treeValues(a)).to.deep.equal(treeValues(b));
    expect(treeValues(a)[1]).to.deep.equal([3, 3, 3, 3]);
    dispose([g, a, b]);
  });

  it('returns new handles for the passed-through updates and leaves only its outputs', () => {
    const g = tree();
    const tx = masked(scale(2), { dense: false, out: true });
    const state = tx.init(g);
    let out: unknown;
    expect(tensorsLeftBy(() => (out = tx.update(g, state)))).to.equal(3);
    const [u] = out as [typeof g];
    expect(u.dense.kernel).to.not.equal(g.dense.kernel);
    dispose(u);
    expect(g.dense.kernel.isDisposed).to.be.false;
    dispose(g);
  });

  it('names where the mask does not fit the tree, and refuses non-boolean mask leaves', () => {
    const g = tree();
    expect(() => masked(scale(1), { dense: true }).init(g)).to.throw(
      "The mask does not match the tree at its root: expected keys ['dense'], got ['dense', 'out'].",
    );
    expect(() => masked(scale(1), { dense: { kernel: true }, out: true }).init(g)).to.throw(
      "at dense: expected keys ['kernel'], got ['bias', 'kernel']",
    );
    expect(() => masked(scale(1), { dense: 1 as unknown as boolean, out: true }).init(g)).to.throw(
      TypeError,
      "A mask's leaves must be booleans",
    );
    dispose(g);
  });
});
