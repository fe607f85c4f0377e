/**
 * Gumbel samples: `jax.random.gumbel` in float32 (its default, low-dynamic-range mode).
 *
 * @packageDocumentation
 */
import { fromBits } from './float32';
import { uniformFloats } from './uniform';
import { log } from './xla-math';

/** The smallest normal float32, the lower bound of the uniform draw (so neither logarithm sees 0). */
const TINY = fromBits(0x00800000);

/** `size` standard Gumbel float32 samples, `−log(−log(u))` with u uniform in [tiny, 1) and XLA's float32 log. */
export function gumbelFloats(key0: number, key1: number, size: number): Float32Array {
  const samples = uniformFloats(key0, key1, size, TINY, 1);
  for (let i = 0; i < size; i++) samples[i] = -log(-log(samples[i]));
  return samples;
}
