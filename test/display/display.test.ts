import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { shapes } from '../../src/display/display';
import { insideTslab } from './inside-tslab';

describe('display/display', () => {
  it('shows the shapes of a tree of tensors as one text/plain output, keys sorted', () => {
    const variables = { params: { Dense_0: { kernel: tf.zeros([3, 4]), bias: tf.zeros([4]) } } };
    const sent = insideTslab(() => {
      shapes(variables);
    });
    expect(sent).to.deep.equal([
      { data: { 'text/plain': '{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }' }, update: false },
    ]);
  });

  it('prints a tree whose leaves are already shapes the same way', () => {
    const sent = insideTslab(() => {
      shapes({ batch_stats: { BatchNorm_0: { mean: [2], var: [2] } } });
    });
    expect(sent[0].data['text/plain']).to.equal('{ batch_stats: { BatchNorm_0: { mean: [2], var: [2] } } }');
  });
});
