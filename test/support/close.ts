// Tolerance comparisons of arrays against nested-number expectations (parity fixtures), with the worst error named.
import { expect } from 'chai';
import type * as tf from '@tensorflow/tfjs-core';
import type { NDArray } from '../../src';

/** Nested lists of numbers, as fixtures store arrays. */
export type Nested = number | Nested[];

/** Tolerances in numpy's `allclose` form: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  readonly rtol: number;
  /** Absolute slack, relative to the largest |expected| element (float32 sums lose digits near zero). */
  readonly atolScale: number;
}

/** float32 parity: 1e-5 relative, plus 1e-6 of the array's scale for elements that cancel to near zero. */
export const FLOAT32_PARITY: Tolerance = { rtol: 1e-5, atolScale: 1e-6 };

function flatten(value: Nested): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function shapeOf(value: Nested): number[] {
  return Array.isArray(value) ? [value.length, ...(value.length > 0 ? shapeOf(value[0]) : [])] : [];
}

/** The largest violation ratio |a − e| / (atol + rtol·|e|); at most 1 means within tolerance. */
export function worstViolation(
  actual: readonly number[],
  expected: readonly number[],
  tol: Tolerance,
): number {
  // A reduce, not Math.max(...spread), which overflows the call stack on arrays of a few 100k elements; non-finite
  // expectations (compared exactly below) do not set the scale.
  const scale = expected.reduce(
    (largest, e) => (Number.isFinite(e) ? Math.max(largest, Math.abs(e)) : largest),
    1,
  );
  const atol = tol.atolScale * scale;
  // Where the expectation is not finite (JAX's NaN or ±inf), only the same value will do.
  return actual.reduce((worst, a, i) => {
    const e = expected[i];
    const violation = Number.isFinite(e)
      ? Math.abs(a - e) / (atol + tol.rtol * Math.abs(e))
      : Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))
        ? 0
        : Infinity;
    return Math.max(worst, violation);
  }, 0);
}

/**
 * Asserts `actual` has the shape of `expected` and every element is within tolerance; returns the largest
 * relative error observed (|a − e| / |e| over elements with |e| ≥ 1e-3 of the scale), for reports.
 */
export function expectClose(
  actual: NDArray | tf.Tensor,
  expected: Nested,
  tol: Tolerance = FLOAT32_PARITY,
  what = 'value',
): number {
  const tensor = actual as tf.Tensor;
  expect(tensor.shape, `${what}: shape`).to.deep.equal(shapeOf(expected));
  const got = Array.from(tensor.dataSync());
  const want = flatten(expected);
  const violation = worstViolation(got, want, tol);
  expect(violation, `${what}: |actual − expected| / (atol + rtol·|expected|)`).to.be.at.most(1);
  const scale = want.reduce(
    (largest, e) => (Number.isFinite(e) ? Math.max(largest, Math.abs(e)) : largest),
    -Infinity,
  );
  return got.reduce((worst, a, i) => {
    const e = want[i];
    return Math.abs(e) >= 1e-3 * scale ? Math.max(worst, Math.abs(a - e) / Math.abs(e)) : worst;
  }, 0);
}
