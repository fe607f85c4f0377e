/**
 * Shorthands over `bind` for writing rules: batching and VJP rules compute with primitives, so what they build is
 * itself batchable, stageable and differentiable. Operands must already share a dtype (rules are internal).
 *
 * @packageDocumentation
 */
import { sameShape, type DType } from '../avals';
import { bind } from '../trace';
import { avalOf, type Value } from '../values';

/** A scalar constant (a literal in staged programs). */
export const scalar = (value: number | boolean, dtype: DType = 'float32'): Value =>
  bind('full', [], { shape: [], dtype, value });

export const add = (a: Value, b: Value): Value => bind('add', [a, b], {});
export const sub = (a: Value, b: Value): Value => bind('sub', [a, b], {});
export const mul = (a: Value, b: Value): Value => bind('mul', [a, b], {});
export const div = (a: Value, b: Value): Value => bind('div', [a, b], {});
export const neg = (a: Value): Value => bind('neg', [a], {});
export const select = (pred: Value, onTrue: Value, onFalse: Value): Value =>
  bind('select', [pred, onTrue, onFalse], {});
export const convert = (a: Value, dtype: DType): Value =>
  avalOf(a).dtype === dtype ? a : bind('convertElementType', [a], { dtype });

/** `a` reshaped (a no-op when the shape is already `shape`). */
export function reshape(a: Value, shape: readonly number[]): Value {
  return sameShape(avalOf(a).shape, shape) ? a : bind('reshape', [a], { shape });
}

/** `a` broadcast to `shape` (a no-op when already of that shape). */
export function broadcastTo(a: Value, shape: readonly number[]): Value {
  return sameShape(avalOf(a).shape, shape) ? a : bind('broadcastTo', [a], { shape });
}

/** Sum over `axes` (none: `a` itself). */
export function sumAxes(a: Value, axes: readonly number[], keepdims = false): Value {
  return axes.length === 0 ? a : bind('reduceSum', [a], { axes, keepdims });
}

/**
 * Sums a cotangent that was broadcast from `shape` back down to `shape` (numpy broadcasting aligns trailing
 * dimensions: leading extra axes and size-1 axes were broadcast), as JAX's `_unbroadcast` does.
 */
export function unbroadcast(ct: Value, shape: readonly number[]): Value {
  const ctShape = avalOf(ct).shape;
  if (sameShape(ctShape, shape)) return ct;
  const lead = ctShape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < ctShape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && ctShape[i] !== 1)) axes.push(i);
  }
  return reshape(sumAxes(ct, axes), shape);
}

/** Zeros with the shape and dtype of `like`. */
export function zerosLike(like: Value): Value {
  const { shape, dtype } = avalOf(like);
  return bind('full', [], { shape, dtype, value: dtype === 'bool' ? false : 0 });
}
