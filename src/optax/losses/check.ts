/**
 * Input checks shared by the loss functions, with optax's error messages.
 *
 * @packageDocumentation
 */
import { asArray, type ArrayLike, type NDArray } from '../../core/array';
import { formatShape } from '../../core/shapes';

const KIND_OF = { float32: 'floating', int32: 'integer' } as const;

/**
 * `x` as an array of dtype `wanted`, or optax's TypeError naming the dtype it has. Numbers and nested lists are
 * converted to `wanted`: JavaScript has no integer literals, so `[0, 2, 1]` is fine as integer labels.
 */
export function arrayOfKind(x: ArrayLike, wanted: 'float32' | 'int32'): NDArray {
  const value = asArray(x, Array.isArray(x) || typeof x === 'number' ? wanted : undefined);
  if (value.dtype !== wanted) {
    throw new TypeError(
      `Expected the input to have a dtype that is a subdtype of ${KIND_OF[wanted]}, got ${value.dtype} instead`,
    );
  }
  return value;
}

/** Throws optax's shape-mismatch error unless `a` and `b` have the same shape. */
export function checkShapesEqual(a: NDArray, b: NDArray): void {
  if (a.shape.join(',') !== b.shape.join(',')) {
    throw new Error(`Shape mismatch: got ${formatShape(a.shape)} and ${formatShape(b.shape)}.`);
  }
}
