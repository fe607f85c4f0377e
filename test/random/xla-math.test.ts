import { expect } from 'chai';
import { toBits, fromBits } from '../../src/random/float32';
import { erf, erfInv, log1p } from '../../src/random/xla-math';
import { fixture, maxUlps } from './fixture';

const { specialFunctions: special } = fixture;

function bitsOf(fn: (x: number) => number, inputs: number[]): number[] {
  return inputs.map((bits) => toBits(fn(fromBits(bits))));
}

describe('random/xla-math', () => {
  it('erfInv equals XLA float32 erf_inv bit for bit (incl. near ±1, near 0, ±1 itself)', () => {
    expect(bitsOf(erfInv, special.x)).to.deep.equal(special.erfInv);
  });

  it('log1p equals XLA float32 log1p bit for bit (both branches of its rational/log split)', () => {
    expect(bitsOf(log1p, special.x)).to.deep.equal(special.log1p);
  });

  it('erf equals XLA float32 erf bit for bit on [−6, 6]', () => {
    expect(bitsOf(erf, special.wide)).to.deep.equal(special.erf);
  });

  it('handles the edges: erfInv(±1) = ±∞, log1p(−1) = −∞, log1p below −1 or of NaN is NaN, erf saturates', () => {
    expect(erfInv(1)).to.equal(Infinity);
    expect(erfInv(-1)).to.equal(-Infinity);
    expect(Object.is(erfInv(0), 0)).to.be.true;
    expect(log1p(-1)).to.equal(-Infinity);
    expect(log1p(-2)).to.be.NaN;
    expect(log1p(NaN)).to.be.NaN;
    expect(log1p(Infinity)).to.equal(Infinity);
    expect(erf(10)).to.equal(1);
    expect(erf(-10)).to.equal(-1);
  });

  it('stays within 3 ulps of the correctly rounded log1p and inverts erf', () => {
    const xs = special.x.map(fromBits).filter((x) => Math.abs(x) < 1);
    const accurate = xs.map((x) => toBits(Math.log1p(x)));
    expect(
      maxUlps(
        bitsOf(
          log1p,
          special.x.filter((b) => Math.abs(fromBits(b)) < 1),
        ),
        accurate,
      ),
    ).to.be.at.most(3);
    for (const x of [-2, -0.5, 0.1, 1, 1.7]) expect(erfInv(erf(x))).to.be.closeTo(x, 1e-5);
  });
});
