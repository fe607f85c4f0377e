/**
 * Uniform floats: `jax.random.uniform` in float32.
 *
 * @packageDocumentation
 */
import { randomWords } from './bits';
import { fma } from './float32';

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
