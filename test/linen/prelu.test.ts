// PReLU's parameter shapes and errors (forward values against flax are in parity.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { grad, np } from '../../src/core';
import { shapes } from '../../src/core/tree';
import * as nn from '../../src/linen';
import { key } from '../../src/random';

describe('linen/prelu', () => {
  it("one scalar slope by default (flax's), numParameters C gives one per channel of the last axis", () => {
    const x = tf.ones([2, 5]);
    expect(shapes(new nn.PReLU().init(key(0), [x]))).to.deep.equal({ params: { negative_slope: [] } });
    const perChannel = new nn.PReLU({ numParameters: 5, negativeSlopeInit: 0.25 }).init(key(0), [x]);
    expect((perChannel.params.negative_slope as tf.Tensor).arraySync()).to.deep.equal([
      0.25, 0.25, 0.25, 0.25, 0.25,
    ]);
  });

  it('the slope multiplies negative inputs only, and is learnable (has a gradient)', () => {
    const prelu = new nn.PReLU();
    const x = tf.tensor([-2, 0, 3]);
    const variables = prelu.init(key(0), [x]);
    const y = prelu.apply(variables, [x]) as tf.Tensor;
    expect(y.arraySync()).to.deep.equal([tf.scalar(-2 * 0.01).arraySync(), 0, 3]);
    // d/d slope of sum(y) is the sum of the negative inputs.
    const grads = grad((params: nn.Collection) => np.sum(prelu.apply({ params }, [x])))(variables.params);
    expect((grads.negative_slope as tf.Tensor).arraySync()).to.equal(tf.sum(tf.minimum(x, 0)).arraySync());
  });

  it('rejects numParameters that is neither 1 nor the channel count', () => {
    const prelu = new nn.PReLU({ numParameters: 3 });
    expect(() => prelu.init(key(0), [tf.ones([2, 5])])).to.throw(
      "PReLU: numParameters is 3, but the input's last axis (the channels) has size 5; use 1 or 5.",
    );
    expect(() => new nn.PReLU({ numParameters: 0 })).to.throw(
      RangeError,
      'PReLU: the attribute "numParameters" must be a positive integer, got 0.',
    );
  });
});
