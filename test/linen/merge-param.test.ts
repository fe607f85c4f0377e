// mergeParam: exactly one of the constructor and call-time values.
import { expect } from 'chai';
import { mergeParam } from '../../src/linen';
import { fixture } from './fixture';

describe('linen/merge-param', () => {
  it('returns whichever value is given; false counts as given, null and undefined do not', () => {
    expect(mergeParam('train', true, undefined)).to.equal(true);
    expect(mergeParam('train', null, false)).to.equal(false);
  });

  it("throws flax's two messages", () => {
    expect(() => mergeParam('deterministic', undefined, null)).to.throw(fixture.errors.mergeNeither);
    expect(() => mergeParam('deterministic', true, false)).to.throw(fixture.errors.mergeBoth);
  });
});
