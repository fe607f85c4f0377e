/**
 * Activation functions and friends (JAX's `jax.nn`), built from primitives so they batch, stage and differentiate
 * with JAX's gradients. flax-ts re-exports them as `nn.relu`, `nn.gelu`, … as Flax does.
 *
 * @packageDocumentation
 */
import { castTo, numericDType, promoteOperands, type ArrayLike, type NDArray } from './array';
import { arange } from './np/creation';
import {
  add,
  divide,
  equal,
  exp,
  expm1,
  greater,
  greaterEqual,
  multiply,
  stopGradient,
  subtract,
  tanh,
  where,
} from './np/elementwise';
import { logsumexp, shiftMax, sum, type Axis } from './np/reductions';
import { expandDims } from './np/shape';
import type { Primitive } from './primitives/params';
import { op } from './scope';
import { normalizeAxis } from './shapes';
import { bind } from './trace';

function float(x: ArrayLike): NDArray {
  return promoteOperands([x], 'float32')[0];
}

function floatUnary(name: string, primitive: Primitive): (x: ArrayLike) => NDArray {
  return op(name, (x: ArrayLike) => bind(primitive, [float(x)], {}) as NDArray);
}

/** `max(x, 0)`; its gradient at 0 is 0, as JAX's. */
export const relu = floatUnary('relu', 'relu');

/** `1 / (1 + e^−x)`. */
export const sigmoid = floatUnary('sigmoid', 'logistic');

/** `log(1 + e^x)`. */
export const softplus = floatUnary('softplus', 'softplus');

/** `x · sigmoid(x)` (also called swish). */
export const silu = op('silu', (x: ArrayLike): NDArray => {
  const value = float(x);
  return multiply(value, sigmoid(value));
});

/** `x` where non-negative, `negativeSlope · x` elsewhere (JAX's default slope is 0.01; its gradient at 0 is 1). */
export const leakyRelu = op('leakyRelu', (x: ArrayLike, negativeSlope: number = 0.01): NDArray => {
  const value = float(x);
  return where(greaterEqual(value, 0), value, multiply(value, negativeSlope));
});

/** `x` where positive, `alpha · (e^x − 1)` elsewhere. */
export const elu = op('elu', (x: ArrayLike, alpha: number = 1): NDArray => {
  const value = float(x);
  return where(greater(value, 0), value, multiply(alpha, expm1(value)));
});

/**
 * Gaussian error linear unit. `approximate` (the default, as in JAX and Flax) uses the tanh form
 * `x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))`; otherwise the exact `x/2 · (1 + erf(x/√2))`.
 */
export const gelu = op('gelu', (x: ArrayLike, approximate: boolean = true): NDArray => {
  const value = float(x);
  const inner = approximate
    ? tanh(
        multiply(
          Math.sqrt(2 / Math.PI),
          add(value, multiply(0.044715, multiply(value, multiply(value, value)))),
        ),
      )
    : (bind('erf', [multiply(value, Math.SQRT1_2)], {}) as NDArray);
  return multiply(multiply(value, 0.5), add(1, inner));
});

/** `log(softmax(x))` along `axis`, computed stably. */
export const logSoftmax = op('logSoftmax', (x: ArrayLike, axis: Axis = -1): NDArray => {
  const value = float(x);
  const shifted = subtract(value, stopGradient(shiftMax(value, axis)));
  return subtract(shifted, logsumexp(shifted, axis, { keepdims: true }));
});

/** `e^x / sum(e^x)` along `axis`, computed stably. */
export const softmax = op('softmax', (x: ArrayLike, axis: Axis = -1): NDArray => {
  const value = float(x);
  const unnormalized = exp(subtract(value, stopGradient(shiftMax(value, axis))));
  return divide(unnormalized, sum(unnormalized, axis, { keepdims: true }));
});

/** One-hot encoding of integer labels: a new last axis of size `numClasses` (float32). */
export const oneHot = op('oneHot', (labels: ArrayLike, numClasses: number): NDArray => {
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new Error(`oneHot: numClasses must be a positive integer, got ${numClasses}.`);
  }
  const [value] = promoteOperands([labels], 'int32');
  normalizeAxis(-1, value.rank + 1);
  if (value.dtype === 'int32') return bind('oneHot', [value], { depth: numClasses }) as NDArray;
  // jax.nn.one_hot compares labels with 0 … numClasses−1: a float label that is not a whole number matches none.
  const classes = castTo(arange(numClasses), numericDType(value));
  return castTo(equal(expandDims(value, -1), classes), 'float32');
});
