// Fixture cases of np-like functions as test/parity/shared/array_cases.py stores them: arguments with dtypes, and
// each output's value, dtype and shape (or the error jax raised), read back and compared here.
import { expect } from 'chai';
import type * as tf from '@tensorflow/tfjs-core';
import { np, type NDArray } from '../../src';
import { expectClose, type Nested } from './close';

/** An array as a fixture stores it: dtype, nested values and shape (which nested lists lose for empty arrays). */
export interface FixtureArray {
  readonly dtype: string;
  readonly value: unknown;
  readonly shape: number[];
}

/** One output of a case. */
export type FixtureOutput = FixtureArray;

/** One case: its arguments, and its outputs or (where jax raised) the first line of jax's error. */
export interface FixtureCase {
  readonly name: string;
  readonly args: FixtureArray[];
  readonly outputs?: FixtureOutput[];
  readonly error?: string;
}

/** Non-finite floats are stored as strings ("Infinity", "NaN"); Number() reads them. */
export const numbers = (x: unknown): Nested => (Array.isArray(x) ? x.map(numbers) : Number(x));

/** A fixture argument as an array of its dtype and shape. */
export function fixtureArgument({ dtype, value, shape }: FixtureArray): NDArray {
  const flat =
    dtype === 'bool'
      ? np.array(value as boolean[])
      : np.array(numbers(value), { dtype: dtype === 'int32' ? 'int32' : 'float32' });
  return np.reshape(flat, shape);
}

/** An int or bool array's values (tfjs reads bools back as 0 and 1). */
function readBack(actual: NDArray): unknown {
  const values = (actual as tf.Tensor).arraySync();
  const asBool = (v: unknown): unknown => (Array.isArray(v) ? v.map(asBool) : v === 1);
  return actual.dtype === 'bool' ? asBool(values) : values;
}

/** Asserts one output has the fixture's shape, dtype and values (floats within float32 parity). */
export function expectOutput(actual: NDArray, expected: FixtureOutput, what: string): void {
  expect(actual.shape, `${what}: shape`).to.deep.equal(expected.shape);
  expect(actual.dtype, `${what}: dtype`).to.equal(expected.dtype);
  // Nested lists cannot carry the shape of an empty array: the shape check above is all there is to it.
  if (expected.shape.includes(0)) return;
  if (expected.dtype === 'float32') expectClose(actual, numbers(expected.value), undefined, what);
  else expect(readBack(actual), what).to.deep.equal(expected.value);
}

/** Asserts a function's result (one array or a list) matches every output of the case. */
export function expectOutputs(result: NDArray | NDArray[], c: FixtureCase, what: string): void {
  const outputs = Array.isArray(result) ? result : [result];
  expect(outputs.length, `${what}: outputs`).to.equal(c.outputs?.length);
  outputs.forEach((o, i) => {
    expectOutput(o, (c.outputs ?? [])[i], `${what} output ${i}`);
  });
}
