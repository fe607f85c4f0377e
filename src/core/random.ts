/**
 * The public `random` namespace: JAX's PRNG (threefry2x32, bit for bit) as primitives, so keys are ordinary values
 * of every transform: inside `vmap` a batch of keys draws one sample per example, inside `jit` a key is a traced
 * input (never baked into the program), and `const [k1, k2] = random.split(key)` works everywhere.
 *
 * @packageDocumentation
 */
import {
  Key as KeyArray,
  keyData as hostKeyData,
  bits as hostBits,
  key as hostKey,
  PRNGKey as hostPRNGKey,
  type KeyData,
  type Uint32Bits,
} from '../random';
import { castTo, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from './array';
import { take } from './np/indexing';
import { sum, argmax } from './np/reductions';
import { moveaxis } from './np/rearrange';
import { argsort } from './np/sorting';
import { op } from './scope';
import { broadcastShapes, formatShape, normalizeAxis } from './shapes';
import { bind, Tracer } from './trace';
import { dtypeOf } from './values';

export { Key as KeyArray } from '../random';
export type { KeyData, Uint32Bits } from '../random';

/**
 * A PRNG key (or key array): a concrete {@link KeyArray} as `random.key` makes it, or a traced one inside `vmap`,
 * `grad` or `jit`. Every function here accepts both.
 */
export type Key = KeyArray | Tracer;

/**
 * A PRNG key from an integer seed: the words `[0, seed mod 2³²]`, as `jax.random.key(seed)` gives (64-bit mode off).
 * Typed as {@link Key}, the type `split` and `foldIn` return, so `let key = random.key(0)` can later hold
 * `random.split(key)[0]`.
 */
export function key(seed: number | bigint): Key {
  return hostKey(seed);
}

/** Same as {@link key}: jax's legacy `PRNGKey(seed)` holds the same two words. */
export function PRNGKey(seed: number | bigint): Key {
  return hostPRNGKey(seed);
}

/** Options of {@link uniform}. */
export interface UniformOptions {
  /** Inclusive lower bound (default 0). */
  readonly minval?: number;
  /** Exclusive upper bound (default 1). */
  readonly maxval?: number;
}

/** Checks that `key` is one key (per example under `vmap`), in JAX's words otherwise. */
function singleKey(name: string, key: unknown): Key {
  const isKey = key instanceof KeyArray || (key instanceof Tracer && dtypeOf(key) === 'key');
  if (!isKey) {
    throw new TypeError(
      `${name} expects a PRNG key made by random.key(), split() or foldIn(); got ${String(key)}.`,
    );
  }
  if (key.shape.length > 0) {
    throw new Error(
      `${name} accepts a single key, but was given a key array of shape ${formatShape(key.shape)} != []. ` +
        'Use vmap for batching.',
    );
  }
  return key;
}

function sampleShape(name: string, shape: readonly number[]): readonly number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new TypeError(
      `${name}: shapes must be arrays of non-negative integers, got ${formatShape(shape)}.`,
    );
  }
  return shape as readonly number[];
}

/** `N` keys as a tuple (for the small literal counts people destructure). */
type KeyTuple<N extends number, Acc extends Key[] = []> = Acc['length'] extends N
  ? Acc
  : KeyTuple<N, [...Acc, Key]>;

/**
 * What `split(key, num)` gives: a key array, which destructures into exactly `num` keys when `num` is a small
 * literal (`const [a, b] = random.split(key)` types `a` and `b` as keys, also under `noUncheckedIndexedAccess`).
 */
export type SplitKeys<N> = N extends 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 ? Key & KeyTuple<N> : Key;

/** Splits a key into `num` keys (a key array of shape `[num]`, or of shape `num` when it is a list). */
export function split<const N extends number = 2>(key: Key, num?: N): SplitKeys<N>;
export function split(key: Key, num: number | readonly number[]): Key;
export function split(key: Key, num: number | readonly number[] = 2): Key {
  const shape = sampleShape('split', typeof num === 'number' ? [num] : num);
  return bind('randomSplit', [singleKey('split', key)], { shape }) as Key;
}

