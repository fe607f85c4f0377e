/**
 * Shape checks shared by the samplers.
 *
 * @packageDocumentation
 */
import { checkElementCount } from './size-limit';

function isShape(value: unknown): value is readonly number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}

/** Checks that `shape` is an array of non-negative integers and returns its number of elements. */
export function shapeSize(name: string, shape: readonly number[]): number {
  if (!isShape(shape)) {
    throw new TypeError(
      `${name}: shapes must be arrays of non-negative integers, got ${formatShape(shape)}.`,
    );
  }
  const size = shape.reduce((product, d) => product * d, 1);
  checkElementCount(name, size);
  return size;
}

/** A shape as it appears in messages: `[2, 3]`. */
export function formatShape(shape: unknown): string {
  return Array.isArray(shape) ? `[${shape.map(String).join(', ')}]` : String(shape);
}
