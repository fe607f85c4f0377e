/**
 * Elementwise operations with numpy broadcasting and JAX-style weak typing of plain numbers.
 *
 * @packageDocumentation
 */
import { bind } from '../bind';
import {
  castTo,
  promoteOperands,
  withPromoted,
  type ArrayLike,
  type NDArray,
  type NumericDType,
} from '../array';
import type { Primitive } from '../primitives';
import { broadcastShapes } from '../shapes';

type UnaryPrimitive = Extract<
  Primitive,
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'reciprocal'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'softplus'
  | 'erf'
  | 'sin'
  | 'cos'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'logicalNot'
  | 'isNaN'
  | 'stopGradient'
>;

type BinaryPrimitive = Extract<
  Primitive,
  | 'add'
  | 'subtract'
  | 'multiply'
  | 'divide'
  | 'power'
  | 'maximum'
  | 'minimum'
  | 'equal'
  | 'notEqual'
  | 'less'
  | 'lessEqual'
  | 'greater'
  | 'greaterEqual'
  | 'logicalAnd'
  | 'logicalOr'
>;

/** An op on one operand; `atLeast` promotes the input first (e.g. `exp` of int32 computes in float32). */
function unary(primitive: UnaryPrimitive, atLeast: NumericDType = 'bool'): (x: ArrayLike) => NDArray {
  return (x) => withPromoted([x], atLeast, (operands) => bind(primitive, operands, {}) as NDArray);
}

function binary(
  primitive: BinaryPrimitive,
  atLeast: NumericDType = 'bool',
): (x: ArrayLike, y: ArrayLike) => NDArray {
  return (x, y) =>
    withPromoted([x, y], atLeast, (operands) => {
      // Checked here, on per-example shapes, so the error names the shapes the caller wrote.
      broadcastShapes(operands[0].shape, operands[1].shape);
      return bind(primitive, operands, {}) as NDArray;
    });
}

/** `-x`. */
export const negative = unary('neg', 'int32');
/** `|x|`. */
export const abs = unary('abs', 'int32');
/** The sign of `x` (−1, 0 or 1). */
export const sign = unary('sign', 'int32');
/** `e^x`. */
export const exp = unary('exp', 'float32');
/** Natural logarithm. */
export const log = unary('log', 'float32');
/** `log(1 + x)`, accurate near 0. */
export const log1p = unary('log1p', 'float32');
/** `e^x − 1`, accurate near 0. */
export const expm1 = unary('expm1', 'float32');
/** Square root. */
export const sqrt = unary('sqrt', 'float32');
/** `1 / sqrt(x)` (`jax.lax.rsqrt`). */
export const rsqrt = unary('rsqrt', 'float32');
/** `x²`. */
export const square = unary('square', 'int32');
/** `1 / x`. */
export const reciprocal = unary('reciprocal', 'float32');
/** Hyperbolic tangent. */
export const tanh = unary('tanh', 'float32');
/** The error function. */
export const erf = unary('erf', 'float32');
/** Sine. */
export const sin = unary('sin', 'float32');
/** Cosine. */
export const cos = unary('cos', 'float32');
/** Round down. */
export const floor = unary('floor', 'float32');
/** Round up. */
export const ceil = unary('ceil', 'float32');
/** Round half to even, as numpy does. */
export const round = unary('round', 'float32');
/** Elementwise NOT of a boolean array. */
export const logicalNot = unary('logicalNot');
/** True where `x` is NaN. */
export const isnan = unary('isNaN', 'float32');
/**
 * The identity whose gradient is zero (`jax.lax.stop_gradient`): values flow forward, cotangents do not flow back.
 */
export const stopGradient = unary('stopGradient');

/** `x + y`. */
export const add = binary('add');
/** `x − y`. */
export const subtract = binary('subtract');
/** `x · y`. */
export const multiply = binary('multiply');
/** `x / y`; integers are divided as floats, as numpy's true division does. */
export const divide = binary('divide', 'float32');
/** `x ** y`. */
export const power = binary('power', 'int32');
/** The larger of `x` and `y`. */
export const maximum = binary('maximum', 'int32');
/** The smaller of `x` and `y`. */
export const minimum = binary('minimum', 'int32');
/** `x == y`. */
export const equal = binary('equal');
/** `x != y`. */
export const notEqual = binary('notEqual');
/** `x < y`. */
export const less = binary('less');
/** `x <= y`. */
export const lessEqual = binary('lessEqual');
/** `x > y`. */
export const greater = binary('greater');
/** `x >= y`. */
export const greaterEqual = binary('greaterEqual');
/** Elementwise AND of boolean arrays. */
export const logicalAnd = binary('logicalAnd');
/** Elementwise OR of boolean arrays. */
export const logicalOr = binary('logicalOr');

/** `x` where `condition` holds, else `y`, with all three broadcast together. */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  const [c] = promoteOperands([condition]);
  const [a, b] = promoteOperands([x, y]);
  broadcastShapes(broadcastShapes(c.shape, a.shape), b.shape);
  return bind('where', [castTo(c, 'bool'), a, b], {}) as NDArray;
}

/** Limits `x` to `[min, max]`; either bound may be omitted (`undefined`). */
export function clip(x: ArrayLike, min?: ArrayLike, max?: ArrayLike): NDArray {
  let out = promoteOperands([x])[0];
  if (min !== undefined) out = maximum(out, min);
  if (max !== undefined) out = minimum(out, max);
  return out;
}

/** `x` converted to `dtype` (numpy's `x.astype(dtype)`). */
export function astype(x: ArrayLike, dtype: NumericDType): NDArray {
  return castTo(promoteOperands([x])[0], dtype);
}
