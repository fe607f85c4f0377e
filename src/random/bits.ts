/**
 * Random bits: `jax.random.bits` with 32-bit output.
 *
 * @packageDocumentation
 */
import { singleKeyWords, type Key } from './key';
import { shapeSize } from './shape';
import { hashCounters } from './threefry';

/** Uniform random uint32 values, kept as a `Uint32Array` (tfjs has no uint32 dtype). */
export interface Uint32Bits {
  readonly shape: readonly number[];
  /** The values in row-major order. */
  readonly data: Uint32Array;
}

/**
 * `size` random words from one key: element i is the xor of the two words of threefry(key, (hi(i), lo(i))), jax's
 * partitionable scheme (the default since jax 0.5). No argument checks: callers check.
 */
export function randomWords(key0: number, key1: number, size: number): Uint32Array {
  const [first, second] = hashCounters(key0, key1, size);
  for (let i = 0; i < size; i++) first[i] ^= second[i];
  return first;
}

/**
 * Samples uniform random uint32 values of the given shape.
 *
 * @example
 * bits(key(0)).data; // Uint32Array [4070199207]
 */
export function bits(key: Key, shape: readonly number[] = []): Uint32Bits {
  const [k0, k1] = singleKeyWords('bits', key);
  return { shape: [...shape], data: randomWords(k0, k1, shapeSize('bits', shape)) };
}
