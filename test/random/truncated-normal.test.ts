import { expect } from 'chai';
import type { NDArray } from '../../src';
import { key, split } from '../../src/random/key';
import { truncatedNormal } from '../../src/core/random';

function values(t: NDArray): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

describe('random/truncatedNormal', () => {
  it('returns a float32 tensor of the requested shape, a scalar by default', () => {
    const t = truncatedNormal(key(0), -2, 2, [3, 4]);
    expect([t.dtype, t.shape]).to.deep.equal(['float32', [3, 4]]);
    t.dispose();
    const scalar = truncatedNormal(key(0), -2, 2);
    expect(scalar.shape).to.deep.equal([]);
    scalar.dispose();
  });

  it('stays strictly inside (lower, upper), also for narrow tail intervals and half-infinite ones', () => {
    for (const [lower, upper] of [
      [-2, 2],
      [-5, -4.5],
      [3, 3.0001],
      [-Infinity, -1],
      [0.5, Infinity],
    ]) {
      const x = values(truncatedNormal(key(1), lower, upper, [5000]));
      expect(
        x.every((v) => v > lower && v < upper),
        `(${lower}, ${upper})`,
      ).to.be.true;
    }
  });

  it('on (−2, 2) has mean 0 and the standard deviation lecunNormal divides by (0.8796…)', () => {
    const x = values(truncatedNormal(key(3), -2, 2, [50000]));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    expect(mean).to.be.closeTo(0, 0.02);
    expect(std).to.be.closeTo(0.87962566103423978, 0.01);
  });

  it('is deterministic per key and differs across split keys', () => {
    const draw = (k: Parameters<typeof truncatedNormal>[0]) =>
      Array.from(values(truncatedNormal(k, -2, 2, [4])));
    expect(draw(key(9))).to.deep.equal(draw(key(9)));
    const [a, b] = split(key(9));
    expect(draw(a)).not.to.deep.equal(draw(b));
  });

  it('rejects empty or reversed intervals, key arrays and bad shapes', () => {
    expect(() => truncatedNormal(key(0), 2, -2)).to.throw(
      RangeError,
      'truncatedNormal needs lower < upper; got lower=2, upper=-2.',
    );
    expect(() => truncatedNormal(key(0), 1, 1)).to.throw(RangeError, 'truncatedNormal needs lower < upper');
    expect(() => truncatedNormal(key(0), NaN, 1)).to.throw(RangeError, 'got lower=NaN, upper=1.');
    expect(() => truncatedNormal(split(key(0)), -2, 2)).to.throw(
      'truncatedNormal accepts a single key, but was given a key array of shape [2]',
    );
    expect(() => truncatedNormal(key(0), -2, 2, [-2])).to.throw(TypeError, 'truncatedNormal: shapes must be');
  });
});
