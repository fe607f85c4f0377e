/**
 * Softmax cross-entropy losses (optax's `softmax_cross_entropy` and `softmax_cross_entropy_with_integer_labels`).
 * Built from `np` and `nn` functions, so they work under `vmap`, `valueAndGrad` and `jit`; outside transforms they
 * leave only their result. Both reduce the last axis and
 * return one loss per example: average them yourself (`np.mean`), as with optax.
 *
 * @packageDocumentation
 */
import type { ArrayLike, NDArray } from '../../core/array';
import { multiply, negative, subtract } from '../../core/np/elementwise';
import { logsumexp, sum } from '../../core/np/reductions';
import { logSoftmax, oneHot } from '../../core/nn-functions';
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
 * shape is that of `logits` without its last axis.
 *
 * @example
 * const loss = np.mean(optax.softmaxCrossEntropyWithIntegerLabels(logits, labels));
 */
export const softmaxCrossEntropyWithIntegerLabels = op(
  'softmaxCrossEntropyWithIntegerLabels',
  (logits: ArrayLike, labels: ArrayLike): NDArray => {
    const x = arrayOfKind(logits, 'float32');
    const classes = arrayOfKind(labels, 'int32');
    const numClasses = x.shape[x.shape.length - 1];
    // Picks each example's label logit: a sum with one non-zero term is exact, and its gradient is the one-hot row.
    const labelLogits = sum(multiply(x, oneHot(classes, numClasses)), -1);
    return subtract(logsumexp(x, -1), labelLogits);
  },
);
