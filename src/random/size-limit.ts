/**
 * The one limit on how many elements flax-ts computes on the host or asks a backend to create in one array.
 *
 * @packageDocumentation
 */

/** 2²⁸ elements: 1 GiB of float32 (2 GiB of key words). Beyond it an allocation fails late, or takes the machine. */
export const MAX_ELEMENTS = 2 ** 28;

/** Fails fast on a count that is not finite or exceeds {@link MAX_ELEMENTS}, instead of allocating gigabytes. */
export function checkElementCount(name: string, count: number): void {
  if (!Number.isFinite(count) || count > MAX_ELEMENTS) {
    throw new RangeError(
      `${name}: ${count} elements is more than flax-ts creates in one array (at most 2**28, 1 GiB of float32).`,
    );
  }
}
