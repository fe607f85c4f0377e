/**
 * PRNG keys, as in `jax.random` with its default implementation (threefry2x32) and 32-bit mode: a key is two
 * uint32 words; a key array of shape `[n]` holds `n` keys. Keys are immutable values; splitting and folding in
 * derive new keys by hashing, never by mutating state.
 *
 * @packageDocumentation
 */
import { formatShape, shapeSize } from './shape';
import { hashCounters, threefry2x32 } from './threefry';

const TWO_32 = 0x100000000;

/**
 * One PRNG key (`shape` is `[]`) or an array of keys (e.g. `[3]` after `split(key, 3)`), each two uint32 words.
 *
 * @example
 * const [k1, k2] = split(key(0)); // destructure a split like `k1, k2 = random.split(key)`
 * keyData(k1); // [1797259609, 2579123966]
 */
export class Key implements Iterable<Key> {
  /** The shape of the key array; `[]` for a single key. */
  readonly shape: readonly number[];
  readonly #words: Uint32Array;

  /** Wraps raw key words (copied): `data.length` must be `2 · (number of keys in shape)`. */
  constructor(shape: readonly number[], data: Uint32Array) {
    const count = shapeSize('Key', shape);
    if (data.length !== 2 * count) {
      throw new Error(
        `A key array of shape ${formatShape(shape)} needs ${2 * count} uint32 words, got ${data.length}.`,
      );
    }
    this.shape = Object.freeze([...shape]);
    this.#words = Uint32Array.from(data);
  }

  /** A copy of the raw words, two per key, keys in row-major order. */
  get data(): Uint32Array {
    return this.#words.slice();
  }

  /** The key (or sub-array of keys) at `index` along the first axis; negative indices count from the end. */
  at(index: number): Key {
    if (this.shape.length === 0) {
      throw new TypeError('Too many indices: the key array is 0-dimensional, but 1 was indexed.');
    }
    const [length, ...rest] = this.shape;
    if (!Number.isInteger(index) || index < -length || index >= length) {
      throw new RangeError(`index ${index} is out of bounds for axis 0 with size ${length}`);
    }
    const stride = 2 * shapeSize('Key', rest);
    const start = (index < 0 ? index + length : index) * stride;
    return new Key(rest, this.#words.subarray(start, start + stride));
  }

  /** Iterates over the first axis, so `const [a, b] = split(k)` works. */
  *[Symbol.iterator](): Iterator<Key> {
    if (this.shape.length === 0) throw new TypeError('iteration over a 0-d key array');
    for (let i = 0; i < this.shape[0]; i++) yield this.at(i);
  }

  /** E.g. `Key(shape=[2], data=[[1797259609, 2579123966], [928981903, 3453687069]])`. */
  toString(): string {
    return `Key(shape=${formatShape(this.shape)}, data=${JSON.stringify(keyData(this)).replace(/,/g, ', ')})`;
  }
}

/**
 * Checks that `key` is one key (not a key array) and returns its two words. `name` is the calling function, for
 * the message, which follows jax's.
 */
export function singleKeyWords(name: string, key: Key): [number, number] {
  if (!(key instanceof Key)) {
    throw new TypeError(`${name} expects a PRNG key made by key(), split() or foldIn(); got ${String(key)}.`);
  }
  if (key.shape.length > 0) {
    throw new Error(
      `${name} accepts a single key, but was given a key array of shape ${formatShape(key.shape)} != []. ` +
        'Use vmap for batching.',
    );
  }
  const words = key.data;
  return [words[0], words[1]];
}

/** The low 32 bits of an integer seed, as jax (without x64) keeps them from an int64 seed. */
function seedLowWord(name: string, seed: number | bigint): number {
  if (typeof seed === 'bigint') {
    if (seed < -(2n ** 63n) || seed >= 2n ** 63n) {
      throw new RangeError(`${name}: seed ${seed} does not fit in int64.`);
    }
    return Number(BigInt.asUintN(32, seed));
  }
  if ((seed as unknown) instanceof Key) {
    throw new TypeError(`${name} accepts a scalar seed, but was given a PRNG key.`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new TypeError(`${name}: PRNG key seed must be an integer; got ${String(seed)}.`);
  }
  // 2**63 is exactly representable, so this bound is exact; `%` on doubles is exact too.
  if (seed < -(2 ** 63) || seed >= 2 ** 63) {
    throw new RangeError(`${name}: seed ${BigInt(seed)} does not fit in int64.`);
  }
  return ((seed % TWO_32) + TWO_32) % TWO_32;
}

/**
 * A PRNG key from an integer seed: the words `[0, seed mod 2³²]`, as `jax.random.key(seed)` gives for any int64
 * seed with 64-bit mode off (the default). Accepts numbers (integers) and bigints in the int64 range.
 */
export function key(seed: number | bigint): Key {
  return new Key([], new Uint32Array([0, seedLowWord('key', seed)]));
}

/**
 * Same as {@link key}: jax's legacy `PRNGKey(seed)` holds the same two words (as a raw uint32 array), and here
 * both give a {@link Key}.
 */
export function PRNGKey(seed: number | bigint): Key {
  return new Key([], new Uint32Array([0, seedLowWord('PRNGKey', seed)]));
}

/** Key words as nested arrays, e.g. `[[1797259609, 2579123966], [928981903, 3453687069]]` for shape `[2]`. */
export type KeyData = number[] | KeyData[];

/** Nests a flat row-major list into arrays of the given (non-empty) shape. */
function nest(flat: ArrayLike<number>, shape: readonly number[], offset = 0): KeyData {
  const [length, ...rest] = shape;
  const stride = rest.reduce((size, d) => size * d, 1);
  if (rest.length === 0) return Array.from({ length }, (_, i) => flat[offset + i]);
  return Array.from({ length }, (_, i) => nest(flat, rest, offset + i * stride));
}

/** The raw words of a key (array) as nested plain numbers of shape `[...key.shape, 2]` (uint32 values). */
export function keyData(key: Key): KeyData {
  if (!(key instanceof Key)) throw new TypeError(`keyData expects a PRNG key; got ${String(key)}.`);
  return nest(key.data, [...key.shape, 2]);
}

/**
 * Splits one key into `num` new keys (or a key array of shape `num`), the i-th being threefry(key, (0, i)) in
 * jax's partitionable scheme.
 */
export function split(key: Key, num: number | readonly number[] = 2): Key {
  const [k0, k1] = singleKeyWords('split', key);
  const shape = typeof num === 'number' ? [num] : [...num];
  const [first, second] = hashCounters(k0, k1, shapeSize('split', shape));
  const words = new Uint32Array(2 * first.length);
  for (let i = 0; i < first.length; i++) {
    words[2 * i] = first[i];
    words[2 * i + 1] = second[i];
  }
  return new Key(shape, words);
}

/** Derives a new key from `key` and a 32-bit integer `data` (in [0, 2³²)): threefry(key, (0, data)). */
export function foldIn(key: Key, data: number): Key {
  const [k0, k1] = singleKeyWords('foldIn', key);
  if (!Number.isInteger(data) || data < 0 || data >= TWO_32) {
    throw new RangeError(`foldIn data must be an integer in [0, 2**32); got ${data}.`);
  }
  const hi = new Uint32Array([0]);
  const lo = new Uint32Array([data]);
  threefry2x32(k0, k1, hi, lo);
  return new Key([], new Uint32Array([hi[0], lo[0]]));
}
