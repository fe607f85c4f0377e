/**
 * Elementwise regression losses (optax's `squared_error` and `l2_loss`). They return one value per element;
 * average them yourself (`np.mean`), as with optax.
 *
 * @packageDocumentation
 */
import { asArray, type ArrayLike, type NDArray } from '../../core/array';
import { multiply, square, subtract } from '../../core/np/elementwise';
import { op } from '../../core/scope';
import { arrayOfKind, checkShapesEqual } from './check';

/**
 * `(predictions − targets)²` elementwise; `targets` default to zeros. The two must have the same shape (no
 * broadcasting, as in optax, so that a `[n]` vs `[n, 1]` mistake does not silently build an `[n, n]` matrix).
 */
export const squaredError = op('squaredError', (predictions: ArrayLike, targets?: ArrayLike): NDArray => {
  const p = arrayOfKind(predictions, 'float32');
  if (targets === undefined) return square(p);
  const t = asArray(targets);
  checkShapesEqual(p, t);
  return square(subtract(p, t));
});

/** `0.5 · (predictions − targets)²` elementwise (the ½ of Bishop's convention); see {@link squaredError}. */
export const l2Loss = op('l2Loss', (predictions: ArrayLike, targets?: ArrayLike): NDArray =>
  multiply(0.5, squaredError(predictions, targets)),
);
