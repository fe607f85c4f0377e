/**
 * Standard normal samples: `jax.random.normal` in float32.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { nextAfter } from './float32';
import { singleKeyWords, type Key } from './key';
import { shapeSize } from './shape';
import { uniformFloats } from './uniform';
import { erfInv } from './xla-math';

/** √2 rounded to float32, the factor jax multiplies erfinv by. */
export const SQRT2 = Math.fround(Math.SQRT2);

/**
 * Samples standard normal float32 values by inverse transform, as jax does: `√2 · erfinv(u)` with u uniform in
 * [nextafter(−1, 0), 1), so erfinv never sees −1. Matches jax to within a few float32 ulps (exactly on the
 * platforms we checked; see the parity tests).
 *
 * @example
 * normal(key(0), [3]); // float32 tensor of shape [3]
 */
export function normal(key: Key, shape: readonly number[] = []): tf.Tensor {
  const [k0, k1] = singleKeyWords('normal', key);
  const samples = uniformFloats(k0, k1, shapeSize('normal', shape), nextAfter(-1, 0), 1);
  for (let i = 0; i < samples.length; i++) samples[i] = SQRT2 * erfInv(samples[i]);
  return tf.tensor(samples, [...shape], 'float32');
}
