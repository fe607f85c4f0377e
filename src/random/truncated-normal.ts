/**
 * Truncated standard normal samples: `jax.random.truncated_normal` in float32 (what `lecunNormal` draws from).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { nextAfter } from './float32';
import { singleKeyWords, type Key } from './key';
import { SQRT2 } from './normal';
import { shapeSize } from './shape';
import { uniformFloats } from './uniform';
import { erf, erfInv } from './xla-math';

/** XLA rewrites jax's `bound / √2` into a multiplication by the float32 reciprocal; so do we. */
const INV_SQRT2 = Math.fround(1 / SQRT2);

/**
 * Samples a standard normal truncated to the open interval (lower, upper), as jax does: u uniform in
 * [erf(lower/√2), erf(upper/√2)), then `√2 · erfinv(u)`, clipped to stay strictly inside the bounds (rounding can
 * otherwise land on them). Bounds may be infinite; `lower < upper` is required.
 *
 * @example
 * truncatedNormal(key(0), -2, 2, [784, 128]); // float32 tensor, values in (−2, 2)
 */
export function truncatedNormal(
  key: Key,
  lower: number,
  upper: number,
  shape: readonly number[] = [],
): tf.Tensor {
  const [k0, k1] = singleKeyWords('truncatedNormal', key);
  const size = shapeSize('truncatedNormal', shape);
  if (!(lower < upper)) {
    throw new RangeError(`truncatedNormal needs lower < upper; got lower=${lower}, upper=${upper}.`);
  }
  const low = Math.fround(lower);
  const high = Math.fround(upper);
  const samples = uniformFloats(
    k0,
    k1,
    size,
    erf(Math.fround(low * INV_SQRT2)),
    erf(Math.fround(high * INV_SQRT2)),
  );
  const smallest = nextAfter(low, Infinity);
  const largest = nextAfter(high, -Infinity);
  for (let i = 0; i < size; i++) {
    samples[i] = Math.min(Math.max(SQRT2 * erfInv(samples[i]), smallest), largest);
  }
  return tf.tensor(samples, [...shape], 'float32');
}
