import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../src';

describe('backend', () => {
  it('reports the active tfjs backend in one line', async () => {
    const { name, message } = await ready();
    expect(tf.getBackend()).to.equal(name);
    expect(message).to.match(new RegExp(`^flax-ts backend: ${name}`));
    expect(message).not.to.include('\n');
  });
});
