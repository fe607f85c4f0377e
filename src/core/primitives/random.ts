/**
 * PRNG primitives. Operand 0 is a key array of any shape K (one key outside `vmap`, a batch of keys under it);
 * each key draws its own samples, so outputs have shape `[...K, ...shape]` and batching a primitive is just giving
 * it the batched key array. They run on the host (threefry2x32 in JavaScript, `src/random`) and upload their
 * results; no gradient flows through them.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  bernoulliFlips,
  foldIn,
  gumbelFloats,
  Key,
  normalFloats,
  randintValues,
  shuffledIndices,
  split,
  truncatedNormalFloats,
  uniformFloats,
} from '../../random';
import { checkElementCount } from '../../random/size-limit';
import { sizeOf, type AbstractValue } from '../avals';
import { download, upload } from '../executor/kernels';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo } from '../values';
import { broadcastTo, reshape } from './ops';
import type { Primitive } from './params';
import type { BatchRule, PrimitiveRule, RuleTable } from './rule';

type Samples = Float32Array | Int32Array | Uint8Array;
type TypedArray = Samples | Uint32Array;

function keysOf(value: ConcreteInfo): Key {
  if (value instanceof Key) return value;
  throw new TypeError(
    'Expected a PRNG key array (made by random.key, split or foldIn), got a numeric array.',
  );
}

/** One key from its two words. */
const single = (key0: number, key1: number): Key => new Key([], Uint32Array.of(key0, key1));

/** Runs `draw(k0, k1)` for every key of `keys` (each giving `size` values) and lays the results out row-major. */
function perKey<T extends TypedArray>(
  keys: Key,
  size: number,
  make: new (length: number) => T,
  draw: (key0: number, key1: number, index: number) => T,
): T {
  const words = keys.data;
  const count = words.length / 2;
  const out = new make(count * size);
  for (let i = 0; i < count; i++) out.set(draw(words[2 * i], words[2 * i + 1], i), i * size);
  return out;
}

/** A sampler row: output dtype, samples per key, and the host draw. */
function sampler<P extends Primitive>(
  jaxName: string,
  primitive: P,
  dtype: 'float32' | 'int32' | 'bool',
  sampleShape: (params: never) => readonly number[],
  draw: (keys: Key, params: never) => Samples,
): PrimitiveRule<P> {
  const batch: BatchRule<P> = ([keys], _batched, params) => [bind(primitive, [keys], params), true];
  // Checked before anything is drawn, so a huge shape fails with its size rather than deep in an allocation.
  const outShape = (keyShape: readonly number[], params: never): number[] => {
    const shape = [...keyShape, ...sampleShape(params)];
    checkElementCount(jaxName, sizeOf(shape));
    return shape;
  };
  return {
    jaxName,
    abstractEval: ([keys], params): AbstractValue => ({
      shape: outShape(keys.shape, params as never),
      dtype,
    }),
    impl: ([keys], params) => {
      const k = keysOf(keys);
      const shape = outShape(k.shape, params as never);
      return upload(draw(k, params as never), shape, dtype);
    },
    batch,
  };
}

type Shaped = { readonly shape: readonly number[] };

/** The PRNG rows of the primitive table. */
export const randomRules: RuleTable<
  | 'randomSplit'
  | 'randomFoldIn'
  | 'randomUniform'
  | 'randomNormal'
  | 'randomTruncatedNormal'
  | 'randomBernoulli'
  | 'randomPermutation'
  | 'randomRandint'
  | 'randomGumbel'
