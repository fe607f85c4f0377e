/**
 * Flax's rng derivation (`LazyRng` and `_fold_in_static` in `flax/core/scope.py`): a stream's root key plus a
 * suffix of static data (the scope path's names, then a per-scope counter). The key handed out is the root key
 * with the first 4 bytes of the SHA-1 of the suffix folded in, so every module path and call count gets its own
 * key without splitting, and `init` reproduces Flax's parameters exactly.
 *
 * @packageDocumentation
 */
import { foldIn, type Key } from '../core/random';
import { sha1 } from './sha1';

/** One piece of static data: a scope name or a counter. */
export type RngSuffixPart = string | number;

/** An integer as Python's `x.to_bytes((x.bit_length() + 7) // 8, 'big')`: minimal big-endian bytes, none for 0. */
function minimalBigEndian(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`rng suffix counters must be non-negative integers, got ${value}.`);
  }
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from(bytes);
}

const utf8 = new TextEncoder();

/** The suffix as the bytes Flax hashes: names in UTF-8, counters as minimal big-endian bytes, no separators. */
function suffixBytes(parts: readonly RngSuffixPart[]): Uint8Array {
  const pieces = parts.map((part) => (typeof part === 'string' ? utf8.encode(part) : minimalBigEndian(part)));
  const bytes = new Uint8Array(pieces.reduce((length, piece) => length + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.length;
  }
  return bytes;
}

/** `foldIn(key, u32 big-endian of sha1(parts…)[0:4])`; the key itself when there are no parts. */
export function foldInStatic(key: Key, parts: readonly RngSuffixPart[]): Key {
  if (parts.length === 0) return key;
  const digest = sha1(suffixBytes(parts));
  return foldIn(key, new DataView(digest.buffer).getUint32(0));
}

/** A stream's root key and the static data still to fold into it. Immutable. */
export class LazyRng {
  constructor(
    readonly key: Key,
    readonly suffix: readonly RngSuffixPart[] = [],
  ) {}

  /** The same stream with more static data appended (a child scope's name, or a counter). */
  extend(...parts: RngSuffixPart[]): LazyRng {
    return new LazyRng(this.key, [...this.suffix, ...parts]);
  }

  /** The concrete key: the suffix folded into the root key. */
  asKey(): Key {
    return foldInStatic(this.key, this.suffix);
  }
}
