// The plain-TypeScript SHA-1 against Node's crypto (OpenSSL): every length around the padding's block boundaries,
// multi-block messages, and FIPS 180's own examples.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { sha1 } from '../../src/linen/sha1';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function nodeSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Deterministic bytes (xorshift32), so a failure names an input that can be rebuilt. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

describe('linen/sha1', () => {
  it("gives FIPS 180's example digests", () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    expect(hex(sha1(ascii('abc')))).to.equal('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).to.equal(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(hex(sha1(new Uint8Array()))).to.equal('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it("equals Node's crypto for every length from 0 to 300 bytes (one to six blocks)", () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = pseudoRandomBytes(length, length + 1);
      expect(hex(sha1(bytes)), `length ${length}`).to.equal(nodeSha1(bytes));
    }
  });

  it("equals Node's crypto on long messages and on all-0x00 and all-0xff bytes", () => {
    for (const bytes of [
      pseudoRandomBytes(100_000, 7),
      pseudoRandomBytes(4096, 8),
      new Uint8Array(1000),
      new Uint8Array(1000).fill(0xff),
      new Uint8Array(1_000_000).fill(0x61), // FIPS's one million 'a'
    ]) {
      expect(hex(sha1(bytes)), `${bytes.length} bytes`).to.equal(nodeSha1(bytes));
    }
  });

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const backing = pseudoRandomBytes(200, 9);
    const view = backing.subarray(17, 150);
    expect(hex(sha1(view))).to.equal(nodeSha1(Uint8Array.from(view)));
  });
});
