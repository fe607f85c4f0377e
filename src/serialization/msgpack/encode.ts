/**
 * A msgpack encoder over `Uint8Array` (https://github.com/msgpack/msgpack/blob/master/spec.md) that makes the same
 * choices as Python's `msgpack.packb(…, use_bin_type=True)`, so that flax-ts writes the bytes Flax writes: the
 * smallest integer encoding, every non-integer number as float 64, str8 for 32–255-byte strings, bin for binary
 * data, fixext for payloads of 1, 2, 4, 8 or 16 bytes.
 *
 * @packageDocumentation
 */
import { isTreeNode } from '../../core/tree';
import { MsgpackExt, type MsgpackValue } from './ext';

/**
 * Turns a value the encoder does not know (e.g. a tensor) into one it does, or throws naming it; `path` says where
 * the value sits in the tree being encoded (`./params/Dense_0/kernel`). Python msgpack's `default` hook.
 */
export type EncodeHook = (value: unknown, path: string) => MsgpackValue;

const UTF8 = new TextEncoder();

/**
 * A growable byte buffer with big-endian writers (msgpack's byte order). Each writer reserves its bytes before it
 * touches `bytes` or `view`, since reserving may replace both.
 */
class Writer {
  private bytes = new Uint8Array(256);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  private reserve(n: number): number {
    if (this.length + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  u8(value: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, value);
  }
  u16(value: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, value);
  }
  u32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value);
  }
  i8(value: number): void {
    const at = this.reserve(1);
    this.view.setInt8(at, value);
  }
  i16(value: number): void {
    const at = this.reserve(2);
    this.view.setInt16(at, value);
  }
  i32(value: number): void {
    const at = this.reserve(4);
    this.view.setInt32(at, value);
  }
  u64(value: bigint): void {
    const at = this.reserve(8);
    this.view.setBigUint64(at, value);
  }
  i64(value: bigint): void {
    const at = this.reserve(8);
    this.view.setBigInt64(at, value);
  }
  f64(value: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, value);
  }
  raw(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
  }
  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** The type codes of a length-prefixed family (str, bin, array, map, ext), from the shortest form up. */
interface LengthCodes {
  /** The fix form: `base | length` in one byte, for lengths below `limit`. */
  readonly fix?: { readonly base: number; readonly limit: number };
  readonly u8?: number;
  readonly u16: number;
  readonly u32: number;
}

const STR: LengthCodes = { fix: { base: 0xa0, limit: 32 }, u8: 0xd9, u16: 0xda, u32: 0xdb };
const BIN: LengthCodes = { u8: 0xc4, u16: 0xc5, u32: 0xc6 };
const ARRAY: LengthCodes = { fix: { base: 0x90, limit: 16 }, u16: 0xdc, u32: 0xdd };
const MAP: LengthCodes = { fix: { base: 0x80, limit: 16 }, u16: 0xde, u32: 0xdf };
const EXT: LengthCodes = { u8: 0xc7, u16: 0xc8, u32: 0xc9 };
/** Extensions whose payload has one of these sizes have a one-byte header without a length. */
const FIXEXT: ReadonlyMap<number, number> = new Map([
  [1, 0xd4],
  [2, 0xd5],
  [4, 0xd6],
  [8, 0xd7],
  [16, 0xd8],
]);

/** Writes the header of a length-prefixed value in its shortest form. */
function writeLength(w: Writer, n: number, codes: LengthCodes): void {
  if (codes.fix !== undefined && n < codes.fix.limit) {
    w.u8(codes.fix.base | n);
  } else if (codes.u8 !== undefined && n < 0x100) {
    w.u8(codes.u8);
    w.u8(n);
  } else if (n < 0x10000) {
    w.u8(codes.u16);
    w.u16(n);
  } else if (n <= 0xffffffff) {
    w.u8(codes.u32);
    w.u32(n);
  } else {
    throw new RangeError(`msgpack cannot hold ${n} elements or bytes in one value (the limit is 2³² − 1).`);
  }
}

/** Writes an integer in the smallest form, as Python's msgpack does (positive ones always unsigned). */
function writeInteger(w: Writer, n: bigint): void {
  if (n >= 0n) {
    if (n < 0x80n) {
      w.u8(Number(n));
    } else if (n < 0x100n) {
      w.u8(0xcc);
      w.u8(Number(n));
    } else if (n < 0x10000n) {
      w.u8(0xcd);
      w.u16(Number(n));
    } else if (n < 0x100000000n) {
      w.u8(0xce);
      w.u32(Number(n));
    } else if (n < 2n ** 64n) {
      w.u8(0xcf);
      w.u64(n);
    } else {
      throw new RangeError(`msgpack integers stop at 2⁶⁴ − 1, got ${n}.`);
    }
  } else if (n >= -0x20n) {
    w.u8(0xe0 | (Number(n) + 0x20));
  } else if (n >= -0x80n) {
    w.u8(0xd0);
    w.i8(Number(n));
  } else if (n >= -0x8000n) {
    w.u8(0xd1);
    w.i16(Number(n));
  } else if (n >= -0x80000000n) {
    w.u8(0xd2);
    w.i32(Number(n));
  } else if (n >= -(2n ** 63n)) {
    w.u8(0xd3);
    w.i64(n);
  } else {
    throw new RangeError(`msgpack integers stop at −2⁶³, got ${n}.`);
  }
}

function writeExt(w: Writer, ext: MsgpackExt): void {
  const fix = FIXEXT.get(ext.data.length);
  if (fix === undefined) writeLength(w, ext.data.length, EXT);
  else w.u8(fix);
  w.i8(ext.type);
  w.raw(ext.data);
}

function write(w: Writer, value: unknown, path: string, hook: EncodeHook): void {
  if (value === null || value === undefined) {
    w.u8(0xc0);
  } else if (typeof value === 'boolean') {
    w.u8(value ? 0xc3 : 0xc2);
  } else if (typeof value === 'number') {
    // -0 is a float to Python; integers beyond 2^53 may not be exact in JavaScript, so they stay floats too.
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      writeInteger(w, BigInt(value));
    } else {
      w.u8(0xcb);
      w.f64(value);
    }
  } else if (typeof value === 'bigint') {
    writeInteger(w, value);
  } else if (typeof value === 'string') {
    const utf8 = UTF8.encode(value);
    writeLength(w, utf8.length, STR);
    w.raw(utf8);
  } else if (value instanceof Uint8Array) {
    writeLength(w, value.length, BIN);
    w.raw(value);
  } else if (value instanceof MsgpackExt) {
    writeExt(w, value);
  } else if (Array.isArray(value)) {
    writeLength(w, value.length, ARRAY);
    value.forEach((item, i) => {
      write(w, item, `${path}/${i}`, hook);
    });
  } else if (isTreeNode(value)) {
    const entries = Object.entries(value);
    writeLength(w, entries.length, MAP);
    for (const [key, item] of entries) {
      write(w, key, path, hook);
      write(w, item, `${path}/${key}`, hook);
    }
  } else {
    write(w, hook(value, path), path, (unknown) => {
      throw new TypeError(`The encode hook returned a ${typeof unknown} msgpack cannot hold at ${path}.`);
    });
  }
}

/**
 * Encodes `value` as msgpack. Maps keep their keys' order (JavaScript's object order). Values the encoder does not
 * know go through `hook`.
 */
export function msgpackEncode(value: unknown, hook: EncodeHook): Uint8Array {
  const w = new Writer();
  write(w, value, '.', hook);
  return w.result();
}
