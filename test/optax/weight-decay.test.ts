import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, type NDArray } from '../../src/core';
import { dispose } from '../../src/core/tree';
import { addDecayedWeights, adamw, lion } from '../../src/optax';
import { tensorsLeftBy, treeValues, values, withoutDownloads } from './support';

describe('optax addDecayedWeights', () => {
  it('adds weightDecay·p to every update', () => {
    const [p, g] = [{ w: tf.tensor([1, -2]) }, { w: tf.tensor([0.5, 0.5]) }];
    const tx = addDecayedWeights(0.25);
    const [u, state] = tx.update(g, tx.init(p), p);
    expect(treeValues(u)).to.deep.equal([[0.75, 0]]);
    expect(state).to.deep.equal({});
    dispose([p, g, u]);
  });

  it('takes a schedule of the count, keeping { count } as its state, without reading values back', () => {
    const [p, g] = [{ w: tf.tensor([2]) }, { w: tf.tensor([0]) }];
    const tx = addDecayedWeights((count: NDArray) => np.multiply(0.5, count));
    let state = tx.init(p);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [u, next] = withoutDownloads(() => tx.update(g, state, p));
      got.push(values((u as { w: tf.Tensor }).w)[0]);
      dispose([u, state]);
      state = next;
    }
    expect(got).to.deep.equal([0, 1, 2]);
    expect(values((state as { count: tf.Tensor }).count)).to.deep.equal([3]);
    dispose([p, g, state]);
  });

  it('with weightDecay 0, returns the updates as new handles and no other tensor', () => {
    const [p, g] = [{ w: tf.tensor([1]) }, { w: tf.tensor([3]) }];
    const tx = addDecayedWeights();
    let out: unknown;
    expect(tensorsLeftBy(() => (out = tx.update(g, tx.init(p), p)))).to.equal(1);
    const [u] = out as [{ w: tf.Tensor }];
    expect(u.w).to.not.equal(g.w);
    expect(values(u.w)).to.deep.equal([3]);
    dispose([p, g, u]);
  });

  it("needs the parameters, with optax's message", () => {
    const g = { w: tf.tensor([1]) };
    const tx = addDecayedWeights(0.1);
    expect(() => tx.update(g, tx.init(g))).to.throw(
      'You are using a transformation that requires the current value of parameters, but you are not passing `params` when calling `update`.',
    );
    dispose(g);
  });

  it('decays only the masked-in parameters, with the state masked wraps', () => {
    const [p, g] = [
      { kernel: tf.tensor([2]), bias: tf.tensor([2]) },
      { kernel: tf.tensor([0]), bias: tf.tensor([0]) },
    ];
    const tx = addDecayedWeights(0.5, { mask: { kernel: true, bias: false } });
    const [u, state] = tx.update(g, tx.init(p), p);
    expect(treeValues(u)).to.deep.equal([[0], [1]]);
    expect(state).to.deep.equal({ inner_state: {} });
    dispose([p, g, u]);
  });

  it('rejects a weight decay that is neither a number nor a schedule, in adamw and lion too', () => {
    expect(() => addDecayedWeights('0.1' as unknown as number)).to.throw(
      TypeError,
      'weightDecay must be a number',
    );
    expect(() => adamw(0.1, { weightDecay: NaN })).to.throw(TypeError, 'weightDecay must be a number');
    expect(() => lion(0.1, { weightDecay: null as unknown as number })).to.throw(TypeError, 'got null');
  });
});
