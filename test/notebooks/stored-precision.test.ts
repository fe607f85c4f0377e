import { expect } from 'chai';
import { agreeAtStoredPrecision, magnitudeScale } from '../../scripts/notebooks/stored-precision';

describe('notebooks/stored-precision', () => {
  it('agrees to 4 significant digits, whatever the magnitude', () => {
    expect(agreeAtStoredPrecision(1.8771801, 1.8771806, 0)).to.be.true;
    expect(agreeAtStoredPrecision(1.877, 1.8775, 0)).to.be.true;
    expect(agreeAtStoredPrecision(1.877, 1.8781, 0)).to.be.false;
    expect(agreeAtStoredPrecision(-1.2345e-7, -1.2347e-7, 0)).to.be.true;
    expect(agreeAtStoredPrecision(-1.2345e-7, -1.2365e-7, 0)).to.be.false;
    expect(agreeAtStoredPrecision(123456.7, 123470, 0)).to.be.true;
  });

  it('takes round-off around 0 below a millionth of the scale for 0', () => {
    expect(agreeAtStoredPrecision(0, -6.109476e-7, 3)).to.be.true;
    expect(agreeAtStoredPrecision(0, 4e-6, 3)).to.be.false;
    expect(agreeAtStoredPrecision(0, -6.109476e-7, 0)).to.be.false;
  });

  it('compares integers, infinities and NaN exactly', () => {
    expect(agreeAtStoredPrecision(12, 12, 0)).to.be.true;
    expect(agreeAtStoredPrecision(1797259609, 1797259610, 0)).to.be.false;
    expect(agreeAtStoredPrecision(3, 2.9999998, 0)).to.be.true;
    expect(agreeAtStoredPrecision(Infinity, Infinity, 0)).to.be.true;
    expect(agreeAtStoredPrecision(Infinity, 1e308, 0)).to.be.false;
    expect(agreeAtStoredPrecision(NaN, NaN, 0)).to.be.true;
    expect(agreeAtStoredPrecision(NaN, 0, 0)).to.be.false;
  });

  it('measures the scale as the largest finite magnitude', () => {
    expect(magnitudeScale([-3, 0.1, Infinity, NaN])).to.equal(3);
    expect(magnitudeScale([])).to.equal(0);
  });
});
