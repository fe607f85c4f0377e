// BatchNorm's modes, variables and errors (numbers against flax are in parity.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { np } from '../../src/core';
import { shapes } from '../../src/core/tree';
import * as nn from '../../src/linen';
import { key } from '../../src/random';

describe('linen/batch-norm', () => {
  let x: tf.Tensor;
  beforeEach(() => {
    x = tf.tensor([
      [1, 2, 3],
      [3, 6, 9],
      [5, 10, 15],
    ]);
  });

  it('creates batch_stats mean/var (zeros/ones) and params scale/bias of the feature shape', () => {
    const variables = new nn.BatchNorm().init(key(0), [x, false]);
    expect(shapes(variables)).to.deep.equal({
      batch_stats: { mean: [3], var: [3] },
      params: { scale: [3], bias: [3] },
    });
    expect((variables.batch_stats.mean as tf.Tensor).arraySync()).to.deep.equal([0, 0, 0]);
    expect((variables.batch_stats.var as tf.Tensor).arraySync()).to.deep.equal([1, 1, 1]);
  });

  it('training normalizes each feature to mean 0 and variance var/(var+eps), and moves the running stats', () => {
    const bn = new nn.BatchNorm({ momentum: 0.5 });
    const variables = bn.init(key(0), [x, false]);
    const [y, updates] = bn.apply(variables, [x, false], { mutable: ['batch_stats'] });
    const mean = np.mean(y, 0) as tf.Tensor;
    expect(Math.max(...(mean.dataSync() as Float32Array).map(Math.abs))).to.be.below(1e-6);
    const batchMean = np.mean(x, 0) as tf.Tensor;
    const expectedRunning = tf.mul(batchMean, 0.5);
    expect((updates.batch_stats.mean as tf.Tensor).arraySync()).to.deep.equal(expectedRunning.arraySync());
  });

  it('useRunningAverage uses the stored statistics: with the initial ones, y = x / sqrt(1 + eps)', () => {
    const bn = new nn.BatchNorm({ useRunningAverage: true });
    const variables = bn.init(key(0), [x]);
    const y = bn.apply(variables, [x]) as tf.Tensor;
    const expected = tf.div(x, Math.sqrt(1 + 1e-5));
    const diff = tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0];
    expect(diff).to.be.below(1e-6);
  });

  it('useScale and useBias false drop the params; axis picks the feature axes', () => {
    const variables = new nn.BatchNorm({ useScale: false, useBias: false }).init(key(0), [x, false]);
    expect(Object.keys(variables)).to.deep.equal(['batch_stats']);
    const cube = tf.ones([2, 3, 4]);
    const byAxes = new nn.BatchNorm({ axis: [0, 2] }).init(key(0), [cube, false]);
    expect(shapes(byAxes.params)).to.deep.equal({ scale: [2, 4], bias: [2, 4] });
  });

  it("axisName outside a matching vmap is the collective's error (not during init)", () => {
    const bn = new nn.BatchNorm({ axisName: 'batch' });
    const variables = bn.init(key(0), [x, false]);
    expect(() => bn.apply(variables, [x, false], { mutable: ['batch_stats'] })).to.throw(
      /pmean: unbound axis name: batch/,
    );
  });
});
