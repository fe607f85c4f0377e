/**
 * A minimal protocol-buffers encoder: just the wire format TensorFlow's SavedModel messages need (varints,
 * length-delimited fields, 32-bit floats, packed repeated fields; no message we write has a 64-bit fixed field). We only ever write, never read, and
 * the handful of messages are built by hand in the neighbouring files, so a code generator and a runtime
 * library would bring more than they save.
 *
 * Wire format: each field is a key `(fieldNumber << 3) | wireType` followed by its value; see the encoding
 * guide of protocol buffers ("Encoding", protobuf.dev).
 *
 * @packageDocumentation
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const TWO_POW_32 = 2 ** 32;
const UTF8 = new TextEncoder();

/**
 * Appends protobuf fields to a growing byte buffer. Every method writes its field unconditionally (also a zero or
 * an empty message): proto3 parsers accept explicit defaults, and a `oneof` member or a sub-message must be
 * present to count as set. Callers leave out fields they mean to leave unset.
 *
 * @example
 * const dim = new ProtoWriter().varint(1, 128).finish();
 * const shape = new ProtoWriter().bytes(2, dim).finish(); // TensorShapeProto { dim { size: 128 } }
 */
export class ProtoWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** An unsigned or signed integer field (`int32`, `int64`, `uint32`, `uint64`, `enum`). */
  varint(field: number, value: number): this {
    this.key(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  /** A `bool` field. */
  bool(field: number, value: boolean): this {
    return this.varint(field, value ? 1 : 0);
  }

  /** A `string` field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, UTF8.encode(value));
  }

  /** A `bytes` field, or a sub-message encoded by its own writer. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.append(value);
    return this;
  }

  /**
   * One entry of a `map<string, Message>` field: on the wire a map is a repeated sub-message with the key in field
   * 1 and the (encoded) value in field 2.
   */
  mapEntry(field: number, key: string, value: Uint8Array): this {
    return this.bytes(field, new ProtoWriter().string(1, key).bytes(2, value).finish());
  }

  /** A `float` field (IEEE 754 single precision, little-endian). */
  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    this.rawFloat(value);
    return this;
  }

  /** A packed repeated integer field (`repeated int32/int64/bool/enum`); nothing is written for no values. */
  packedVarints(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const value of values) inner.rawVarint(value);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated `float` field; nothing is written for no values. */
  packedFloats(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const value of values) inner.rawFloat(value);
    return this.bytes(field, inner.finish());
  }

  /** The bytes written so far (a copy trimmed to their length). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private key(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 2 ** 29 - 1) {
      throw new Error(`A protobuf field number must be an integer in [1, 2^29 - 1], got ${field}.`);
    }
    this.rawVarint(field * 8 + wireType);
  }

  /**
   * Base-128 varint, least significant group first. Negative numbers are written as their 64-bit two's
   * complement (ten bytes), which is how protobuf encodes negative `int32` and `int64` values.
   */
  private rawVarint(value: number): void {
    checkInteger(value);
    let [low, high] = splitTwosComplement(value);
    this.reserve(10);
    while (high !== 0 || low > 0x7f) {
      this.buffer[this.length++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    this.buffer[this.length++] = low;
  }

  private rawFloat(value: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  private append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

function checkInteger(value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`A protobuf integer must be a safe integer (|n| < 2^53), got ${value}.`);
  }
}

/** The low and high 32-bit words of an integer's 64-bit two's complement, each as an unsigned number. */
function splitTwosComplement(value: number): [number, number] {
  const magnitude = Math.abs(value);
  let low = magnitude % TWO_POW_32;
  let high = Math.floor(magnitude / TWO_POW_32);
  if (value < 0) {
    // Two's complement of the 64-bit magnitude: invert both words, then add one with carry.
    low = ~low >>> 0;
    high = ~high >>> 0;
    low = (low + 1) % TWO_POW_32;
    if (low === 0) high = (high + 1) >>> 0;
  }
  return [low >>> 0, high >>> 0];
}
