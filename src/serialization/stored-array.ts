/**
 * Arrays as Flax's checkpoints store them, and their conversion from and to tensors.
 *
 * Flax writes an array as a msgpack extension (type 1, or 3 for a numpy scalar) whose payload is itself msgpack:
 * `[shape, dtype name, bytes]`, the bytes in C order and in the writer's byte order (little-endian on every
 * platform JAX runs on; the dtype name does not record it). flax-ts holds float32, int32 and bool tensors, so
 * reading converts the other numpy dtypes the way JAX does without `jax_enable_x64`: float64 is rounded to the
 * nearest float32; float16 and bfloat16 become float32 exactly; int8, uint8, int16 and uint16 become int32
 * exactly; int64, uint32 and uint64 become int32 when every value fits, and are refused (naming the path and the
 * value) otherwise. Complex and other dtypes are refused, naming the path.
 *
 * @packageDocumentation
 */
import { Tensor, tensor } from '@tensorflow/tfjs-core';
import { msgpackDecode } from './msgpack/decode';
import { msgpackEncode } from './msgpack/encode';

/** How one numpy dtype is read: its size, the tfjs dtype it becomes, and a reader of one little-endian element. */
interface NumpyDType {
  readonly itemsize: number;
  readonly becomes: 'float32' | 'int32' | 'bool';
  readonly read: (view: DataView, offset: number) => number | bigint;
}

/** A bfloat16 is the top half of a float32. */
function readBfloat16(view: DataView, offset: number): number {
  const bits = new DataView(new ArrayBuffer(4));
  bits.setUint16(0, view.getUint16(offset, true));
  return bits.getFloat32(0);
}

/** An IEEE half: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
function readFloat16(view: DataView, offset: number): number {
  const h = view.getUint16(offset, true);
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const NUMPY_DTYPES: Readonly<Record<string, NumpyDType>> = {
  bool: { itemsize: 1, becomes: 'bool', read: (v, o) => v.getUint8(o) },
  int8: { itemsize: 1, becomes: 'int32', read: (v, o) => v.getInt8(o) },
  uint8: { itemsize: 1, becomes: 'int32', read: (v, o) => v.getUint8(o) },
  int16: { itemsize: 2, becomes: 'int32', read: (v, o) => v.getInt16(o, true) },
  uint16: { itemsize: 2, becomes: 'int32', read: (v, o) => v.getUint16(o, true) },
  int32: { itemsize: 4, becomes: 'int32', read: (v, o) => v.getInt32(o, true) },
  uint32: { itemsize: 4, becomes: 'int32', read: (v, o) => v.getUint32(o, true) },
  int64: { itemsize: 8, becomes: 'int32', read: (v, o) => v.getBigInt64(o, true) },
  uint64: { itemsize: 8, becomes: 'int32', read: (v, o) => v.getBigUint64(o, true) },
  float16: { itemsize: 2, becomes: 'float32', read: readFloat16 },
  bfloat16: { itemsize: 2, becomes: 'float32', read: readBfloat16 },
  float32: { itemsize: 4, becomes: 'float32', read: (v, o) => v.getFloat32(o, true) },
  float64: { itemsize: 8, becomes: 'float32', read: (v, o) => v.getFloat64(o, true) },
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The dtypes flax-ts writes, with their numpy names (the same) and sizes. */
const WRITABLE = { float32: 4, int32: 4, bool: 1 } as const;

/** A concrete tfjs tensor (`instanceof` alone types it `Tensor<any>`). */
export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** An array as a Flax checkpoint holds it: numpy's dtype name, the shape and the C-order little-endian bytes. */
export class StoredArray {
  constructor(
    /** numpy's dtype name, e.g. `float32`. */
    readonly dtype: string,
    readonly shape: readonly number[],
    readonly bytes: Uint8Array,
    /** Written as a numpy scalar (extension type 3), which reads back as a number, not an array. */
    readonly scalar = false,
  ) {}

  /** Number of elements. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Bytes per element, for the dtypes flax-ts can read. */
  get itemsize(): number | undefined {
    return (NUMPY_DTYPES[this.dtype] as NumpyDType | undefined)?.itemsize;
  }

