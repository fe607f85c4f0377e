/**
 * Random integers: `jax.random.randint` for int32.
 *
 * @packageDocumentation
 */
import { randomWords } from './bits';
import { hashCounters } from './threefry';

/**
 * `size` int32 samples in [minval, maxval) from the key `(key0, key1)`, as jax draws them: two draws of 32 random
 * bits (from the two halves of `split(key)`) combined modulo the span, `(hi mod span)·(2³² mod span) + lo mod span`,
 * in wrapping uint32 arithmetic, so the bias of a power-of-2 range reduction is tiny; maxval ≤ minval gives
 * minval. Callers check that the bounds are int32 values.
 */
export function randintValues(
  key0: number,
  key1: number,
  size: number,
  minval: number,
  maxval: number,
): Int32Array {
  const [first, second] = hashCounters(key0, key1, 2); // split(key): keys (first[i], second[i])
  const higher = randomWords(first[0], second[0], size);
  const lower = randomWords(first[1], second[1], size);
  const span = maxval <= minval ? 1 : (maxval - minval) >>> 0;
  // 2³² mod span, as (2¹⁶ mod span)² mod span so that no intermediate leaves uint32.
  const half = 2 ** 16 % span;
  const multiplier = (Math.imul(half, half) >>> 0) % span;
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const scaled = Math.imul(higher[i] % span, multiplier) >>> 0;
    const offset = ((scaled + (lower[i] % span)) >>> 0) % span;
    out[i] = (minval + offset) | 0;
  }
  return out;
}