/** A new key derived from `key` and the integer `data` (in [0, 2³²), or an int32 array holding those bits). */
export const foldIn = op('foldIn', (key: Key, data: number | ArrayLike): Key => {
  const k = singleKey('foldIn', key);
  if (typeof data === 'number' && (!Number.isInteger(data) || data < 0 || data >= 2 ** 32)) {
    throw new RangeError(`foldIn data must be an integer in [0, 2**32); got ${data}.`);
  }
  // A number is a parameter (exact on every backend); an array's uint32 bits travel as int32.
  if (typeof data === 'number') return bind('randomFoldIn', [k], { data }) as Key;
  const [value] = promoteOperands([data], 'int32');
  if (value.dtype !== 'int32')
    throw new TypeError(`foldIn data must be an integer, got an array of dtype ${value.dtype}.`);
  return bind('randomFoldIn', [k, castTo(value, 'int32')], {}) as Key;
});

/** Uniform float32 samples in `[minval, maxval)`. */
export function uniform(key: Key, shape: readonly number[] = [], options: UniformOptions = {}): NDArray {
  const { minval = 0, maxval = 1 } = options;
  if (!(minval <= maxval)) {
    throw new RangeError(`uniform needs minval <= maxval; got minval=${minval}, maxval=${maxval}.`);
  }
  const params = { shape: sampleShape('uniform', shape), minval, maxval };
  return bind('randomUniform', [singleKey('uniform', key)], params) as NDArray;
}

/** Standard normal float32 samples. */
export function normal(key: Key, shape: readonly number[] = []): NDArray {
  return bind('randomNormal', [singleKey('normal', key)], { shape: sampleShape('normal', shape) }) as NDArray;
}

/** Standard normal samples truncated to `(lower, upper)`. */
export function truncatedNormal(
  key: Key,
  lower: number,
  upper: number,
  shape: readonly number[] = [],
): NDArray {
  if (!(lower < upper)) {
    throw new RangeError(`truncatedNormal needs lower < upper; got lower=${lower}, upper=${upper}.`);
  }
  const params = { shape: sampleShape('truncatedNormal', shape), lower, upper };
  return bind('randomTruncatedNormal', [singleKey('truncatedNormal', key)], params) as NDArray;
}

/** Boolean samples that are true with probability `p`. */
export function bernoulli(key: Key, p = 0.5, shape: readonly number[] = []): NDArray {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`bernoulli probability p must be a number in [0, 1]; got ${String(p)}.`);
  }
  const params = { shape: sampleShape('bernoulli', shape), p };
  return bind('randomBernoulli', [singleKey('bernoulli', key)], params) as NDArray;
}

/**
 * A random permutation of `arange(x)` (int32) when `x` is a number, or of `x` along `axis` (its rows by default),
 * identical to `jax.random.permutation(key, x, axis)`; traced keys and arrays work too.
 */
export const permutation = op('permutation', (key: Key, x: number | ArrayLike, axis: number = 0): NDArray => {
  const k = singleKey('permutation', key);
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x) || x < 0) {
      throw new TypeError(
        `permutation: x must be a non-negative integer or at least 1-dimensional; got ${x}.`,
      );
    }
    return bind('randomPermutation', [k], { n: x }) as NDArray;
  }
  const [rows] = promoteOperands([x]);
  if (rows.rank === 0) throw new TypeError('x must be an integer or at least 1-dimensional');
  const at = normalizeAxis(axis, rows.rank, 'permutation: axis');
  return take(rows, bind('randomPermutation', [k], { n: rows.shape[at] }) as NDArray, at, { mode: 'clip' });
});

/** Checks that a sampler's bound is an int32 value (JavaScript numbers may be fractional or larger). */
function integerBound(name: string, what: string, value: number): number {
  if (!Number.isInteger(value)) throw new TypeError(`${name}: ${what} must be an integer, got ${value}.`);
  if (value < -(2 ** 31) || value >= 2 ** 31) {
    throw new RangeError(
      `${name}: ${what} ${value} does not fit in int32 (jax raises an OverflowError too).`,
    );
  }
  return value;
}

/**
 * Uniform random int32 values in `[minval, maxval)`, bit for bit as `jax.random.randint(key, shape, minval,
 * maxval)`: two draws of random bits combined modulo the range (so the bias is tiny for any range). Bounds are
 * int32 values; `maxval <= minval` gives `minval`.
 *
 * @example
 * const labels = random.randint(key, [8], 0, 10);
 */
export function randint(key: Key, shape: readonly number[], minval: number, maxval: number): NDArray {
  const params = {
    shape: sampleShape('randint', shape),
    minval: integerBound('randint', 'minval', minval),
    maxval: integerBound('randint', 'maxval', maxval),
  };
  return bind('randomRandint', [singleKey('randint', key)], params) as NDArray;
}

