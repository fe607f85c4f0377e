import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, valueAndGrad, vmap, type NDArray } from '../../../src/core';
import { oneHot } from '../../../src/core/nn-functions';
import { dispose } from '../../../src/core/tree';
import { softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels } from '../../../src/optax';
import { values } from '../support';

describe('optax softmax cross-entropy losses', () => {
  const logits = () =>
    tf.tensor([
      [1, 2, 0.5],
      [-1, 0, 3],
    ]);
  const labels = () => tf.tensor([2, 0], [2], 'int32');

  it('integer labels and their one-hot rows give the same per-example losses', () => {
    const [x, y] = [logits(), labels()];
    const hot = oneHot(y, 3);
    const a = softmaxCrossEntropyWithIntegerLabels(x, y);
    const b = softmaxCrossEntropy(x, hot);
    expect(a.shape).to.deep.equal([2]);
    values(a).forEach((v, i) => expect(v).to.be.closeTo(values(b)[i], 1e-6));
    // Plain number lists are accepted as integer labels.
    const c = softmaxCrossEntropyWithIntegerLabels(x, [2, 0]);
    expect(values(c)).to.deep.equal(values(a));
    dispose([x, y, hot, a, b, c]);
  });

  it('works per example under vmap and differentiates under vmap ∘ valueAndGrad', () => {
    const [x, y] = [logits(), labels()];
    const batched = softmaxCrossEntropyWithIntegerLabels(x, y);
    const mapped = vmap((xi: NDArray, yi: NDArray) => softmaxCrossEntropyWithIntegerLabels(xi, yi))(x, y);
    expect(values(mapped)).to.deep.equal(values(batched));
    // A copy for vmap ∘ valueAndGrad: core's valueAndGrad currently disposes a differentiated input under vmap.
    const xCopy = tf.clone(x);
    const perExample = vmap(
      valueAndGrad((xi: NDArray, yi: NDArray) => softmaxCrossEntropyWithIntegerLabels(xi, yi)),
    )(xCopy, y);
    const [, fullGrad] = valueAndGrad((z: NDArray) => np.sum(softmaxCrossEntropyWithIntegerLabels(z, y)))(x);
    values(perExample[1]).forEach((v, i) => expect(v).to.be.closeTo(values(fullGrad)[i], 1e-6));
    dispose([x, xCopy, y, batched, mapped, perExample, fullGrad]);
  });

  it("rejects float labels and integer logits with optax's message", () => {
    const x = logits();
    const floatLabels = tf.tensor([2, 0]);
    expect(() => softmaxCrossEntropyWithIntegerLabels(x, floatLabels)).to.throw(
      TypeError,
      'Expected the input to have a dtype that is a subdtype of integer, got float32 instead',
    );
    const intLogits = tf.tensor([[1, 2]], [1, 2], 'int32');
    expect(() => softmaxCrossEntropy(intLogits, [[0, 1]])).to.throw(
      TypeError,
      'Expected the input to have a dtype that is a subdtype of floating, got int32 instead',
    );
    dispose([x, floatLabels, intLogits]);
  });
});
