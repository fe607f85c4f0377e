/**
 * TensorFlow's `TensorShapeProto` and `TensorProto` (tensorflow/core/framework/tensor_shape.proto, tensor.proto):
 * shapes of placeholders and signatures, and the values of `Const` nodes.
 *
 * @packageDocumentation
 */
import { ProtoWriter } from './protobuf';

/** The element types a TensorFlow graph of ours carries (PRNG keys never enter one). */
export type TensorDType = 'float32' | 'int32' | 'bool';

/** TensorFlow's `DataType` enum values (types.proto) for our element types. */
export const TF_DATA_TYPE: Readonly<Record<TensorDType, number>> = { float32: 1, int32: 3, bool: 10 };

/** A constant's value: row-major elements of the given shape. */
export interface TensorValue {
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
  readonly values: ArrayLike<number> | readonly boolean[];
}

// TensorShapeProto: repeated Dim dim = 2; Dim: int64 size = 1.
const SHAPE_DIM = 2;
const DIM_SIZE = 1;

// TensorProto fields.
const TENSOR_DTYPE = 1;
const TENSOR_SHAPE = 2;
const TENSOR_CONTENT = 4;
const FLOAT_VAL = 5;
const INT_VAL = 7;
const BOOL_VAL = 11;

/** Encodes a `TensorShapeProto` (a scalar has no dims, and is still a known rank: the message is just empty). */
export function encodeTensorShape(shape: readonly number[]): Uint8Array {
  const writer = new ProtoWriter();
  for (const size of shape) writer.bytes(SHAPE_DIM, new ProtoWriter().varint(DIM_SIZE, size).finish());
  return writer.finish();
}

/**
 * Encodes a `TensorProto`. A single element goes into the typed value field (readable in a text dump); anything
 * larger goes into `tensor_content`, the raw little-endian bytes, which is compact and fast to parse.
 */
export function encodeTensorProto(tensor: TensorValue): Uint8Array {
  const count = tensor.shape.reduce((size, dim) => size * dim, 1);
  if (tensor.values.length !== count) {
    throw new Error(
      `A constant of shape [${tensor.shape.join(', ')}] needs ${count} values, got ${tensor.values.length}.`,
    );
  }
  const writer = new ProtoWriter()
    .varint(TENSOR_DTYPE, TF_DATA_TYPE[tensor.dtype])
    .bytes(TENSOR_SHAPE, encodeTensorShape(tensor.shape));
  if (count === 1) {
    const value = Number(tensor.values[0]);
    if (tensor.dtype === 'float32') writer.packedFloats(FLOAT_VAL, [value]);
    // `| 0` converts like an Int32Array (truncation toward zero), as tensor_content's setInt32 does below.
    else if (tensor.dtype === 'int32') writer.packedVarints(INT_VAL, [value | 0]);
    else writer.packedVarints(BOOL_VAL, [value]);
  } else if (count > 1) {
    writer.bytes(TENSOR_CONTENT, littleEndianBytes(tensor));
  }
  return writer.finish();
}

function littleEndianBytes(tensor: TensorValue): Uint8Array {
  const { values } = tensor;
  if (tensor.dtype === 'bool') return Uint8Array.from({ length: values.length }, (_, i) => Number(values[i]));
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (tensor.dtype === 'float32') view.setFloat32(i * 4, Number(values[i]), true);
    else view.setInt32(i * 4, Number(values[i]), true);
  }
  return bytes;
}
