// Flax's static rng folding: the byte encoding of the suffix (values against flax are in parity.test.ts).
import { expect } from 'chai';
import { LazyRng, foldInStatic } from '../../src/linen/rng';
import { key, keyData } from '../../src/core/random';

describe('linen/rng', () => {
  it('no suffix leaves the key unchanged', () => {
    expect(keyData(foldInStatic(key(3), []))).to.deep.equal(keyData(key(3)));
  });

  it('names and counters are concatenated without separators, counters as minimal big-endian bytes', () => {
    const k = key(0);
    expect(keyData(foldInStatic(k, ['Dense_0', 1]))).to.deep.equal(keyData(foldInStatic(k, ['Dense_0\x01'])));
    expect(keyData(foldInStatic(k, ['a', 256]))).to.deep.equal(keyData(foldInStatic(k, ['a\x01\x00'])));
    expect(keyData(foldInStatic(k, ['a', 0]))).to.deep.equal(keyData(foldInStatic(k, ['a'])));
    expect(keyData(foldInStatic(k, ['ab', 'c']))).to.deep.equal(keyData(foldInStatic(k, ['a', 'bc'])));
  });

  it('LazyRng appends a child name, then a counter, and folds the whole suffix', () => {
    const rng = new LazyRng(key(1)).extend('Dense_0').extend(2);
    expect(rng.suffix).to.deep.equal(['Dense_0', 2]);
    expect(keyData(rng.asKey())).to.deep.equal(keyData(foldInStatic(key(1), ['Dense_0', 2])));
    expect(() => foldInStatic(key(1), [-1])).to.throw(
      'rng suffix counters must be non-negative integers, got -1.',
    );
  });
});
