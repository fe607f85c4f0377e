/**
 * `random`: jax's PRNG (threefry2x32, partitionable) in plain JavaScript. Keys, split and foldIn, bits, uniform
 * and bernoulli match jax 0.10.2 bit for bit; normal and truncatedNormal too on x86-64 (XLA's float32 erfinv,
 * log1p and erf are reproduced with their fused multiply-adds), and within a few ulps elsewhere.
 *
 * @packageDocumentation
 */
export { Key, key, PRNGKey, keyData, split, foldIn, singleKeyWords } from './key';
export type { KeyData } from './key';
export { bits } from './bits';
export type { Uint32Bits } from './bits';
export { uniform } from './uniform';
export type { UniformOptions } from './uniform';
export { normal } from './normal';
export { truncatedNormal } from './truncated-normal';
export { bernoulli } from './bernoulli';
export { permutation } from './permutation';
