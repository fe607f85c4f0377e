import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, tidy, tree } from '../../src';

class Holder {
  constructor(readonly inside: tf.Tensor) {}
}
tree.registerPytreeNode(Holder, {
  flatten: (holder) => [[holder.inside], null],
  unflatten: (_aux, children) => new Holder((children as tf.Tensor[])[0]),
});

describe('core/scope', () => {
  it('tidy keeps what the result reaches and disposes the rest', () => {
    const before = tf.memory().numTensors;
    const kept = tidy(() => {
      const a = np.add(np.ones([2]), 1);
      const b = np.multiply(a, 3);
      return { b: [b], holder: new Holder(np.sqrt(b) as tf.Tensor) };
    });
    // ones, the scalar 1, the scalar 3 and `a` are gone; `b` and the holder's tensor stay.
    expect(tf.memory().numTensors).to.equal(before + 2);
    expect(kept.b[0].dataSync()).to.deep.equal(new Float32Array([6, 6]));
    expect(kept.holder.inside.isDisposed).to.equal(false);
    tree.dispose([kept.b, kept.holder.inside]);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('tidy closes its scope when the function throws', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      tidy(() => {
        np.ones([3]);
        throw new Error('boom');
      }),
    ).to.throw('boom');
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('tidy closes its scope and frees its tensors when its result is a cyclic tree, naming the cycle', () => {
    const before = tf.memory().numTensors;
    const scopes = (tf.engine() as unknown as { state: { scopeStack: unknown[] } }).state.scopeStack;
    const depth = scopes.length;
    expect(() =>
      tidy(() => {
        const result: Record<string, unknown> = { x: np.ones([3]) };
        result.self = result;
        return result;
      }),
    ).to.throw(TypeError, 'the value at .self is the container at (the root) (a cycle)');
    expect(scopes.length).to.equal(depth);
    expect(tf.memory().numTensors).to.equal(before);
  });
});
