/**
 * The update of a running average, for layers that keep statistics across steps (BatchNorm's `batch_stats`).
 *
 * @packageDocumentation
 */
import { bind } from './bind';
import { withPromoted, type ArrayLike, type NDArray } from './array';

/**
 * `momentum · average + (1 − momentum) · value`, elementwise with broadcasting; the same numbers as that np
 * expression, but one entry on the gradient tape instead of five (see the `movingAverage` primitive), which
 * matters because BatchNorm runs it inside every differentiated training step. Batches under `vmap`.
 */
export function movingAverage(average: ArrayLike, value: ArrayLike, momentum: number): NDArray {
  return withPromoted(
    [average, value],
    'float32',
    (operands) => bind('movingAverage', operands, { momentum }) as NDArray,
  );
}
