import { expect } from 'chai';
import type { NDArray } from '../../src';
import { bits } from '../../src/random/bits';
import { key, split } from '../../src/random/key';
import { uniform } from '../../src/core/random';

function values(t: NDArray): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

describe('random/uniform', () => {
  it('returns a float32 tensor of the requested shape, a scalar by default', () => {
    const t = uniform(key(0), [2, 3]);
    expect(t.dtype).to.equal('float32');
    expect(t.shape).to.deep.equal([2, 3]);
    t.dispose();
    const scalar = uniform(key(0));
    expect(scalar.shape).to.deep.equal([]);
    scalar.dispose();
  });

  it('takes its mantissa from the top 23 random bits: u = (bits >>> 9) / 2²³', () => {
    const words = bits(key(8), [50]).data;
    const u = values(uniform(key(8), [50]));
    words.forEach((w, i) => expect(u[i]).to.equal((w >>> 9) / 2 ** 23));
  });

  it('stays in [minval, maxval), with mean near the midpoint', () => {
    const u = values(uniform(key(1), [20000], { minval: -3, maxval: 5 }));
    expect(u.every((x) => x >= -3 && x < 5)).to.be.true;
    expect(u.reduce((s, x) => s + x, 0) / u.length).to.be.closeTo(1, 0.1);
  });

  it('gives minval everywhere when minval equals maxval, and rejects minval > maxval', () => {
    expect(Array.from(values(uniform(key(0), [3], { minval: 2, maxval: 2 })))).to.deep.equal([2, 2, 2]);
    expect(() => uniform(key(0), [3], { minval: 2, maxval: 1 })).to.throw(
      RangeError,
      'uniform needs minval <= maxval; got minval=2, maxval=1.',
    );
    expect(() => uniform(key(0), [3], { maxval: NaN })).to.throw(
      RangeError,
      'uniform needs minval <= maxval',
    );
  });

  it('is deterministic per key and independent across split keys', () => {
    expect(Array.from(values(uniform(key(4), [5])))).to.deep.equal(Array.from(values(uniform(key(4), [5]))));
    const [a, b] = split(key(4));
    const ua = values(uniform(a, [5000]));
    const ub = values(uniform(b, [5000]));
    const correlation = ua.reduce((s, x, i) => s + (x - 0.5) * (ub[i] - 0.5), 0) / ua.length / (1 / 12);
    expect(Math.abs(correlation)).to.be.below(0.05);
  });

  it('accepts only a single key', () => {
    expect(() => uniform(split(key(0)), [2])).to.throw(
      'uniform accepts a single key, but was given a key array',
    );
  });

  it('samples 10⁶ floats well under a second', () => {
    const start = performance.now();
    uniform(key(0), [1000000]).dispose();
    expect(performance.now() - start).to.be.below(1000);
  });
});
