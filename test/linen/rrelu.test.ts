// RReLU's modes and errors (training values against a flax reference are in parity.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import * as nn from '../../src/linen';
import { key } from '../../src/random';

describe('linen/rrelu', () => {
  const x = (): tf.Tensor => tf.tensor([-4, -1, 0, 2, 5]);

  it('training: negative inputs are scaled by slopes within [lower, upper), others unchanged', () => {
    const rrelu = new nn.RReLU({ lower: 0.2, upper: 0.3 });
    const y = rrelu.apply({}, [x(), false], { rngs: { rrelu: key(0) } }) as tf.Tensor;
    const [a, b, c, d, e] = y.arraySync() as number[];
    expect([c, d, e]).to.deep.equal([0, 2, 5]);
    for (const [value, input] of [
      [a, -4],
      [b, -1],
    ]) {
      expect(value / input).to.be.within(0.2 - 1e-6, 0.3);
    }
  });

  it('deterministic: the mean slope (lower + upper) / 2 and no rng needed', () => {
    const y = new nn.RReLU({ deterministic: true }).apply({}, [x()]) as tf.Tensor;
    const slope = (1 / 8 + 1 / 3) / 2;
    expect(y.arraySync()).to.deep.equal(tf.tensor([-4 * slope, -1 * slope, 0, 2, 5]).arraySync());
  });

  it("needs the 'rrelu' (or 'params') stream when training; rejects lower > upper", () => {
    expect(() => new nn.RReLU().apply({}, [x(), false])).to.throw('RReLU needs PRNG for "rrelu"');
    expect(() => new nn.RReLU({ lower: 0.5, upper: 0.1 }).apply({}, [x(), true])).to.throw(
      'RReLU: lower (0.5) must not exceed upper (0.1).',
    );
  });
});
