/**
 * Coin flips: `jax.random.bernoulli`.
 *
 * @packageDocumentation
 */
import { uniformFloats } from './uniform';

/**
 * `size` coin flips (1 for true) that are true with probability `p`, bit for bit as jax: `uniform < p` in float32.
 * Callers check that `p` is in [0, 1].
 */
export function bernoulliFlips(key0: number, key1: number, size: number, p: number): Uint8Array {
  const threshold = Math.fround(p);
  const samples = uniformFloats(key0, key1, size, 0, 1);
  const flips = new Uint8Array(size);
  for (let i = 0; i < size; i++) flips[i] = samples[i] < threshold ? 1 : 0;
  return flips;
}
