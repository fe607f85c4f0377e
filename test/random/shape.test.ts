import { expect } from 'chai';
import { formatShape, shapeSize } from '../../src/random/shape';

describe('random/shape', () => {
  it('counts the elements of a shape', () => {
    expect(shapeSize('f', [])).to.equal(1);
    expect(shapeSize('f', [2, 3, 4])).to.equal(24);
    expect(shapeSize('f', [3, 0])).to.equal(0);
  });

  it('rejects negative, fractional and non-array shapes, naming the caller', () => {
    expect(() => shapeSize('uniform', [2, -3])).to.throw(
      TypeError,
      'uniform: shapes must be arrays of non-negative integers, got [2, -3].',
    );
    expect(() => shapeSize('normal', [2.5])).to.throw(TypeError, 'got [2.5]');
    expect(() => shapeSize('bits', 3 as unknown as number[])).to.throw(TypeError, 'got 3.');
  });

  it('formats shapes like [2, 3]', () => {
    expect(formatShape([2, 3])).to.equal('[2, 3]');
    expect(formatShape([])).to.equal('[]');
  });
});
