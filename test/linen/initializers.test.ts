// Initializers' shapes, statistics and errors (exact values against jax are in parity.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { initializers } from '../../src/linen';
import { key } from '../../src/random';

describe('linen/initializers', () => {
  it('zeros, ones and constant fill the shape; zerosInit/onesInit return them', () => {
    expect(initializers.zeros(key(0), [2]).arraySync()).to.deep.equal([0, 0]);
    expect(initializers.ones(key(0), [1, 2]).arraySync()).to.deep.equal([[1, 1]]);
    expect(initializers.constant(7)(key(0), [2]).arraySync()).to.deep.equal([7, 7]);
    expect(initializers.zerosInit()).to.equal(initializers.zeros);
    expect(initializers.onesInit()).to.equal(initializers.ones);
  });

  it('lecunNormal has variance 1/fan_in and stays within 2 truncated stddevs', () => {
    const w = initializers.lecunNormal()(key(0), [400, 300]) as tf.Tensor;
    const variance = tf.moments(w).variance.dataSync()[0];
    expect(variance * 400).to.be.within(0.95, 1.05);
    const limit = (2 * Math.sqrt(1 / 400)) / 0.87962566103423978;
    expect(tf.max(tf.abs(w)).dataSync()[0]).to.be.below(limit);
  });

  it('rejects weights of rank < 2, unknown modes and distributions, and non-float dtypes', () => {
    expect(() => initializers.lecunNormal()(key(0), [3])).to.throw(
      "Can't compute input and output sizes of a 1-dimensional weights tensor",
    );
    expect(() => initializers.varianceScaling(1, 'fan' as 'fan_in', 'normal')).to.throw(
      'invalid mode for variance scaling initializer: fan',
    );
    expect(() => initializers.varianceScaling(1, 'fan_in', 'gamma' as 'normal')).to.throw(
      'invalid distribution for variance scaling initializer: gamma',
    );
    expect(() => initializers.normal()(key(0), [2], 'int32')).to.throw(
      'normal initializer: only float32 is supported, got dtype int32.',
    );
  });
});
