/**
 * jax's PRNG (threefry2x32, partitionable) in plain JavaScript, on the host: key arrays and the samplers' bits.
 * Keys, split and foldIn, bits, uniform and bernoulli match jax 0.10.2 bit for bit; normal and truncatedNormal too
 * on x86-64 (XLA's float32 erfinv, log1p and erf are reproduced with their fused multiply-adds), and within a few
 * ulps elsewhere. The public `random` namespace (`src/core/random.ts`) runs these through primitives, so they work
 * under `vmap` and `jit` with traced keys.
 *
 * @packageDocumentation
 */
export { Key, key, PRNGKey, keyData, split, foldIn, singleKeyWords } from './key';
export type { KeyData } from './key';
export { bits, randomWords } from './bits';
export type { Uint32Bits } from './bits';
export { uniformFloats } from './uniform';
export { normalFloats } from './normal';
export { truncatedNormalFloats } from './truncated-normal';
export { bernoulliFlips } from './bernoulli';
export { shuffledIndices } from './permutation';
export { randintValues } from './randint';
export { gumbelFloats } from './gumbel';
export { broadcastKeys, concatenateKeys, reshapeKeys, sliceKeys, transposeKeys } from './key-array';
