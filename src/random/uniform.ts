/**
 * Uniform floats: `jax.random.uniform` in float32.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { randomWords } from './bits';
import { fma } from './float32';
import { singleKeyWords, type Key } from './key';
import { shapeSize } from './shape';

/** Options of {@link uniform}. */
export interface UniformOptions {
  /** Inclusive lower bound (default 0). */
  readonly minval?: number;
  /** Exclusive upper bound (default 1). */
  readonly maxval?: number;
}

/**
 * `size` float32 samples in [minval, maxval), computed as jax does: the top 23 random bits become the mantissa of
 * a float in [1, 2); minus 1 gives u in [0, 1); then `max(minval, u·(maxval − minval) + minval)` with XLA's fused
 * multiply-add. No argument checks: callers check.
 */
export function uniformFloats(
  key0: number,
  key1: number,
  size: number,
  minval: number,
  maxval: number,
): Float32Array {
  const words = randomWords(key0, key1, size);
  for (let i = 0; i < size; i++) words[i] = (words[i] >>> 9) | 0x3f800000;
  const floats = new Float32Array(words.buffer, words.byteOffset, size);
  const low = Math.fround(minval);
  const range = Math.fround(Math.fround(maxval) - low);
  for (let i = 0; i < size; i++) floats[i] = Math.max(low, fma(floats[i] - 1, range, low));
  return floats;
}

/**
 * Samples float32 values uniformly in [minval, maxval), bit for bit as `jax.random.uniform`.
 *
 * @example
 * uniform(key(0), [2, 3], { minval: -1, maxval: 1 }); // float32 tensor of shape [2, 3]
 */
export function uniform(key: Key, shape: readonly number[] = [], options: UniformOptions = {}): tf.Tensor {
  const { minval = 0, maxval = 1 } = options;
  const [k0, k1] = singleKeyWords('uniform', key);
  const size = shapeSize('uniform', shape);
  if (!(minval <= maxval)) {
    throw new RangeError(`uniform needs minval <= maxval; got minval=${minval}, maxval=${maxval}.`);
  }
  return tf.tensor(uniformFloats(k0, k1, size, minval, maxval), [...shape], 'float32');
}
