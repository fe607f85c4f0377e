/**
 * Elementwise operations with numpy broadcasting and JAX-style weak typing of plain numbers.
 *
 * @packageDocumentation
 */
import { castTo, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives/params';
import { op } from '../scope';
import { broadcastShapes } from '../shapes';
import { bind } from '../trace';

/** An op on one operand; `atLeast` promotes the input first (e.g. `exp` of int32 computes in float32). */
function unary(
  name: string,
  primitive: UnaryPrimitive,
  atLeast: NumericDType = 'bool',
): (x: ArrayLike) => NDArray {
  return op(name, (x: ArrayLike) => bind(primitive, promoteOperands([x], atLeast), {}) as NDArray);
}

/** JAX's refusal of bool arrays in arithmetic that has no boolean meaning (`-x`, `sign`, `x − y`). */
function rejectBool(primitive: string, operands: readonly NDArray[]): readonly NDArray[] {
  const position = operands.findIndex((o) => o.dtype === 'bool');
  if (position >= 0) {
    throw new Error(
      `${primitive} does not accept dtype bool at position ${position}. Accepted dtypes at position ${position} ` +
        'are subtypes of integer, floating.',
    );
  }
  return operands;
}

/** A numeric op on one operand: bool arrays are refused as in JAX (a bool is not promoted to int). */
function numericUnary(name: string, primitive: UnaryPrimitive): (x: ArrayLike) => NDArray {
  return op(
    name,
    (x: ArrayLike) => bind(primitive, rejectBool(primitive, promoteOperands([x])), {}) as NDArray,
  );
}

/** Two operands promoted to one dtype and broadcast together (the error names the shapes the caller wrote). */
function applyBinary(
  primitive: BinaryPrimitive,
  x: ArrayLike,
  y: ArrayLike,
  atLeast: NumericDType,
  numericOnly = false,
): NDArray {
  const promoted = promoteOperands([x, y], atLeast);
  const operands = numericOnly ? rejectBool(primitive, promoted) : promoted;
  broadcastShapes(operands[0].shape, operands[1].shape);
  return bind(primitive, operands, {}) as NDArray;
}

function binary(
  name: string,
  primitive: BinaryPrimitive,
  atLeast: NumericDType = 'bool',
  numericOnly = false,
): (x: ArrayLike, y: ArrayLike) => NDArray {
  return op(name, (x: ArrayLike, y: ArrayLike) => applyBinary(primitive, x, y, atLeast, numericOnly));
}

/** `-x`. */
export const negative = numericUnary('negative', 'neg');
/** `|x|`. */
export const abs = unary('abs', 'abs', 'int32');
/** The sign of `x` (−1, 0 or 1). */
export const sign = numericUnary('sign', 'sign');
/** `e^x`. */
export const exp = unary('exp', 'exp', 'float32');
/** Natural logarithm. */
export const log = unary('log', 'log', 'float32');
/** `log(1 + x)`, accurate near 0. */
export const log1p = unary('log1p', 'log1p', 'float32');
/** `e^x − 1`, accurate near 0. */
export const expm1 = unary('expm1', 'expm1', 'float32');
/** Square root. */
export const sqrt = unary('sqrt', 'sqrt', 'float32');
/** `1 / sqrt(x)` (`jax.lax.rsqrt`). */
export const rsqrt = unary('rsqrt', 'rsqrt', 'float32');
/** `x²`. */
export const square = unary('square', 'square', 'int32');
/** `1 / x`. */
export const reciprocal = op('reciprocal', (x: ArrayLike) => applyBinary('div', 1, x, 'float32'));
/** Hyperbolic tangent. */
export const tanh = unary('tanh', 'tanh', 'float32');
/** The error function. */
export const erf = unary('erf', 'erf', 'float32');
/** Sine. */
export const sin = unary('sin', 'sin', 'float32');
/** Cosine. */
export const cos = unary('cos', 'cos', 'float32');
/** Round down. */
export const floor = unary('floor', 'floor', 'float32');
/** Round up. */
export const ceil = unary('ceil', 'ceil', 'float32');
/** Round half to even, as numpy does. */
export const round = unary('round', 'round', 'float32');
/** Elementwise NOT; numbers count as true where nonzero (numpy's `logical_not`). */
export const logicalNot = op(
  'logicalNot',
  (x: ArrayLike) => bind('not', [castTo(promoteOperands([x])[0], 'bool')], {}) as NDArray,
);
/** True where `x` is NaN. */
export const isnan = op('isnan', (x: ArrayLike) => {
  const [value] = promoteOperands([x], 'float32');
  return bind('ne', [value, value], {}) as NDArray;
});
/**
 * The identity whose gradient is zero (`jax.lax.stop_gradient`): values flow forward, cotangents do not flow back.
 */
export const stopGradient = unary('stopGradient', 'stopGradient');

/** `x + y`. */
export const add = binary('add', 'add');
/** `x − y`. */
export const subtract = binary('subtract', 'sub', 'bool', true);
/** `x · y`. */
export const multiply = binary('multiply', 'mul');
/** `x / y`; integers are divided as floats, as numpy's true division does. */
export const divide = binary('divide', 'div', 'float32');
/** `x ** y`. */
export const power = binary('power', 'pow', 'int32');
/** The larger of `x` and `y`. */
export const maximum = binary('maximum', 'max');
/** The smaller of `x` and `y`. */
export const minimum = binary('minimum', 'min');
/** `x == y`. */
export const equal = binary('equal', 'eq');
/** `x != y`. */
export const notEqual = binary('notEqual', 'ne');
/** `x < y`. */
export const less = binary('less', 'lt');
/** `x <= y`. */
export const lessEqual = binary('lessEqual', 'le');
/** `x > y`. */
export const greater = binary('greater', 'gt');
/** `x >= y`. */
export const greaterEqual = binary('greaterEqual', 'ge');
/** A logical op on truth values: numbers count as true where nonzero, as in numpy (a bool array out). */
function logical(name: string, primitive: 'and' | 'or'): (x: ArrayLike, y: ArrayLike) => NDArray {
  return op(name, (x: ArrayLike, y: ArrayLike) => {
    const operands = promoteOperands([x, y]).map((v) => castTo(v, 'bool'));
    broadcastShapes(operands[0].shape, operands[1].shape);
    return bind(primitive, operands, {}) as NDArray;
  });
}

/** Elementwise AND (numpy's `logical_and`). */
export const logicalAnd = logical('logicalAnd', 'and');
/** Elementwise OR (numpy's `logical_or`). */
export const logicalOr = logical('logicalOr', 'or');

/** `x` where `condition` holds, else `y`, with all three broadcast together. */
export const where = op('where', (condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray => {
  const [c] = promoteOperands([condition]);
  const [a, b] = promoteOperands([x, y]);
  broadcastShapes(broadcastShapes(c.shape, a.shape), b.shape);
  return bind('select', [castTo(c, 'bool'), a, b], {}) as NDArray;
});

/** Limits `x` to `[min, max]`; either bound may be omitted (`undefined`). */
export const clip = op('clip', (x: ArrayLike, min?: ArrayLike, max?: ArrayLike): NDArray => {
  let out = promoteOperands([x])[0];
  if (min !== undefined) out = applyBinary('max', out, min, 'int32');
  if (max !== undefined) out = applyBinary('min', out, max, 'int32');
  return out;
});

/** `x` converted to `dtype` (numpy's `x.astype(dtype)`). */
export const astype = op('astype', (x: ArrayLike, dtype: NumericDType): NDArray =>
  castTo(promoteOperands([x])[0], dtype),
);
