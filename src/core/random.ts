/**
 * The public `random` namespace: the JAX-exact samplers of `src/random`, made to work under `vmap`.
 *
 * Inside `vmap`, a mapped key array arrives as a batch tracer holding one key per example. Each function here
 * then runs once per example key (the `perKey` primitive) and stacks the results, which is what `jax.vmap` of a
 * sampler computes. Outside `vmap` they call straight through.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import * as sampling from '../random';
import { Key } from '../random';
import { bind } from './bind';
import type { NDArray } from './array';
import { registerKeyArrayOps } from './primitives';
import { formatShape, normalizeAxis } from './shapes';
import { BatchTracer, type ShapedValue, type Value } from './tracer';

export { Key, key, PRNGKey, keyData, bits } from '../random';
export type { KeyData, UniformOptions, Uint32Bits } from '../random';

/** A key as the samplers accept it: a concrete {@link Key}, or one example's key inside `vmap`. */
export type KeyLike = Key | BatchTracer;

function asKey(value: ShapedValue): Key {
  if (value instanceof Key) return value;
  throw new TypeError(`Expected a PRNG key array, got a value of shape ${formatShape(value.shape)}.`);
}

/** Strides of a row-major key array, counting keys (each key is two words). */
function strides(shape: readonly number[]): number[] {
  const out = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/** The keys at `index` along `axis` (removing that axis). */
function takeKeys(value: ShapedValue, axis: number, index: number): Key {
  const keys = asKey(value);
  const shape = keys.shape;
  const at = normalizeAxis(axis, shape.length);
  if (at === 0) return keys.at(index);
  const words = keys.data;
  const outer = shape.slice(0, at).reduce((a, b) => a * b, 1);
  const inner = strides(shape)[at];
  const out = new Uint32Array(2 * outer * inner);
  for (let o = 0; o < outer; o++) {
    const from = 2 * (o * shape[at] * inner + index * inner);
    out.set(words.subarray(from, from + 2 * inner), 2 * o * inner);
  }
  return new Key([...shape.slice(0, at), ...shape.slice(at + 1)], out);
}

/** Stacks key arrays of one shape along a new `axis`. */
function stackKeys(values: readonly ShapedValue[], axis: number): Key {
  const keys = values.map(asKey);
  const shape = keys[0].shape;
  const at = normalizeAxis(axis, shape.length + 1);
  const outer = shape.slice(0, at).reduce((a, b) => a * b, 1);
  const inner = shape.slice(at).reduce((a, b) => a * b, 1);
  const out = new Uint32Array(2 * outer * inner * keys.length);
  const data = keys.map((k) => k.data);
  for (let o = 0; o < outer; o++) {
    data.forEach((words, k) => {
      out.set(words.subarray(2 * o * inner, 2 * (o + 1) * inner), 2 * ((o * keys.length + k) * inner));
    });
  }
  return new Key([...shape.slice(0, at), keys.length, ...shape.slice(at)], out);
}

registerKeyArrayOps({ take: takeKeys, stack: stackKeys });

/** Runs `fn` on the key, per example when the key is batched by `vmap`. */
function perKey<R extends Value>(name: string, key: KeyLike, fn: (key: Key) => R): R {
  if (key instanceof Key) return fn(key);
  if (!(key instanceof BatchTracer)) {
    throw new TypeError(`${name} expects a PRNG key made by random.key(), split() or foldIn().`);
  }
  return bind('perKey', [key], { name, fn: (k) => fn(asKey(k)) }) as R;
}

/** Splits a key into `num` keys (a key array of shape `[num]`, or of shape `num` when it is a list). */
export function split(key: KeyLike, num: number | readonly number[] = 2): Key {
  return perKey('split', key, (k) => sampling.split(k, num));
}

/** A new key derived from `key` and the integer `data` (in [0, 2³²)). */
export function foldIn(key: KeyLike, data: number): Key {
  return perKey('foldIn', key, (k) => sampling.foldIn(k, data));
}

/** Uniform float32 samples in `[minval, maxval)`. */
export function uniform(
  key: KeyLike,
  shape: readonly number[] = [],
  options: sampling.UniformOptions = {},
): NDArray {
  return perKey('uniform', key, (k) => sampling.uniform(k, shape, options));
}

/** Standard normal float32 samples. */
export function normal(key: KeyLike, shape: readonly number[] = []): NDArray {
  return perKey('normal', key, (k) => sampling.normal(k, shape));
}

/** Standard normal samples truncated to `(lower, upper)`. */
export function truncatedNormal(
  key: KeyLike,
  lower: number,
  upper: number,
  shape: readonly number[] = [],
): NDArray {
  return perKey('truncatedNormal', key, (k) => sampling.truncatedNormal(k, lower, upper, shape));
}

/** Boolean samples that are true with probability `p`. */
export function bernoulli(key: KeyLike, p = 0.5, shape: readonly number[] = []): NDArray {
  return perKey('bernoulli', key, (k) => sampling.bernoulli(k, p, shape));
}

/** A random permutation of `arange(n)`, or of the rows of `x`. */
export function permutation(key: KeyLike, x: number | tf.Tensor): NDArray {
  return perKey('permutation', key, (k) => sampling.permutation(k, x));
}