  /** A tensor's dtype, shape and values (read from the device, synchronously). */
  static fromTensor(t: Tensor, path: string): StoredArray {
    if (!(t.dtype in WRITABLE)) {
      throw new TypeError(
        `Cannot serialize the ${t.dtype} tensor at ${path}: flax-ts writes float32, int32 and bool.`,
      );
    }
    const values = t.dataSync();
    const size = WRITABLE[t.dtype as keyof typeof WRITABLE];
    const bytes = new Uint8Array(values.length * size);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) {
      if (t.dtype === 'float32') view.setFloat32(i * 4, values[i], true);
      else if (t.dtype === 'int32') view.setInt32(i * 4, values[i], true);
      else view.setUint8(i, values[i] === 0 ? 0 : 1);
    }
    return new StoredArray(t.dtype, [...t.shape], bytes);
  }

  /** Flax's extension payload: msgpack of `[shape, dtype name, bytes]`. */
  toPayload(): Uint8Array {
    return msgpackEncode([this.shape, this.dtype, this.bytes], () => {
      throw new Error('unreachable: the payload holds only numbers, a string and bytes');
    });
  }

  /** Reads an extension payload written by Flax (or by {@link StoredArray.toPayload}). */
  static fromPayload(data: Uint8Array, scalar: boolean, path: string): StoredArray {
    const payload = msgpackDecode(data);
    const bad = (what: string): Error => new Error(`The array at ${path} is not in Flax's format: ${what}.`);
    if (!Array.isArray(payload) || payload.length !== 3) throw bad('expected [shape, dtype, bytes]');
    const [shape, name, bytes] = payload as unknown[];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw bad('its shape is not a list of sizes');
    }
    // Flax reads the dtype name as bytes (raw=True) and writes it as a string; either is accepted.
    const dtype = name instanceof Uint8Array ? new TextDecoder().decode(name) : name;
    if (typeof dtype !== 'string') throw bad('its dtype name is not a string');
    if (!(bytes instanceof Uint8Array)) throw bad('its data is not binary');
    const array = new StoredArray(dtype, shape as number[], bytes, scalar);
    const itemsize = array.itemsize;
    if (itemsize !== undefined && bytes.length !== array.size * itemsize) {
      throw bad(
        `shape ${formatShape(array.shape)} of ${dtype} needs ${array.size * itemsize} bytes, got ${bytes.length}`,
      );
    }
    return array;
  }

  /** The values as numbers (or bigints for 64-bit integers), refusing dtypes flax-ts cannot read. */
  private elements(path: string): { values: (number | bigint)[]; becomes: NumpyDType['becomes'] } {
    const type = NUMPY_DTYPES[this.dtype] as NumpyDType | undefined;
    if (type === undefined) {
      throw new TypeError(
        `Cannot load the ${this.dtype} array at ${path}: flax-ts holds float32, int32 and bool arrays, and ` +
          `converts only ${Object.keys(NUMPY_DTYPES).join(', ')} to them.`,
      );
    }
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const values: (number | bigint)[] = new Array<number | bigint>(this.size);
    for (let i = 0; i < values.length; i++) values[i] = type.read(view, i * type.itemsize);
    return { values, becomes: type.becomes };
  }

  /** The array as a tensor of float32, int32 or bool, converted as the module comment says. */
  toTensor(path: string): Tensor {
    const { values, becomes } = this.elements(path);
    if (becomes === 'float32')
      return tensor(Float32Array.from(values as number[]), [...this.shape], 'float32');
    if (becomes === 'bool')
      return tensor(
        Uint8Array.from(values as number[], (v) => (v === 0 ? 0 : 1)),
        [...this.shape],
        'bool',
      );
    const ints = new Int32Array(values.length);
    values.forEach((v, i) => {
      if (v < INT32_MIN || v > INT32_MAX) {
        throw new RangeError(
          `Cannot load the ${this.dtype} array at ${path}: its value ${v} does not fit in int32, the widest ` +
            'integer flax-ts holds (as JAX without jax_enable_x64).',
        );
      }
      ints[i] = Number(v);
    });
    return tensor(ints, [...this.shape], 'int32');
  }

  /** A numpy scalar's value: a boolean, or a number (a bigint for a 64-bit integer beyond 2⁵³). */
  toScalar(path: string): number | bigint | boolean {
    const { values, becomes } = this.elements(path);
    if (values.length !== 1) throw new Error(`The numpy scalar at ${path} holds ${values.length} values.`);
    const [value] = values;
    if (becomes === 'bool') return value !== 0;
    return typeof value === 'bigint' && value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER
      ? Number(value)
      : value;
  }
}
