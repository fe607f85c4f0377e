// Bad attributes fail at construction, naming the class, the attribute and the value (Flax checks none of these).
import { expect } from 'chai';
import { np, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';

/** Constructs `cls` from attributes TypeScript would reject, as JavaScript or a cast would pass them. */
function construct(
  cls: abstract new (...args: never[]) => nn.Module<object, string>,
  attrs: object,
): () => unknown {
  return () => new (cls as unknown as new (a: object) => unknown)(attrs);
}

describe('linen/attribute-rules: bad attributes are named when the module is constructed', () => {
  it('Dense features: a string, zero, negative, fractional or NaN', () => {
    expect(construct(nn.Dense, { features: '4' })).to.throw(
      TypeError,
      'Dense: the attribute "features" must be a positive integer, got the string "4".',
    );
    for (const features of [0, -3, 2.5, NaN]) {
      expect(construct(nn.Dense, { features })).to.throw(
        RangeError,
        `Dense: the attribute "features" must be a positive integer, got ${features}.`,
      );
    }
  });

  it('initializers: a name instead of a function, an object, and a factory passed without calling it', () => {
    expect(construct(nn.Dense, { features: 2, kernelInit: 'lecun_normal' })).to.throw(
      TypeError,
      'Dense: the attribute "kernelInit" must be an initializer, a function (key, shape, dtype?) => array such as ' +
        'nn.initializers.lecunNormal(), got the string "lecun_normal".',
    );
    expect(construct(nn.BatchNorm, { scaleInit: { value: 1 } })).to.throw(
      TypeError,
      'BatchNorm: the attribute "scaleInit" must be an initializer, a function (key, shape, dtype?) => array such ' +
        'as nn.initializers.lecunNormal(), got an object { value }.',
    );
    expect(construct(nn.Dense, { features: 2, kernelInit: nn.initializers.lecunNormal })).to.throw(
      RangeError,
      'got the function lecunNormal. lecunNormal makes initializers: call it, nn.initializers.lecunNormal(…).',
    );
    expect(construct(nn.Dense, { features: 2, biasInit: nn.initializers.constant })).to.throw(
      'constant makes initializers: call it, nn.initializers.constant(…).',
    );
  });

  it('flags, numbers, axes and names of the other layers', () => {
    expect(construct(nn.Dense, { features: 2, useBias: 'false' })).to.throw(
      'Dense: the attribute "useBias" must be true or false, got the string "false".',
    );
    expect(construct(nn.BatchNorm, { axis: [0, 1.5] })).to.throw(
      TypeError,
      'BatchNorm: the attribute "axis" must be an integer axis or a list of them, got the list [0, 1.5].',
    );
    expect(construct(nn.BatchNorm, { momentum: '0.9' })).to.throw(
      'BatchNorm: the attribute "momentum" must be a finite number, got the string "0.9".',
    );
    expect(construct(nn.BatchNorm, { epsilon: -1e-5 })).to.throw(
      RangeError,
      'BatchNorm: the attribute "epsilon" must be a finite number ≥ 0, got -0.00001.',
    );
    expect(construct(nn.BatchNorm, { axisName: '' })).to.throw(
      'BatchNorm: the attribute "axisName" must be a non-empty string, got the string "".',
    );
    expect(construct(nn.Dropout, { rate: '0.5' })).to.throw(
      TypeError,
      'Dropout: the attribute "rate" must be a number in [0, 1], got the string "0.5".',
    );
    expect(construct(nn.Dropout, { rate: 0.5, broadcastDims: 0 })).to.throw(
      'Dropout: the attribute "broadcastDims" must be a list of integer axes, got 0.',
    );
    expect(construct(nn.RReLU, { lower: Infinity })).to.throw(
      'RReLU: the attribute "lower" must be a finite number, got Infinity.',
    );
    expect(construct(nn.PReLU, { negativeSlopeInit: np.ones([2]) })).to.throw(
      'PReLU: the attribute "negativeSlopeInit" must be a finite number, got an array of shape [2].',
    );
    expect(construct(nn.Dense, { features: 2, name: 7 })).to.throw(
      TypeError,
      'Dense: the attribute "name" must be a non-empty string, got 7.',
    );
  });

  it('good values pass unchanged, and not-given optional attributes take their defaults', () => {
    const dense = new nn.Dense({
      features: 3,
      useBias: false,
      kernelInit: nn.initializers.zeros,
      name: 'head',
    });
    expect([dense.features, dense.useBias, dense.kernelInit, dense.name]).to.deep.equal([
      3,
      false,
      nn.initializers.zeros,
      'head',
    ]);
    const bn = new nn.BatchNorm({ axis: [0, 2], useRunningAverage: undefined });
    expect([bn.axis, bn.useRunningAverage, bn.epsilon]).to.deep.equal([[0, 2], undefined, 1e-5]);
  });

  it("a user's module checks its own attributes with nn.attrRules", () => {
    class Scaled extends nn.Module<{ factor: number }> {
      readonly factor = this.attr('factor', nn.attrRules.finiteNumber);
      call(x: NDArray): NDArray {
        return np.multiply(x, this.factor);
      }
    }
    expect(construct(Scaled, { factor: NaN })).to.throw(
      'Scaled: the attribute "factor" must be a finite number, got NaN.',
    );
    expect(new Scaled({ factor: 2 }).apply({}, [np.ones([2])]).arraySync()).to.deep.equal([2, 2]);
    expect(() => new Scaled({ factor: 2 }).init(key(0), [np.ones([2])])).not.to.throw();
  });
});
