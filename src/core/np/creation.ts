/**
 * Array creation: `array`, `zeros`, `ones`, `full`, `arange`, `linspace`, `eye` and the `*Like` variants.
 * `full` and friends are a primitive (inside `jit` they become part of the program, not a baked-in buffer); inside
 * `vmap` created arrays are simply not batched.
 *
 * @packageDocumentation
 */
import { eye as tfEye, linspace as tfLinspace, range } from '@tensorflow/tfjs-core';
import { asArray, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { formatShape } from '../shapes';
import { checkElementCount } from '../../random/size-limit';
import { bind } from '../trace';

/** Options shared by the creation functions. */
export interface DTypeOptions {
  /** Element type; float32 by default. */
  readonly dtype?: NumericDType;
}

function checkShape(shape: readonly number[], fn: string): number[] {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${fn}: shape must hold non-negative integers, got ${formatShape(shape)}.`);
  }
  return [...shape];
}

function shapeOf(shape: number | readonly number[]): readonly number[] {
  return typeof shape === 'number' ? [shape] : shape;
}

/** An array from numbers, nested lists, typed arrays or another array (numpy's `array`/`asarray`). */
export function array(data: ArrayLike, options: DTypeOptions = {}): NDArray {
  return asArray(data, options.dtype);
}

/** Same as {@link array}: numpy's `asarray`. */
export const asarray = array;

/** An array of `shape` filled with `value`. */
export function full(
  shape: number | readonly number[],
  value: number | boolean,
  options: DTypeOptions = {},
): NDArray {
  const dtype = options.dtype ?? 'float32';
  return bind('full', [], { shape: checkShape(shapeOf(shape), 'full'), dtype, value }) as NDArray;
}

/** An array of zeros. */
export function zeros(shape: number | readonly number[], options: DTypeOptions = {}): NDArray {
  return full(shape, 0, options);
}

/** An array of ones. */
export function ones(shape: number | readonly number[], options: DTypeOptions = {}): NDArray {
  return full(shape, 1, options);
}

/** An array of `value` with the shape (and, unless given, the dtype) of `like`. */
export function fullLike(like: NDArray, value: number | boolean, options: DTypeOptions = {}): NDArray {
  return full(like.shape, value, { dtype: options.dtype ?? (like.dtype as NumericDType) });
}

/** Zeros shaped like `like`. */
export function zerosLike(like: NDArray, options: DTypeOptions = {}): NDArray {
  return fullLike(like, 0, options);
}

/** Ones shaped like `like`. */
export function onesLike(like: NDArray, options: DTypeOptions = {}): NDArray {
  return fullLike(like, 1, options);
}

/**
 * Evenly spaced values in `[start, stop)`: `arange(stop)`, `arange(start, stop)` or `arange(start, stop, step)`.
 * Integer arguments give int32, as in numpy.
 */
export function arange(
  start: number,
  stop?: number,
  step = 1,
  options: { readonly dtype?: 'float32' | 'int32' } = {},
): NDArray {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new Error('arange: step must not be zero.');
  checkElementCount('arange', Math.ceil((to - from) / step));
  const integral = [from, to, step].every(Number.isInteger);
  return range(from, to, step, options.dtype ?? (integral ? 'int32' : 'float32'));
}

/** `num` evenly spaced values from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, num = 50): NDArray {
  checkElementCount('linspace', num);
  return tfLinspace(start, stop, num);
}

/** The `n × n` identity matrix (or `n × m`). */
export function eye(n: number, m?: number, options: DTypeOptions = {}): NDArray {
  return tfEye(n, m, undefined, options.dtype ?? 'float32');
}
