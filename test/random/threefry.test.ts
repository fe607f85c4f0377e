import { expect } from 'chai';
import { hashCounters, threefry2x32 } from '../../src/random/threefry';
import { fixture } from './fixture';

describe('random/threefry', () => {
  it('matches jax threefry_2x32 on the known-answer inputs (zeros, ones, pi digits) and others', () => {
    for (const { key, count, out } of fixture.threefry) {
      const hi = new Uint32Array([count[0]]);
      const lo = new Uint32Array([count[1]]);
      threefry2x32(key[0], key[1], hi, lo);
      expect([hi[0], lo[0]], JSON.stringify({ key, count })).to.deep.equal(out);
    }
  });

  it('hashes many counter pairs at once, in place, each as if hashed alone', () => {
    const hi = new Uint32Array(fixture.threefry.map((c) => c.count[0]));
    const lo = new Uint32Array(fixture.threefry.map((c) => c.count[1]));
    const [k0, k1] = fixture.threefry[3].key;
    threefry2x32(k0, k1, hi, lo);
    fixture.threefry.forEach(({ count }, i) => {
      const one = [new Uint32Array([count[0]]), new Uint32Array([count[1]])] as const;
      threefry2x32(k0, k1, one[0], one[1]);
      expect([hi[i], lo[i]]).to.deep.equal([one[0][0], one[1][0]]);
    });
  });

  it('hashCounters hashes the counters (0, 0), (0, 1), … and a longer run extends a shorter one', () => {
    const [k0, k1] = fixture.threefry[4].key;
    const [hi, lo] = hashCounters(k0, k1, 6);
    const hiExpected = new Uint32Array(6);
    const loExpected = Uint32Array.from({ length: 6 }, (_, i) => i);
    threefry2x32(k0, k1, hiExpected, loExpected);
    expect(Array.from(hi)).to.deep.equal(Array.from(hiExpected));
    expect(Array.from(lo)).to.deep.equal(Array.from(loExpected));
    const [shortHi] = hashCounters(k0, k1, 3);
    expect(Array.from(shortHi)).to.deep.equal(Array.from(hi.subarray(0, 3)));
    expect(hashCounters(k0, k1, 0).map((a) => a.length)).to.deep.equal([0, 0]);
  });
});
