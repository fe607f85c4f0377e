/**
 * Coin flips: `jax.random.bernoulli`.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { singleKeyWords, type Key } from './key';
import { shapeSize } from './shape';
import { uniformFloats } from './uniform';

/**
 * Samples booleans that are true with probability `p`, bit for bit as jax: `uniform(key, shape) < p` in float32.
 *
 * @example
 * bernoulli(key(0), 0.9, [4]); // bool tensor, e.g. [true, true, false, true]
 */
export function bernoulli(key: Key, p = 0.5, shape: readonly number[] = []): tf.Tensor {
  const [k0, k1] = singleKeyWords('bernoulli', key);
  const size = shapeSize('bernoulli', shape);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`bernoulli probability p must be a number in [0, 1]; got ${String(p)}.`);
  }
  const threshold = Math.fround(p);
  const samples = uniformFloats(k0, k1, size, 0, 1);
  const flips = new Uint8Array(size);
  for (let i = 0; i < size; i++) flips[i] = samples[i] < threshold ? 1 : 0;
  return tf.tensor(flips, [...shape], 'bool');
}
