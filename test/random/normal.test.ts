import { expect } from 'chai';
import type { NDArray } from '../../src';
import { key, split } from '../../src/random/key';
import { normal } from '../../src/core/random';
import { SQRT2 } from '../../src/random/normal';

function values(t: NDArray): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

describe('random/normal', () => {
  it('returns a float32 tensor of the requested shape, a scalar by default', () => {
    const t = normal(key(0), [4, 2]);
    expect([t.dtype, t.shape]).to.deep.equal(['float32', [4, 2]]);
    t.dispose();
    const scalar = normal(key(0));
    expect(scalar.shape).to.deep.equal([]);
    scalar.dispose();
  });

  it('has mean 0 and standard deviation 1, and only finite values', () => {
    const x = values(normal(key(2), [50000]));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(mean).to.be.closeTo(0, 0.02);
    expect(Math.sqrt(variance)).to.be.closeTo(1, 0.02);
    expect(x.every(Number.isFinite)).to.be.true;
  });

  it('is deterministic per key and differs across split keys', () => {
    expect(Array.from(values(normal(key(6), [4])))).to.deep.equal(Array.from(values(normal(key(6), [4]))));
    const [a, b] = split(key(6));
    expect(Array.from(values(normal(a, [4])))).not.to.deep.equal(Array.from(values(normal(b, [4]))));
  });

  it('scales by √2 rounded to float32', () => {
    expect(SQRT2).to.equal(Math.fround(Math.SQRT2));
  });

  it('accepts only a single key and a valid shape', () => {
    expect(() => normal(split(key(0)))).to.throw(
      'normal accepts a single key, but was given a key array of shape [2]',
    );
    expect(() => normal(key(0), [1.5])).to.throw(
      TypeError,
      'normal: shapes must be arrays of non-negative integers',
    );
  });
});
