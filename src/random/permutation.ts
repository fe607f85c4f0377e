/**
 * Random permutations: `jax.random.permutation`.
 *
 * @packageDocumentation
 */
import { randomWords } from './bits';
import { split, type Key } from './key';

/**
 * The indices that sort `keys` stably (equal keys keep their order), as `lax.sort_key_val` does: a least-significant
 * digit radix sort in two passes of 16 bits, linear in `keys.length`.
 */
export function stableArgsort(keys: Uint32Array): Uint32Array {
  let order = Uint32Array.from({ length: keys.length }, (_, i) => i);
  let next = new Uint32Array(keys.length);
  const starts = new Uint32Array(0x10001);
  for (const shift of [0, 16]) {
    starts.fill(0);
    for (const i of order) starts[((keys[i] >>> shift) & 0xffff) + 1] += 1;
    for (let digit = 0; digit < 0x10000; digit++) starts[digit + 1] += starts[digit];
    for (const i of order) next[starts[(keys[i] >>> shift) & 0xffff]++] = i;
    [order, next] = [next, order];
  }
  return order;
}

/**
 * The permutation of 0 … n−1 that jax's shuffle produces: some rounds of a stable sort by fresh random uint32 sort
 * keys, each round with a new subkey from `split`. The number of rounds, ⌈3·ln n / ln(2³² − 1)⌉, makes collisions
 * among sort keys unlikely enough (one round up to n = 1625, two beyond).
 */
export function shuffledIndices(key: Key, n: number): Int32Array {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, n))) / Math.log(0xffffffff));
  let order = Int32Array.from({ length: n }, (_, i) => i);
  let current = key;
  for (let round = 0; round < rounds; round++) {
    const [next, subkey] = split(current);
    const [k0, k1] = subkey.data;
    // Position j holds element order[j] and is sorted by the j-th sort key.
    const positions = stableArgsort(randomWords(k0, k1, n));
    order = order.map((_, j) => order[positions[j]]);
    current = next;
  }
  return order;
}