/** Options of {@link gumbel}. */
export interface GumbelOptions {
  /** jax's `mode`: only `'low'` (jax's default, 23 random bits per sample) is implemented. */
  readonly mode?: 'low';
}

/**
 * Standard Gumbel float32 samples, `−log(−log(u))` with `u` uniform (`jax.random.gumbel` in its default `'low'`
 * mode), bit for bit as jax on x86-64.
 */
export function gumbel(key: Key, shape: readonly number[] = [], options: GumbelOptions = {}): NDArray {
  const mode: string = options.mode ?? 'low';
  if (mode !== 'low')
    throw new Error(`gumbel: only mode 'low' (jax's default) is implemented, got '${mode}'.`);
  return bind('randomGumbel', [singleKey('gumbel', key)], { shape: sampleShape('gumbel', shape) }) as NDArray;
}

/** jax's check that a sampler's parameter shapes broadcast to exactly the requested shape. */
function checkShape(name: string, shape: readonly number[], paramShape: readonly number[]): void {
  const result = broadcastShapes(shape, paramShape);
  if (result.join(',') !== shape.join(',')) {
    throw new Error(
      `${name} parameter shapes must be broadcast-compatible with shape argument, and the result of ` +
        `broadcasting the shapes must equal the shape argument, but got result ${formatShape(result)} for shape ` +
        `argument ${formatShape(shape)}.`,
    );
  }
}

/** Options of {@link categorical} (jax's keyword arguments). */
export interface CategoricalOptions {
  /** The axis of `logits` that holds each distribution's categories (default −1). */
  readonly axis?: number;
  /** The result's shape: `logits`' other axes broadcast to its end, extra axes in front draw more samples. */
  readonly shape?: readonly number[];
  /** Sample with replacement (default true); without, each row yields distinct categories. */
  readonly replace?: boolean;
}

/**
 * int32 samples from the categorical distributions `softmax(logits, axis)`, as `jax.random.categorical`: the
 * Gumbel-max trick, `argmax(logits + gumbel)` (with replacement), or the Gumbel top-k trick (without).
 *
 * @example
 * const nextToken = random.categorical(key, logits); // one category per row of logits
 */
export const categorical = op(
  'categorical',
  (key: Key, logits: ArrayLike, options: CategoricalOptions = {}) => {
    const k = singleKey('categorical', key);
    const [values] = promoteOperands([logits], 'float32');
    const rank = values.rank;
    const axis = normalizeAxis(options.axis ?? -1, rank, 'categorical: axis');
    const n = values.shape[axis];
    const batch = values.shape.filter((_, a) => a !== axis);
    const shape = options.shape === undefined ? batch : sampleShape('categorical', options.shape);
    checkShape('categorical', shape, batch);
    const prefix = shape.slice(0, shape.length - batch.length);
    if (options.replace ?? true) {
      const noiseShape = [...shape.slice(prefix.length)];
      noiseShape.splice(axis, 0, n);
      const noise = bind('randomGumbel', [k], { shape: [...prefix, ...noiseShape] });
      const lifted = bind('reshape', [values], { shape: [...prefix.map(() => 1), ...values.shape] });
      return argmax(bind('add', [noise, lifted], {}) as NDArray, prefix.length + axis);
    }
    const count = prefix.reduce((a, b) => a * b, 1);
    if (count > n) {
      throw new Error(
        `Number of samples without replacement (${count}) cannot exceed number of categories (${n}).`,
      );
    }
    const perturbed = bind(
      'add',
      [values, bind('randomGumbel', [k], { shape: values.shape })],
      {},
    ) as NDArray;
    const order = argsort(moveaxis(perturbed, axis, -1), -1, { descending: true });
    const top = bind('slice', [order], {
      begin: order.shape.map(() => 0),
      size: [...batch, count],
    }) as NDArray;
    // [...batch, count] → [count, ...batch] → the requested shape.
    return bind('reshape', [moveaxis(top, -1, 0)], { shape }) as NDArray;
  },
);

/** Options of {@link choice} (jax's keyword arguments). */
export interface ChoiceOptions {
  /** Sample with replacement (default true). */
  readonly replace?: boolean;
  /** The probability of each entry (a 1-D array as long as `a` along `axis`); uniform when omitted. */
  readonly p?: ArrayLike;
  /** The axis of `a` to choose along (default 0). */
  readonly axis?: number;
}

