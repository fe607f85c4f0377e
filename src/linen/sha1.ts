/**
 * SHA-1 (FIPS 180-4) over bytes, in plain TypeScript: Flax derives every module's rng from the SHA-1 of its scope
 * path (see `rng.ts`), and flax-ts must do the same in a browser, where Node's `crypto` does not exist. Only four
 * bytes of each digest are used, on inputs of a few dozen bytes, so a short, readable implementation is enough.
 *
 * @packageDocumentation
 */

/** The initial hash value H(0) of FIPS 180-4, section 5.3.1. */
const INITIAL_HASH = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** One round constant per group of 20 rounds (section 4.2.1). */
const ROUND_CONSTANTS = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6];

function rotateLeft(word: number, bits: number): number {
  return ((word << bits) | (word >>> (32 - bits))) >>> 0;
}

/** The round function f_t of section 4.1.1: choose, parity, majority, parity. */
function roundFunction(round: number, b: number, c: number, d: number): number {
  if (round < 20) return (b & c) | (~b & d);
  if (round >= 40 && round < 60) return (b & c) | (b & d) | (c & d);
  return b ^ c ^ d;
}

/**
 * The message padded to whole 64-byte blocks (section 5.1.1): a 1 bit, zeros, then the message length in bits as
 * a 64-bit big-endian integer.
 */
function pad(message: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = message.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  return padded;
}

/**
 * The 20-byte SHA-1 digest of `message`.
 *
 * @example
 * sha1(new TextEncoder().encode('abc')); // a9 99 3e 36 …
 */
export function sha1(message: Uint8Array): Uint8Array {
  const padded = pad(message);
  const blocks = new DataView(padded.buffer);
  const hash = Uint32Array.from(INITIAL_HASH);
  const schedule = new Uint32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) schedule[t] = blocks.getUint32(offset + 4 * t);
    for (let t = 16; t < 80; t++) {
      schedule[t] = rotateLeft(schedule[t - 3] ^ schedule[t - 8] ^ schedule[t - 14] ^ schedule[t - 16], 1);
    }
    let [a, b, c, d, e] = hash;
    for (let t = 0; t < 80; t++) {
      const temp =
        rotateLeft(a, 5) + roundFunction(t, b, c, d) + e + ROUND_CONSTANTS[Math.floor(t / 20)] + schedule[t];
      [e, d, c, b, a] = [d, c, rotateLeft(b, 30), a, temp >>> 0];
    }
    // Uint32Array stores each sum modulo 2^32, as the standard's addition is.
    hash[0] += a;
    hash[1] += b;
    hash[2] += c;
    hash[3] += d;
    hash[4] += e;
  }
  const digest = new Uint8Array(20);
  const digestView = new DataView(digest.buffer);
  hash.forEach((word, i) => {
    digestView.setUint32(4 * i, word);
  });
  return digest;
}
