import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { np, random, valueAndGrad, vmap, type NDArray } from '../../src';
import { movingAverage } from '../../src/core/moving-average';

const values = (x: NDArray): unknown => (x as tf.Tensor).arraySync();

/** The expression movingAverage replaces, written with np: the reference it must match bit for bit. */
const npExpression = (average: NDArray, value: NDArray, momentum: number): NDArray =>
  np.add(np.multiply(momentum, average), np.multiply(1 - momentum, value));

describe('core/moving-average', () => {
  let average: NDArray;
  let value: NDArray;
  let weights: NDArray;
  before(() => {
    const [kAverage, kValue, kWeights] = random.split(random.key(7), 3);
    average = random.normal(kAverage, [3]);
    value = random.normal(kValue, [4, 3]);
    weights = random.normal(kWeights, [4, 3]);
  });

  it('gives exactly the numbers of momentum · average + (1 − momentum) · value, broadcasting', () => {
    for (const momentum of [0.9, 0.99, 0.1]) {
      expect(values(movingAverage(average, value, momentum))).to.deep.equal(
        values(npExpression(average, value, momentum)),
      );
    }
  });

  it('has the exact gradient of that expression for both operands (summed over broadcast axes)', () => {
    const loss =
      (update: (a: NDArray, v: NDArray, momentum: number) => NDArray) =>
      (a: NDArray, v: NDArray): NDArray =>
        np.sum(np.multiply(update(a, v, 0.9), weights));
    // The average broadcast by a missing leading axis, and by a leading axis of size 1.
    for (const a of [average, np.reshape(average, [1, 3])]) {
      const [outFused, gradsFused] = valueAndGrad(loss(movingAverage), { argnums: [0, 1] })(a, value);
      const [outNp, gradsNp] = valueAndGrad(loss(npExpression), { argnums: [0, 1] })(a, value);
      expect(values(outFused)).to.equal(values(outNp));
      expect(gradsFused[0].shape).to.deep.equal(a.shape);
      expect(values(gradsFused[0])).to.deep.equal(values(gradsNp[0]));
      expect(values(gradsFused[1])).to.deep.equal(values(gradsNp[1]));
    }
  });

  it('batches under vmap: a batch of values against one average', () => {
    const perExample = vmap((v: NDArray) => movingAverage(average, v, 0.99));
    expect(values(perExample(value))).to.deep.equal(values(npExpression(average, value, 0.99)));
  });

  it('leaves only its result when given lists (the promoted arrays are disposed)', () => {
    const before = tf.memory().numTensors;
    const out = movingAverage([1, 2], [3, 4], 0.5);
    expect(tf.memory().numTensors - before).to.equal(1);
    expect(values(out)).to.deep.equal([2, 3]);
    out.dispose();
  });

  it('promotes integer operands to float32', () => {
    const out = movingAverage(np.array([2], { dtype: 'int32' }), np.array([4], { dtype: 'int32' }), 0.5);
    expect(out.dtype).to.equal('float32');
    expect(values(out)).to.deep.equal([3]);
  });
});
