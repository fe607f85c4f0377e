/**
 * What primitives take and return: concrete tensors, PRNG key arrays (host values), and tracers.
 *
 * @packageDocumentation
 */
import { Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { Key } from '../random';
import type { AbstractValue, DType } from './avals';
import { Tracer } from './trace';

/** A value with numbers: a tfjs tensor or a PRNG key array. */
export type Concrete = Tensor | Key;

/** What a primitive's concrete impl consumes and produces: tensor buffers (not yet wrapped) or key arrays. */
export type ConcreteInfo = TensorInfo | Key;

/** Anything a primitive accepts. */
export type Value = Concrete | Tracer;

/** Shape and element type of any value. */
export function avalOf(value: Value | TensorInfo): AbstractValue {
  if (value instanceof Tracer) return value.aval;
  if (value instanceof Key) return { shape: value.shape, dtype: 'key' };
  return { shape: value.shape, dtype: numericDTypeOf(value.dtype) };
}

function numericDTypeOf(dtype: string): DType {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
  throw new TypeError(`flax-ts arrays are float32, int32 or bool; got a tensor of dtype ${dtype}.`);
}

/** The dtype of any value (`'key'` for key arrays). */
export function dtypeOf(value: Value): DType {
  if (value instanceof Tracer) return value.aval.dtype;
  if (value instanceof Key) return 'key';
  return value.dtype as DType;
}
