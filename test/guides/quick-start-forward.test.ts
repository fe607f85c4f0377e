// Guide 05's CNN in flax-ts with the parameters Python Flax trained (notebooks/data/digits_cnn_flax.msgpack, from
// test/parity/quick_start.py): the same logits within float32 tolerance and the same predicted classes on the 360
// test images, eagerly and under jit. Needs nn.Conv and nn.avgPool (wip/layers).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { jit, nn, np, random, serialization, tidy, tree, type NDArray } from '../../src';
import { loadDigits, selectDigits } from '../../notebooks/en/digits';
import fixture from '../parity/fixtures/quick_start.json';
import { expectClose } from '../support/close';

/** The notebook's CNN (notebooks/en/05_first_real_model, cell "model"). */
class CNN extends nn.Module {
  call(x: NDArray): NDArray {
    x = new nn.Conv({ features: 16, kernelSize: [3, 3] }).call(x);
    x = nn.relu(x);
    x = nn.avgPool(x, [2, 2], { strides: [2, 2] });
    x = new nn.Conv({ features: 32, kernelSize: [3, 3] }).call(x);
    x = nn.relu(x);
    x = nn.avgPool(x, [2, 2], { strides: [2, 2] });
    x = np.reshape(x, [x.shape[0], -1]);
    x = new nn.Dense({ features: 64 }).call(x);
    x = nn.relu(x);
    return new nn.Dense({ features: 10 }).call(x);
  }
}

/** Two convolutions and two sums of 128 and 64 terms: float32 sums in another order than XLA's. */
const FORWARD = { rtol: 1e-4, atolScale: 1e-5 };

describe('guide 05: the Python-trained CNN classifies the test images as in Python', () => {
  const cnn = new CNN();
  let params: nn.Collection;
  let images: NDArray;

  before(() => {
    const digits = loadDigits();
    const selected = selectDigits(digits, fixture.test_rows);
    images = np.reshape(selected.images, [fixture.test_rows.length, 8, 8, 1]);
    const target = cnn.init(random.key(0), [np.ones([1, 8, 8, 1])]).params;
    const bytes = fs.readFileSync(
      path.join(__dirname, '..', '..', 'notebooks', 'data', 'digits_cnn_flax.msgpack'),
    );
    params = serialization.fromBytes(target, bytes);
    tree.dispose(target);
  });

  after(() => {
    tree.dispose([params, images]);
  });

  for (const compiled of [false, true]) {
    it(`gives Python's logits and predictions ${compiled ? 'under jit' : 'eagerly'}`, () => {
      const forward = (p: nn.Collection, x: NDArray): NDArray => cnn.apply({ params: p }, [x]);
      const run = compiled ? jit(forward) : forward;
      // A first call traces and compiles; the compiled program may keep its constants for as long as it lives.
      tidy(() => run(params, images));
      const before = tf.memory().numTensors;
      const predictions = tidy(() => {
        const logits = run(params, images);
        const shown = fixture.first_logits.length;
        expectClose(np.index(logits, `0:${shown}`), fixture.first_logits, FORWARD, 'first logits');
        return Array.from(np.argmax(logits, -1).dataSync());
      });
      expect(predictions).to.deep.equal(fixture.predictions);
      expect(tf.memory().numTensors).to.equal(before);
    });
  }
});