> = {
  randomSplit: {
    jaxName: 'random_split',
    abstractEval: ([keys], { shape }) => ({ shape: [...keys.shape, ...shape], dtype: 'key' }),
    impl: ([keys], { shape }) => {
      const k = keysOf(keys);
      const words = perKey(k, 2 * sizeOf(shape), Uint32Array, (k0, k1) => split(single(k0, k1), shape).data);
      return new Key([...k.shape, ...shape], words);
    },
    batch: ([keys], _batched, params) => [bind('randomSplit', [keys], params), true],
  },
  randomFoldIn: {
    jaxName: 'random_fold_in',
    abstractEval: ([keys]) => keys,
    // A host datum (params.data) stays a JavaScript number: on WebGL an int32 tensor lives in a float32 texture,
    // exact only below 2²⁴, and Flax's module-path hashes use all 32 bits. Data operands hold uint32 bits as int32,
    // one per key or one for all keys.
    impl: ([keys, data], params) => {
      const k = keysOf(keys);
      const values = params.data === undefined ? download(data as TensorInfo) : [params.data];
      const broadcast = values.length === 1 ? (): number => values[0] : (i: number): number => values[i];
      const words = perKey(k, 2, Uint32Array, (k0, k1, i) => foldIn(single(k0, k1), broadcast(i) >>> 0).data);
      return new Key(k.shape, words);
    },
    // A host datum leaves only the keys to batch; otherwise both operands get the batch axis, and data is reshaped
    // so it still broadcasts against the keys.
    batch: ([keys, data], batched, params, { axisSize }) => {
      if (params.data !== undefined) return [bind('randomFoldIn', [keys], params), true];
      const keyShape = avalOf(keys).shape.slice(batched[0] ? 1 : 0);
      const k = batched[0] ? keys : bind('broadcastTo', [keys], { shape: [axisSize, ...keyShape] });
      const dataShape = avalOf(data).shape.slice(batched[1] ? 1 : 0);
      const d = batched[1] ? data : broadcastTo(data, [axisSize, ...dataShape]);
      // The impl pairs data with keys elementwise (or one datum for all): give data the keys' full shape.
      const aligned = dataShape.length === 0 ? reshape(d, [axisSize, ...keyShape.map(() => 1)]) : d;
      return [bind('randomFoldIn', [k, broadcastTo(aligned, [axisSize, ...keyShape])], params), true];
    },
  },
  randomUniform: sampler(
    'random_uniform',
    'randomUniform',
    'float32',
    (p: Shaped) => p.shape,
    (keys, { shape, minval, maxval }: { shape: readonly number[]; minval: number; maxval: number }) =>
      perKey(keys, sizeOf(shape), Float32Array, (k0, k1) =>
        uniformFloats(k0, k1, sizeOf(shape), minval, maxval),
      ),
  ),
  randomNormal: sampler(
    'random_normal',
    'randomNormal',
    'float32',
    (p: Shaped) => p.shape,
    (keys, { shape }: Shaped) =>
      perKey(keys, sizeOf(shape), Float32Array, (k0, k1) => normalFloats(k0, k1, sizeOf(shape))),
  ),
  randomTruncatedNormal: sampler(
    'random_truncated_normal',
    'randomTruncatedNormal',
    'float32',
    (p: Shaped) => p.shape,
    (keys, { shape, lower, upper }: { shape: readonly number[]; lower: number; upper: number }) =>
      perKey(keys, sizeOf(shape), Float32Array, (k0, k1) =>
        truncatedNormalFloats(k0, k1, sizeOf(shape), lower, upper),
      ),
  ),
  randomBernoulli: sampler(
    'random_bernoulli',
    'randomBernoulli',
    'bool',
    (p: Shaped) => p.shape,
    (keys, { shape, p }: { shape: readonly number[]; p: number }) =>
      perKey(keys, sizeOf(shape), Uint8Array, (k0, k1) => bernoulliFlips(k0, k1, sizeOf(shape), p)),
  ),
  randomPermutation: sampler(
    'random_permutation',
    'randomPermutation',
    'int32',
    ({ n }: { n: number }) => [n],
    (keys, { n }: { n: number }) =>
      perKey(keys, n, Int32Array, (k0, k1) => shuffledIndices(single(k0, k1), n)),
  ),
  randomRandint: sampler(
    'random_randint',
    'randomRandint',
    'int32',
    (p: Shaped) => p.shape,
    (keys, { shape, minval, maxval }: { shape: readonly number[]; minval: number; maxval: number }) =>
      perKey(keys, sizeOf(shape), Int32Array, (k0, k1) =>
        randintValues(k0, k1, sizeOf(shape), minval, maxval),
      ),
  ),
  randomGumbel: sampler(
    'random_gumbel',
    'randomGumbel',
    'float32',
    (p: Shaped) => p.shape,
    (keys, { shape }: Shaped) =>
      perKey(keys, sizeOf(shape), Float32Array, (k0, k1) => gumbelFloats(k0, k1, sizeOf(shape))),
  ),
};
