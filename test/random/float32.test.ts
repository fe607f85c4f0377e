import { expect } from 'chai';
import { fma, fromBits, nextAfter, toBits } from '../../src/random/float32';

describe('random/float32', () => {
  it('fromBits and toBits are inverse bit casts', () => {
    for (const x of [0, -0, 1, -2.5, Math.fround(Math.PI), Infinity, -Infinity, fromBits(1)]) {
      expect(Object.is(fromBits(toBits(x)), x)).to.be.true;
    }
    expect(toBits(1)).to.equal(0x3f800000); // IEEE-754: sign 0, biased exponent 127, mantissa 0
    expect(toBits(-0)).to.equal(0x80000000);
  });

  it('nextAfter steps one float32 in the given direction, across zero and from infinities', () => {
    expect(nextAfter(1, 2) - 1).to.equal(2 ** -23); // the float32 spacing in [1, 2)
    expect(1 - nextAfter(1, 0)).to.equal(2 ** -24); // and in [0.5, 1)
    expect(nextAfter(-1, 0)).to.equal(-nextAfter(1, 0));
    expect(nextAfter(0, 1)).to.equal(2 ** -149); // smallest subnormal
    expect(nextAfter(0, -1)).to.equal(-(2 ** -149));
    expect(nextAfter(2 ** -149, -1)).to.equal(0);
    expect(nextAfter(-Infinity, 0)).to.equal(-fromBits(0x7f7fffff));
    expect(nextAfter(3, 3)).to.equal(3);
    expect(nextAfter(NaN, 1)).to.be.NaN;
  });

  it('fma rounds a·b + c once, also where rounding to float64 first would land on a float32 tie', () => {
    // a·b = −2⁻²⁴ + 2⁻⁷⁰ exactly, c = 1 + 2⁻²³: the exact sum lies just above 1 + 2⁻²⁴, the midpoint between the
    // float32s 1 and 1 + 2⁻²³, so it rounds up. In float64 the 2⁻⁷⁰ is lost, and the tie would go to even (1).
    const a = 2 ** -12 * (1 + 2 ** -23);
    const b = -(2 ** -12) * (1 - 2 ** -23);
    const c = 1 + 2 ** -23;
    expect(Math.fround(a * b + c)).to.equal(1);
    expect(fma(a, b, c)).to.equal(1 + 2 ** -23);
    // The mirror image: the exact sum lies just below −(1 + 2⁻²⁴).
    expect(fma(-a, b, -c)).to.equal(-(1 + 2 ** -23));
  });

  it('fma equals the plain rounded result whenever a·b + c is exact in float64', () => {
    for (const [a, b, c] of [
      [1.5, 2, 0.25],
      [3, -7, 21],
      [2 ** 60, 2 ** 60, 1],
      [0, 5, -0],
    ]) {
      expect(fma(a, b, c)).to.equal(Math.fround(a * b + c));
    }
    expect(fma(fromBits(0x7f7fffff), 2, 0)).to.equal(Infinity);
    expect(fma(Infinity, 0, 1)).to.be.NaN;
  });
});
