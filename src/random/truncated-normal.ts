/**
 * Truncated standard normal samples: `jax.random.truncated_normal` in float32 (what `lecunNormal` draws from).
 *
 * @packageDocumentation
 */
import { nextAfter } from './float32';
import { SQRT2 } from './normal';
import { uniformFloats } from './uniform';
import { erf, erfInv } from './xla-math';

/** XLA rewrites jax's `bound / √2` into a multiplication by the float32 reciprocal; so do we. */
const INV_SQRT2 = Math.fround(1 / SQRT2);

/**
 * `size` standard normal float32 samples truncated to the open interval (lower, upper), as jax draws them: u
 * uniform in [erf(lower/√2), erf(upper/√2)), then `√2 · erfinv(u)`, clipped to stay strictly inside the bounds
 * (rounding can otherwise land on them). Bounds may be infinite; callers check `lower < upper`.
 */
export function truncatedNormalFloats(
  key0: number,
  key1: number,
  size: number,
  lower: number,
  upper: number,
): Float32Array {
  const low = Math.fround(lower);
  const high = Math.fround(upper);
  const samples = uniformFloats(
    key0,
    key1,
    size,
    erf(Math.fround(low * INV_SQRT2)),
    erf(Math.fround(high * INV_SQRT2)),
  );
  const smallest = nextAfter(low, Infinity);
  const largest = nextAfter(high, -Infinity);
  for (let i = 0; i < size; i++) {
    samples[i] = Math.min(Math.max(SQRT2 * erfInv(samples[i]), smallest), largest);
  }
  return samples;
}
