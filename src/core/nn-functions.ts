/**
 * Activation functions and friends (JAX's `jax.nn`), built from `np` primitives so they batch under `vmap` and
 * differentiate on tfjs's tape. flax-ts re-exports them as `nn.relu`, `nn.gelu`, … as Flax does.
 *
 * @packageDocumentation
 */
import { bind } from './bind';
import { promoteOperands, withPromoted, type ArrayLike, type NDArray } from './array';
import { add, exp, multiply, subtract, tanh, where, greater, divide } from './np/elementwise';
import { logsumexp, max, sum, type Axis } from './np/reductions';
import { normalizeAxis } from './shapes';

function float(x: ArrayLike): NDArray {
  return promoteOperands([x], 'float32')[0];
}

/** `max(x, 0)`. */
export function relu(x: ArrayLike): NDArray {
  return withPromoted([x], 'float32', (arrays) => bind('relu', arrays, {}) as NDArray);
}

/** `1 / (1 + e^−x)`. */
export function sigmoid(x: ArrayLike): NDArray {
  return withPromoted([x], 'float32', (arrays) => bind('sigmoid', arrays, {}) as NDArray);
}

/** `log(1 + e^x)`. */
export function softplus(x: ArrayLike): NDArray {
  return withPromoted([x], 'float32', (arrays) => bind('softplus', arrays, {}) as NDArray);
}

/** `x · sigmoid(x)` (also called swish). */
export function silu(x: ArrayLike): NDArray {
  const value = float(x);
  return multiply(value, sigmoid(value));
}

/** `x` where positive, `negativeSlope · x` elsewhere (JAX's default slope is 0.01). */
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): NDArray {
  const value = float(x);
  return where(greater(value, 0), value, multiply(value, negativeSlope));
}

/** `x` where positive, `alpha · (e^x − 1)` elsewhere. */
export function elu(x: ArrayLike, alpha = 1): NDArray {
  const value = float(x);
  return where(greater(value, 0), value, multiply(alpha, bind('expm1', [value], {}) as NDArray));
}

/**
 * Gaussian error linear unit. `approximate` (the default, as in JAX and Flax) uses the tanh form
 * `x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))`; otherwise the exact `x/2 · (1 + erf(x/√2))`.
 */
export function gelu(x: ArrayLike, approximate = true): NDArray {
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
}

/** `log(softmax(x))` along `axis`, computed stably. */
export function logSoftmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const value = float(x);
  const shifted = subtract(
    value,
    bind('stopGradient', [max(value, axis, { keepdims: true })], {}) as NDArray,
  );
  return subtract(shifted, logsumexp(shifted, axis, { keepdims: true }));
}

/** `e^x / sum(e^x)` along `axis`, computed stably. */
export function softmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const value = float(x);
  const unnormalized = exp(
    subtract(value, bind('stopGradient', [max(value, axis, { keepdims: true })], {}) as NDArray),
  );
  return divide(unnormalized, sum(unnormalized, axis, { keepdims: true }));
}

/** One-hot encoding of integer labels: a new last axis of size `numClasses` (float32). */
export function oneHot(labels: ArrayLike, numClasses: number): NDArray {
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new Error(`oneHot: numClasses must be a positive integer, got ${numClasses}.`);
  }
  return withPromoted([labels], 'int32', ([value]) => {
    normalizeAxis(-1, value.rank + 1);
    return bind('oneHot', [value], { depth: numClasses }) as NDArray;
  });
}
