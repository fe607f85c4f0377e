/**
 * Loss functions (optax's `optax.losses`), also re-exported at the top of `optax`.
 *
 * @packageDocumentation
 */
export { softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels } from './classification';
export { l2Loss, squaredError } from './regression';
