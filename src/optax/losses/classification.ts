/**
 * Softmax cross-entropy losses (optax's `softmax_cross_entropy` and `softmax_cross_entropy_with_integer_labels`).
 * Built from `np` and `nn` functions, so they work under `vmap`, `valueAndGrad` and `jit`; outside transforms they
 * leave only their result. Both reduce the last axis and
 * return one loss per example: average them yourself (`np.mean`), as with optax.
 *
 * @packageDocumentation
 */
import type { ArrayLike, NDArray } from '../../core/array';
import { exp, log, multiply, negative, stopGradient, subtract } from '../../core/np/elementwise';
import { takeAlongAxis } from '../../core/np/indexing';
import { max, sum } from '../../core/np/reductions';
import { expandDims, squeeze } from '../../core/np/shape';
import { logSoftmax } from '../../core/nn-functions';
import { op } from '../../core/scope';
import { arrayOfKind } from './check';

/**
 * `−Σⱼ labelsⱼ · log softmax(logits)ⱼ` over the last axis. `labels` are class probabilities (e.g. one-hot rows)
 * of the shape of `logits`.
 *
 * @example
 * const losses = optax.softmaxCrossEntropy(logits, nn.oneHot(labels, 10)); // shape [batch]
 */
export const softmaxCrossEntropy = op(
  'softmaxCrossEntropy',
  (logits: ArrayLike, labels: ArrayLike): NDArray => {
    const x = arrayOfKind(logits, 'float32');
    return negative(sum(multiply(labels, logSoftmax(x, -1)), -1));
  },
);

/**
 * `logsumexp(logits) − logits[label]` over the last axis: the cross-entropy with integer class labels, whose
 * shape is that of `logits` without its last axis. `labels` must have that shape; a label outside
 * `[−numClasses, numClasses)` gives NaN, as in optax (negative labels count from the end).
 *
 * @example
 * const loss = np.mean(optax.softmaxCrossEntropyWithIntegerLabels(logits, labels));
 */
export const softmaxCrossEntropyWithIntegerLabels = op(
  'softmaxCrossEntropyWithIntegerLabels',
  (logits: ArrayLike, labels: ArrayLike): NDArray => {
    const x = arrayOfKind(logits, 'float32');
    const classes = arrayOfKind(labels, 'int32');
    // optax's formulation: shift by the (constant) max, pick the label's logit with take_along_axis, whose
    // out-of-range fill is NaN and whose rank check rejects labels of the wrong shape.
    const shifted = subtract(x, stopGradient(max(x, -1, { keepdims: true })));
    const labelLogits = squeeze(takeAlongAxis(shifted, expandDims(classes, -1), -1), -1);
    return subtract(log(sum(exp(shifted), -1)), labelLogits);
  },
);
