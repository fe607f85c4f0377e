/**
 * When a number in a stored notebook output agrees with the same number from a fresh run, on any machine and
 * backend.
 *
 * float32 results differ in their last bits between CPUs and backends: a loss of 1.8771801 on one machine is
 * 1.8771806 on another, and a grid point that is exactly 0 on tensorflow is -6.1e-7 on wasm (1.3e-7 in JAX). So
 * two numbers agree when they are the same to 4 significant digits (they differ by at most half a unit in the 4th
 * significant digit of the larger), or when their difference is round-off around 0 next to the larger numbers
 * they come with: below a millionth of the largest magnitude in their array or printed list (the atol of the
 * project's float32 rule, `test/support/close.ts`). Two integers (counts, shapes, seeds, key words) must be equal.
 *
 * A tolerance, not rounding: rounding both sides to 4 digits would still tell 1.23449999 from 1.23450001.
 */

/** Significant digits two numbers must share. */
export const SIGNIFICANT_DIGITS = 4;

/** Differences below this fraction of the largest magnitude a number comes with are round-off around 0. */
export const ROUND_OFF_FRACTION = 1e-6;

/** The largest finite magnitude among `values` (0 when there is none): the scale of their round-off. */
export function magnitudeScale(values: Iterable<number>): number {
  let scale = 0;
  for (const value of values) if (Number.isFinite(value)) scale = Math.max(scale, Math.abs(value));
  return scale;
}

/**
 * Whether a stored number and a fresh one agree at the stored precision (see the module comment); `scale` is
 * the largest magnitude among the numbers they come with.
 *
 * @example
 * agreeAtStoredPrecision(1.8771801, 1.8771806, 0); // true
 * agreeAtStoredPrecision(0.2333, 0.2306, 0); // false
 * agreeAtStoredPrecision(0, -6.1e-7, 3); // true: round-off next to numbers as large as 3
 * agreeAtStoredPrecision(12, 13, 0); // false: integers are exact
 */
export function agreeAtStoredPrecision(stored: number, fresh: number, scale: number): boolean {
  if (Object.is(stored, fresh) || stored === fresh) return true;
  if (!Number.isFinite(stored) || !Number.isFinite(fresh)) return false;
  if (Number.isInteger(stored) && Number.isInteger(fresh)) return false;
  const larger = Math.max(Math.abs(stored), Math.abs(fresh));
  const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(larger)) - (SIGNIFICANT_DIGITS - 1));
  return Math.abs(stored - fresh) <= halfUnit + ROUND_OFF_FRACTION * scale;
}
