/**
 * Products: numpy's `matmul` and `dot`.
 *
 * @packageDocumentation
 */
import { bind } from '../bind';
import { withPromoted, type ArrayLike, type NDArray } from '../array';
import { broadcastShapes, formatShape } from '../shapes';
import { multiply } from './elementwise';

/** numpy's `matmul` (`x @ y`): matrix product with broadcast batch dimensions; vectors are promoted. */
export function matmul(x: ArrayLike, y: ArrayLike): NDArray {
  return withPromoted([x, y], 'int32', ([a, b]) => matmulArrays(a, b));
}

function matmulArrays(a: NDArray, b: NDArray): NDArray {
  if (a.rank === 0 || b.rank === 0) {
    throw new Error(
      `matmul: operands must have at least one dimension, got ${formatShape(a.shape)} and ${formatShape(b.shape)}.`,
    );
  }
  // Checked on the caller's (per-example) shapes, before any batching: contracting sizes, then batch dimensions.
  const inner = a.shape[a.rank - 1];
  const other = b.shape[Math.max(b.rank - 2, 0)];
  if (inner !== other) {
    throw new Error(
      `matmul: contracting dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)} (${inner} != ${other}).`,
    );
  }
  broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return bind('matmul', [a, b], {}) as NDArray;
}

/**
 * numpy's `dot` for the cases models use: scalars multiply, vectors give the inner product, matrices the
 * matrix product. (For N-D arrays use {@link matmul}, whose broadcasting is what one usually means.)
 */
export function dot(x: ArrayLike, y: ArrayLike): NDArray {
  return withPromoted([x, y], 'int32', ([a, b]) => {
    if (a.rank === 0 || b.rank === 0) return multiply(a, b);
    if (a.rank > 2 || b.rank > 2) {
      throw new Error(`dot: arrays of rank ${a.rank} and ${b.rank} are not supported; use matmul.`);
    }
    return matmulArrays(a, b);
  });
}
