import { expect } from 'chai';
import { bits, randomWords } from '../../src/random/bits';
import { key, split } from '../../src/random/key';

describe('random/bits', () => {
  it('returns uint32 values of the requested shape in a Uint32Array', () => {
    const result = bits(key(0), [2, 3]);
    expect(result.shape).to.deep.equal([2, 3]);
    expect(result.data).to.be.instanceOf(Uint32Array);
    expect(result.data.length).to.equal(6);
    expect(bits(key(0)).data.length).to.equal(1);
    expect(bits(key(0), [0, 4]).data.length).to.equal(0);
  });

  it('numbers elements in row-major order, so the shape only groups the same stream', () => {
    expect(Array.from(bits(key(3), [2, 3]).data)).to.deep.equal(Array.from(bits(key(3), [6]).data));
    expect(Array.from(bits(key(3), [4]).data.subarray(0, 2))).to.deep.equal(
      Array.from(bits(key(3), [2]).data),
    );
  });

  it('is deterministic per key and differs between split keys', () => {
    expect(Array.from(bits(key(5), [8]).data)).to.deep.equal(Array.from(bits(key(5), [8]).data));
    const [a, b] = split(key(5));
    expect(Array.from(bits(a, [8]).data)).not.to.deep.equal(Array.from(bits(b, [8]).data));
  });

  it('spreads evenly over [0, 2³²): mean near 2³¹ and every top nibble present', () => {
    const words = randomWords(0, 99, 100000);
    const mean = words.reduce((sum, w) => sum + w, 0) / words.length;
    expect(mean / 2 ** 32).to.be.closeTo(0.5, 0.01);
    expect(new Set(Array.from(words, (w) => w >>> 28)).size).to.equal(16);
  });

  it('accepts only a single key and a valid shape', () => {
    expect(() => bits(split(key(0)))).to.throw(
      'bits accepts a single key, but was given a key array of shape [2]',
    );
    expect(() => bits(key(0), [-1])).to.throw(
      TypeError,
      'bits: shapes must be arrays of non-negative integers',
    );
  });
});
