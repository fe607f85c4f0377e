/**
 * Standard normal samples: `jax.random.normal` in float32.
 *
 * @packageDocumentation
 */
import { nextAfter } from './float32';
import { uniformFloats } from './uniform';
import { erfInv } from './xla-math';

/** √2 rounded to float32, the factor jax multiplies erfinv by. */
export const SQRT2 = Math.fround(Math.SQRT2);

/**
 * `size` standard normal float32 samples from the key `(key0, key1)`, by inverse transform as jax does:
 * `√2 · erfinv(u)` with u uniform in [nextafter(−1, 0), 1), so erfinv never sees −1. Matches jax to within a few
 * float32 ulps (exactly on the platforms we checked; see the parity tests).
 */
export function normalFloats(key0: number, key1: number, size: number): Float32Array {
  const samples = uniformFloats(key0, key1, size, nextAfter(-1, 0), 1);
  for (let i = 0; i < samples.length; i++) samples[i] = SQRT2 * erfInv(samples[i]);
  return samples;
}
