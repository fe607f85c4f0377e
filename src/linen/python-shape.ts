/**
 * Shapes written as Python prints a tuple, for error messages worded as Flax's (internal: not on `nn`).
 *
 * @packageDocumentation
 */

/** A tuple as Python prints it, e.g. `(3, 4)` or `(4,)`: the form Flax's shape messages use. */
export function pythonShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
