/**
 * A msgpack decoder over `Uint8Array` (https://github.com/msgpack/msgpack/blob/master/spec.md), reading what
 * Python's `msgpack.unpackb(…, raw=False, strict_map_key=False)` reads, as Flax's `msgpack_restore` calls it.
 *
 * @packageDocumentation
 */
import { MsgpackExt } from './ext';

/** Turns an extension into a value (Python msgpack's `ext_hook`); `path` says where it sits in the tree. */
export type DecodeHook = (ext: MsgpackExt, path: string) => unknown;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A read position in the bytes, with msgpack's big-endian readers; every read checks the bytes are there. */
class Reader {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private take(n: number): number {
    if (this.offset + n > this.bytes.length) {
      throw new Error(
        `msgpack: the bytes end in the middle of a value (offset ${this.offset}, ${n} more bytes needed, ` +
          `${this.bytes.length} in all).`,
      );
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2));
  }
  u32(): number {
    return this.view.getUint32(this.take(4));
  }
  i8(): number {
    return this.view.getInt8(this.take(1));
  }
  i16(): number {
    return this.view.getInt16(this.take(2));
  }
  i32(): number {
    return this.view.getInt32(this.take(4));
  }
  u64(): number | bigint {
    return exactNumber(this.view.getBigUint64(this.take(8)));
  }
  i64(): number | bigint {
    return exactNumber(this.view.getBigInt64(this.take(8)));
  }
  f32(): number {
    return this.view.getFloat32(this.take(4));
  }
  f64(): number {
    return this.view.getFloat64(this.take(8));
  }
  /** The next `n` bytes, as a view on the input (no copy). */
  raw(n: number): Uint8Array {
    const at = this.take(n);
    return this.bytes.subarray(at, at + n);
  }
}

/** A 64-bit integer as a number when JavaScript holds it exactly, else as a bigint. */
function exactNumber(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function readMap(r: Reader, n: number, path: string, hook: DecodeHook): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (let i = 0; i < n; i++) {
    const key = read(r, path, hook);
    if (typeof key === 'object' && key !== null) {
      throw new Error(
        `msgpack: a map at ${path} has a key that is not a string or number; flax-ts cannot hold it.`,
      );
    }
    // Python's msgpack_restore allows non-string keys; JavaScript objects key by strings, as Flax's state dicts do.
    const name = String(key);
    entries.push([name, read(r, `${path}/${name}`, hook)]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" is a plain entry.
  return Object.fromEntries(entries);
}

function readArray(r: Reader, n: number, path: string, hook: DecodeHook): unknown[] {
  const items: unknown[] = [];
  for (let i = 0; i < n; i++) items.push(read(r, `${path}/${i}`, hook));
  return items;
}

function readExt(r: Reader, n: number, path: string, hook: DecodeHook): unknown {
  const type = r.i8();
  return hook(new MsgpackExt(type, r.raw(n)), path);
}

function read(r: Reader, path: string, hook: DecodeHook): unknown {
  const code = r.u8();
  if (code < 0x80) return code;
  if (code < 0x90) return readMap(r, code & 0x0f, path, hook);
  if (code < 0xa0) return readArray(r, code & 0x0f, path, hook);
  if (code < 0xc0) return UTF8.decode(r.raw(code & 0x1f));
  if (code >= 0xe0) return code - 0x100;
  switch (code) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return r.raw(r.u8());
    case 0xc5:
      return r.raw(r.u16());
    case 0xc6:
      return r.raw(r.u32());
    case 0xc7:
      return readExt(r, r.u8(), path, hook);
    case 0xc8:
      return readExt(r, r.u16(), path, hook);
    case 0xc9:
      return readExt(r, r.u32(), path, hook);
    case 0xca:
      return r.f32();
    case 0xcb:
      return r.f64();
    case 0xcc:
      return r.u8();
    case 0xcd:
      return r.u16();
    case 0xce:
      return r.u32();
    case 0xcf:
      return r.u64();
    case 0xd0:
      return r.i8();
    case 0xd1:
      return r.i16();
    case 0xd2:
      return r.i32();
    case 0xd3:
      return r.i64();
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      return readExt(r, 1 << (code - 0xd4), path, hook);
    case 0xd9:
      return UTF8.decode(r.raw(r.u8()));
    case 0xda:
      return UTF8.decode(r.raw(r.u16()));
    case 0xdb:
      return UTF8.decode(r.raw(r.u32()));
    case 0xdc:
      return readArray(r, r.u16(), path, hook);
    case 0xdd:
      return readArray(r, r.u32(), path, hook);
    case 0xde:
      return readMap(r, r.u16(), path, hook);
    case 0xdf:
      return readMap(r, r.u32(), path, hook);
    default:
      throw new Error(
        `msgpack: byte 0x${code.toString(16)} at offset ${r.offset - 1} does not start a value.`,
      );
  }
}

/**
 * Decodes one msgpack value that fills `bytes` exactly (as Python's `unpackb` requires), giving nil as `null`,
 * maps as plain objects, binary data as views on `bytes`, and extensions through `hook`.
 */
export function msgpackDecode(bytes: Uint8Array, hook: DecodeHook = (ext) => ext): unknown {
  const r = new Reader(bytes);
  const value = read(r, '.', hook);
  if (r.offset !== bytes.length) {
    throw new Error(
      `msgpack: ${bytes.length - r.offset} extra bytes after the value (it ends at offset ${r.offset}).`,
    );
  }
  return value;
}
