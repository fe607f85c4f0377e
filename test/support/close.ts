// Tolerance comparisons of arrays against nested-number expectations (parity fixtures), with the worst error named.
import { expect } from 'chai';
import type * as tf from '@tensorflow/tfjs';
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
  const scale = Math.max(1, ...expected.map(Math.abs));
  const atol = tol.atolScale * scale;
  return actual.reduce(
    (worst, a, i) => Math.max(worst, Math.abs(a - expected[i]) / (atol + tol.rtol * Math.abs(expected[i]))),
    0,
  );
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
  const scale = Math.max(...want.map(Math.abs));
  return got.reduce((worst, a, i) => {
    const e = want[i];
    return Math.abs(e) >= 1e-3 * scale ? Math.max(worst, Math.abs(a - e) / Math.abs(e)) : worst;
  }, 0);
}
