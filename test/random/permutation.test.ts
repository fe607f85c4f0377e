import { expect } from 'chai';
import type { NDArray } from '../../src';
import * as tf from '@tensorflow/tfjs-core';
import { key, split } from '../../src/random/key';
import { permutation } from '../../src/core/random';
import { stableArgsort } from '../../src/random/permutation';

function values(t: NDArray): number[] {
  const data = Array.from(t.dataSync());
  t.dispose();
  return data;
}

describe('random/permutation', () => {
  it('returns an int32 permutation of 0 … n−1', () => {
    for (const n of [0, 1, 7, 2000]) {
      const t = permutation(key(0), n);
      expect([t.dtype, t.shape]).to.deep.equal(['int32', [n]]);
      expect(values(t).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('is deterministic per key, differs across split keys, and actually shuffles', () => {
    expect(values(permutation(key(3), 50))).to.deep.equal(values(permutation(key(3), 50)));
    const [a, b] = split(key(3));
    expect(values(permutation(a, 50))).not.to.deep.equal(values(permutation(b, 50)));
    expect(values(permutation(key(3), 50))).not.to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
  });

  it('permutes the rows of a tensor with the same permutation it gives for their count', () => {
    const x = tf.tensor2d([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    const order = values(permutation(key(5), 4));
    const rows = permutation(key(5), x);
    expect(rows.arraySync()).to.deep.equal(order.map((i) => [2 * i, 2 * i + 1]));
    rows.dispose();
    x.dispose();
  });

  it('sorts indices by uint32 key stably, comparing all 32 bits (the radix passes)', () => {
    const keys = new Uint32Array([0xffff0000, 5, 0x0000ffff, 5, 0x80000000, 0, 0xffff0000, 0x00010000, 5]);
    const reference = Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
    expect(Array.from(stableArgsort(keys))).to.deep.equal(reference);
    expect(Array.from(stableArgsort(new Uint32Array(0)))).to.deep.equal([]);
  });

  it('rejects negative or fractional n, scalar tensors and key arrays', () => {
    expect(() => permutation(key(0), -1)).to.throw(
      TypeError,
      'permutation: x must be a non-negative integer or at least 1-dimensional; got -1.',
    );
    expect(() => permutation(key(0), 2.5)).to.throw(TypeError, 'got 2.5');
    const scalar = tf.scalar(3);
    expect(() => permutation(key(0), scalar)).to.throw(TypeError, 'at least 1-dimensional');
    scalar.dispose();
    expect(() => permutation(split(key(0)), 3)).to.throw(
      'permutation accepts a single key, but was given a key array',
    );
  });
});
