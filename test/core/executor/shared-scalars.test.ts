// Scalar constants share one buffer per (dtype, value) on wasm, cpu and webgl (src/core/executor/shared-scalars.ts);
// on tensorflow each is filled anew. Either way each scalar is its caller's own array: these checks hold on all.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, tree, type NDArray } from '../../../src';

const bitsOf = (x: NDArray): number => new Uint32Array(Float32Array.from(x.dataSync()).buffer)[0];

describe('core/executor/shared-scalars', () => {
  it('gives every use its own array: disposing one leaves the others readable, and nothing stays behind', () => {
    const before = tf.memory().numTensors;
    const [a, b] = [np.array(0.5), np.array(0.5)];
    expect((a as tf.Tensor).dataId === (b as tf.Tensor).dataId).to.equal(tf.getBackend() !== 'tensorflow');
    a.dispose();
    expect(b.item()).to.equal(0.5);
    const product = np.multiply(b, 4);
    expect(product.item()).to.equal(2);
    product.dispose();
    b.dispose();
    const c = np.array(0.5);
    expect(c.item()).to.equal(0.5);
    c.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('keeps values that print alike apart: -0 and 0, and each dtype', () => {
    const [negative, positive] = [np.array(-0), np.array(0)];
    expect([bitsOf(negative), bitsOf(positive)]).to.deep.equal([0x80000000, 0]);
    const asInt = np.array(3, { dtype: 'int32' });
    const asFloat = np.array(3);
    expect([asInt.dtype, asFloat.dtype, asInt.item(), asFloat.item()]).to.deep.equal([
      'int32',
      'float32',
      3,
      3,
    ]);
    tree.dispose([negative, positive, asInt, asFloat]);
  });

  it('keeps a held scalar after many other values have passed through (a loop binding ever new numbers)', () => {
    const before = tf.memory().numTensors;
    const held = np.array(1.25);
    const others = Array.from({ length: 200 }, (_, i) => np.array(i + 0.5));
    expect(others.map((x) => x.item())).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 0.5));
    expect(held.item()).to.equal(1.25);
    tree.dispose([held, ...others]);
    const again = np.array(1.25);
    expect(again.item()).to.equal(1.25);
    again.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });
});
