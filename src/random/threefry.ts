/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the hash
 * behind jax's default PRNG. Plain JavaScript on uint32 words: additions wrap with `>>> 0`, rotations are shifts.
 *
 * @packageDocumentation
 */

/** Threefry's key-schedule parity constant (ks[2] = k0 ^ k1 ^ PARITY). */
const PARITY = 0x1bd11bda;

/**
 * Hashes counter pairs `(hi[i], lo[i])` under the key `(key0, key1)`, writing the two output words back into `hi`
 * and `lo` (so callers allocate once and nothing is allocated per element).
 */
export function threefry2x32(key0: number, key1: number, hi: Uint32Array, lo: Uint32Array): void {
  const schedule = [key0 >>> 0, key1 >>> 0, (key0 ^ key1 ^ PARITY) >>> 0];
  // What is added to (x0, x1) after each group g: the schedule rotated by g + 1, plus g + 1 on the second word.
  const inject = new Uint32Array(10);
  for (let group = 0; group < 5; group++) {
    inject[2 * group] = schedule[(group + 1) % 3];
    inject[2 * group + 1] = schedule[(group + 2) % 3] + group + 1;
  }
  for (let i = 0; i < hi.length; i++) {
    let x0 = (hi[i] + schedule[0]) >>> 0;
    let x1 = (lo[i] + schedule[1]) >>> 0;
    // Five groups of four rounds; the rotation distances alternate between two sets. The distances are literals so the JIT emits constant shifts.
    for (let group = 0; group < 5; group++) {
      if ((group & 1) === 0) {
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
      } else {
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
        x0 = (x0 + x1) >>> 0;
        x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
      }
      x0 = (x0 + inject[2 * group]) >>> 0;
      x1 = (x1 + inject[2 * group + 1]) >>> 0;
    }
    hi[i] = x0;
    lo[i] = x1;
  }
}

/**
 * Hashes the counters 0 … count−1 (each as the 64-bit pair (high word, low word), as jax's partitionable scheme
 * does) and returns the two output words per counter.
 */
export function hashCounters(key0: number, key1: number, count: number): [Uint32Array, Uint32Array] {
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    hi[i] = Math.floor(i / 0x100000000);
    lo[i] = i >>> 0;
  }
  threefry2x32(key0, key1, hi, lo);
  return [hi, lo];
}
