/**
 * Shape arithmetic shared by the ops, the batching rules and the error messages.
 *
 * @packageDocumentation
 */

/** `[2, 3]` → `"[2, 3]"`: how shapes appear in error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** numpy's broadcasting of two shapes; throws naming both shapes when they are incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`Incompatible shapes for broadcasting: ${formatShape(a)} and ${formatShape(b)}.`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Normalises a possibly negative axis for an array of rank `rank`, with a clear error when out of range. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new Error(`${what} ${axis} is out of bounds for an array of rank ${rank}.`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Axes of a reduction: all axes when `axis` is undefined, sorted and without duplicates otherwise. */
export function reductionAxes(axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const axes = list.map((a) => normalizeAxis(a, rank));
  if (new Set(axes).size !== axes.length)
    throw new Error(`Duplicate axes in reduction: [${list.join(', ')}].`);
  return axes.sort((x, y) => x - y);
}

/** The shape left after reducing `axes` (kept as 1s when `keepdims`). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  return keepdims
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
}

/** Resolves one `-1` in a reshape target against the element count, or throws naming both shapes. */
export function resolveReshape(from: readonly number[], to: readonly number[]): number[] {
  const size = from.reduce((a, b) => a * b, 1);
  const unknown = to.indexOf(-1);
  const known = to.reduce((a, b) => (b === -1 ? a : a * b), 1);
  const resolved = [...to];
  if (unknown >= 0 && to.lastIndexOf(-1) === unknown && known > 0 && size % known === 0) {
    resolved[unknown] = size / known;
  }
  if (resolved.some((d) => !Number.isInteger(d) || d < 0) || resolved.reduce((a, b) => a * b, 1) !== size) {
    throw new Error(`Cannot reshape an array of shape ${formatShape(from)} into shape ${formatShape(to)}.`);
  }
  return resolved;
}