/**
 * A random sample of `shape` from `a` (an array, along `axis`), or from `arange(a)` (a number), bit for bit as
 * `jax.random.choice`: `randint` indices, a permutation's first entries (without replacement), inverse-CDF sampling
 * of `p` (with replacement) or the Gumbel top-k trick on `log(p)` (without).
 *
 * @example
 * random.choice(key, 10, [3], { replace: false }); // three distinct integers below 10
 * random.choice(key, x, [2], { p: weights }); // two rows of x, drawn by weight
 */
export const choice = op(
  'choice',
  (key: Key, a: number | ArrayLike, shape: readonly number[] = [], options: ChoiceOptions = {}) => {
    const k = singleKey('choice', key);
    const draws = sampleShape('choice', shape).reduce((x, y) => x * y, 1);
    const array = typeof a === 'number' ? undefined : promoteOperands([a])[0];
    if (array?.rank === 0)
      throw new TypeError('choice: a must be an integer or an array of at least one dimension.');
    const axis = array === undefined ? 0 : normalizeAxis(options.axis ?? 0, array.rank, 'choice: axis');
    const n = array === undefined ? integerBound('choice', 'a', a as number) : array.shape[axis];
    const resultShape =
      array === undefined ? shape : [...array.shape.slice(0, axis), ...shape, ...array.shape.slice(axis + 1)];
    if (draws === 0)
      return bind('full', [], {
        shape: resultShape,
        dtype: (array?.dtype ?? 'int32') as NumericDType,
        value: 0,
      }) as NDArray;
    if (n <= 0) throw new Error('a must be greater than 0 unless no samples are taken');
    const replace = options.replace ?? true;
    if (!replace && draws > n) {
      throw new Error(
        `Cannot take a larger sample (size ${draws}) than population (size ${n}) when 'replace=False'`,
      );
    }
    let indices: NDArray;
    if (options.p === undefined) {
      indices = replace
        ? randint(k, shape, 0, n)
        : (bind('slice', [bind('randomPermutation', [k], { n })], { begin: [0], size: [draws] }) as NDArray);
    } else {
      const [p] = promoteOperands([options.p], 'float32');
      if (p.rank !== 1 || p.shape[0] !== n) {
        throw new Error(
          `p must be None or a 1D vector with the same size as a.shape[axis]. p has shape ${formatShape(p.shape)} ` +
            `and a.shape[axis] is ${n}.`,
        );
      }
      if (replace) {
        // Inverse CDF: the first entry whose running total reaches a uniform fraction of the total.
        const totals = bind('cumsum', [p], { axis: 0, reverse: false });
        const total = bind('slice', [totals], { begin: [n - 1], size: [1] });
        const u = bind('randomUniform', [k], { shape, minval: 0, maxval: 1 });
        const one = bind('full', [], { shape: [], dtype: 'float32', value: 1 });
        const targets = bind('mul', [bind('reshape', [total], { shape: [] }), bind('sub', [one, u], {})], {});
        const below = bind('lt', [totals, bind('reshape', [targets], { shape: [...shape, 1] })], {});
        indices = sum(bind('convertElementType', [below], { dtype: 'int32' }) as NDArray, -1);
      } else {
        const keys = bind(
          'add',
          [bind('randomGumbel', [k], { shape: [n] }), bind('log', [p], {})],
          {},
        ) as NDArray;
        const order = argsort(keys, -1, { descending: true });
        indices = bind('slice', [order], { begin: [0], size: [draws] }) as NDArray;
      }
    }
    const picked = array === undefined ? indices : take(array, indices, axis);
    return bind('reshape', [picked], { shape: resultShape }) as NDArray;
  },
);

/** The raw words of a key (array), nested as `[...key.shape, 2]` uint32 values (JAX's `key_data`). */
export function keyData(key: Key): KeyData {
  return key instanceof Tracer ? key.arraySync() : hostKeyData(key);
}

/**
 * Uniform random uint32 values of a concrete key, as a `Uint32Array` (tfjs has no uint32 dtype). The result lives
 * on the host, so a traced key (inside `jit`, `vmap` or `grad`) is refused: use `randint` or `uniform` there.
 */
export function bits(key: Key, shape: readonly number[] = []): Uint32Bits {
  if (key instanceof Tracer) {
    throw new TypeError(
      'random.bits returns host uint32 words and needs a concrete key, but was given a traced one (inside jit, ' +
        'vmap or grad); use random.randint or random.uniform there.',
    );
  }
  return hostBits(key, shape);
}
