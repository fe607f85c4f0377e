import { expect } from 'chai';
import type { NDArray } from '../../src';
import { key, split } from '../../src/random/key';
import { bernoulli, uniform } from '../../src/core/random';

function values(t: NDArray): number[] {
  const data = Array.from(t.dataSync());
  t.dispose();
  return data;
}

describe('random/bernoulli', () => {
  it('returns a bool tensor of the requested shape, a scalar with p = 0.5 by default', () => {
    const t = bernoulli(key(0), 0.3, [2, 5]);
    expect([t.dtype, t.shape]).to.deep.equal(['bool', [2, 5]]);
    t.dispose();
    const scalar = bernoulli(key(0));
    expect([scalar.dtype, scalar.shape]).to.deep.equal(['bool', []]);
    scalar.dispose();
  });

  it('is uniform(key, shape) < p with p rounded to float32', () => {
    const p = 1 / 3;
    const u = values(uniform(key(4), [200]));
    expect(values(bernoulli(key(4), p, [200]))).to.deep.equal(u.map((x) => (x < Math.fround(p) ? 1 : 0)));
  });

  it('is never true for p = 0, always for p = 1, and true about a fraction p of the time', () => {
    expect(values(bernoulli(key(1), 0, [1000])).every((v) => v === 0)).to.be.true;
    expect(values(bernoulli(key(1), 1, [1000])).every((v) => v === 1)).to.be.true;
    const flips = values(bernoulli(key(1), 0.9, [20000]));
    expect(flips.reduce((s, v) => s + v, 0) / flips.length).to.be.closeTo(0.9, 0.01);
  });

  it('differs across split keys', () => {
    const [a, b] = split(key(2));
    expect(values(bernoulli(a, 0.5, [64]))).not.to.deep.equal(values(bernoulli(b, 0.5, [64])));
  });

  it('rejects p outside [0, 1], key arrays and bad shapes', () => {
    for (const p of [-0.1, 1.5, NaN]) {
      expect(() => bernoulli(key(0), p)).to.throw(
        RangeError,
        `bernoulli probability p must be a number in [0, 1]; got ${p}.`,
      );
    }
    expect(() => bernoulli(split(key(0)))).to.throw(
      'bernoulli accepts a single key, but was given a key array',
    );
    expect(() => bernoulli(key(0), 0.5, [0.5])).to.throw(TypeError, 'bernoulli: shapes must be');
  });
});
