/**
 * Products: numpy's `matmul` and `dot`.
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray } from '../array';
import { op } from '../scope';
import { broadcastShapes, formatShape } from '../shapes';
import { bind } from '../trace';
import { multiply } from './elementwise';

/** numpy's `matmul` (`x @ y`): matrix product with broadcast batch dimensions; vectors are promoted. */
export const matmul = op('matmul', (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteOperands([x, y], 'int32');
  return matmulArrays(a, b);
});

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
  // The primitive takes matrices: a vector becomes a row (left) or a column (right), dropped again after.
  const lhs = a.rank === 1 ? bind('reshape', [a], { shape: [1, a.shape[0]] }) : a;
  const rhs = b.rank === 1 ? bind('reshape', [b], { shape: [b.shape[0], 1] }) : b;
  const product = bind('matmul', [lhs, rhs], { transposeA: false, transposeB: false }) as NDArray;
  if (a.rank > 1 && b.rank > 1) return product;
  const shape = product.shape.filter(
    (_, i, all) => !(a.rank === 1 && i === all.length - 2) && !(b.rank === 1 && i === all.length - 1),
  );
  return bind('reshape', [product], { shape }) as NDArray;
}

/**
 * numpy's `dot` for the cases models use: scalars multiply, vectors give the inner product, matrices the
 * matrix product. (For N-D arrays use {@link matmul}, whose broadcasting is what one usually means.)
 */
export const dot = op('dot', (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteOperands([x, y], 'int32');
  if (a.rank === 0 || b.rank === 0) return multiply(a, b);
  if (a.rank > 2 || b.rank > 2) {
    throw new Error(`dot: arrays of rank ${a.rank} and ${b.rank} are not supported; use matmul.`);
  }
  return matmulArrays(a, b);
});
