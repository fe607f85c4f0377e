// Guide 05 ("A first real model", notebooks/en/05_first_real_model) loads a CNN trained by the real flax 0.12.8 on
// the digits (test/parity/quick_start.py wrote notebooks/data/digits_cnn_flax.msgpack) and compares its predictions
// with Python's (notebooks/data/digits_cnn_flax.json). What holds without running the CNN is checked here: the
// checkpoint restores to the parameter tree Python saved, the notebook's copy of the predictions is the fixture's,
// and flax-ts picks the same test images and minibatches as Python.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { random, serialization, tidy } from '../../src';
import { dispose } from '../../src/core/tree';
import { loadDigits } from '../../notebooks/en/digits';
import fixture from '../parity/fixtures/quick_start.json';

const DATA = path.join(__dirname, '..', '..', 'notebooks', 'data');

/** The shapes of a restored tree's arrays, in the nesting of the tree (a state dict of arrays). */
type Shapes = { readonly [name: string]: Shapes } | number[];

function shapesOf(tree: unknown): Shapes {
  if (tree instanceof tf.Tensor) return tree.shape as number[];
  expect(tree, 'a nested object of arrays').to.be.an('object');
  const entries = Object.entries(tree as Record<string, unknown>);
  return Object.fromEntries(entries.map(([name, value]): [string, Shapes] => [name, shapesOf(value)]));
}

function dtypesIn(tree: unknown): string[] {
  if (tree instanceof tf.Tensor) return [tree.dtype];
  return Object.values(tree as object).flatMap(dtypesIn);
}

describe('guide 05: the checkpoint trained by Python Flax', () => {
  const bytes = fs.readFileSync(path.join(DATA, 'digits_cnn_flax.msgpack'));

  it('is small enough to commit (under 200 KB) and is the file the fixture describes', () => {
    expect(bytes.length).to.equal(fixture.checkpoint_bytes);
    expect(bytes.length).to.be.below(200_000);
  });

  it("msgpackRestore gives Flax's parameter tree: Conv_0, Conv_1, Dense_0, Dense_1 with the saved shapes", () => {
    const before = tf.memory().numTensors;
    const restored = serialization.msgpackRestore(bytes);
    expect(shapesOf(restored)).to.deep.equal(fixture.param_shapes);
    expect(Object.keys(restored as object)).to.deep.equal(['Conv_0', 'Conv_1', 'Dense_0', 'Dense_1']);
    expect(new Set(dtypesIn(restored))).to.deep.equal(new Set(['float32']));
    dispose(restored);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it("the notebook's copy of Python's predictions and accuracy is the fixture's", () => {
    const notebookData = JSON.parse(fs.readFileSync(path.join(DATA, 'digits_cnn_flax.json'), 'utf8')) as {
      predictions: string;
      accuracy: number;
    };
    expect(Array.from(notebookData.predictions, Number)).to.deep.equal(fixture.predictions);
    expect(notebookData.accuracy).to.equal(fixture.accuracy);
  });

  it("flax-ts's random.permutation picks Python's test images, and the fixture's accuracy is theirs", () => {
    const digits = loadDigits();
    const [splitKey] = random.split(random.key(42), 3);
    const order = tidy(() => Array.from(random.permutation(splitKey, digits.count).dataSync()));
    const testRows = order.slice(0, fixture.test_rows.length);
    expect(testRows).to.deep.equal(fixture.test_rows);
    const correct = testRows.filter((row, i) => digits.labels[row] === fixture.predictions[i]).length;
    expect(correct / testRows.length).to.be.closeTo(fixture.accuracy, 1e-12);
  });

  it("the notebook's epoch shuffle (random.permutation of the training rows) gives Python's first minibatch", () => {
    const [splitKey, shuffleKey] = random.split(random.key(42), 3);
    const trainRows = tidy(() =>
      Array.from(random.permutation(splitKey, loadDigits().count).dataSync()),
    ).slice(fixture.test_rows.length);
    const key = random.foldIn(shuffleKey, 0);
    const shuffled = tidy(() => Array.from(random.permutation(key, Int32Array.from(trainRows)).dataSync()));
    expect(shuffled.slice(0, fixture.first_batch_rows.length)).to.deep.equal(fixture.first_batch_rows);
  });
});
