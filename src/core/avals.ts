/**
 * Abstract values: what every transform knows about an array without its numbers, its shape and element type.
 * `jit` caches staged programs by them and prints them in JAX's style (`f32[128,5]`).
 *
 * @packageDocumentation
 */

/** Element types: tfjs's numeric ones, plus `'key'` for PRNG key arrays (host values no numeric op accepts). */
export type DType = 'float32' | 'int32' | 'bool' | 'key';

/** A shape and an element type: the part of a value that a staged program depends on. */
export interface AbstractValue {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Element counts: the product of the dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const SHORT_DTYPE: Readonly<Record<DType, string>> = {
  float32: 'f32',
  int32: 'i32',
  bool: 'bool',
  key: 'key<fry>',
};

/** JAX's notation: `f32[128,5]`, `i32[]`, `bool[3]`, `key<fry>[2]`. */
export function formatAval(aval: AbstractValue): string {
  return `${SHORT_DTYPE[aval.dtype]}[${aval.shape.join(',')}]`;
}
