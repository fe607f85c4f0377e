/**
 * `nn`: Flax's linen API — `Module`, `init`/`apply`, layers, initializers and activations.
 *
 * @packageDocumentation
 */
export * from './activation';
export * as initializers from './initializers';
export * as attrRules from './attribute-rules';
export type { Initializer } from './initializers';
export { Module } from './module';
export type { ModuleArgs, ModuleBaseAttrs } from './module';
export type {
  ApplyFunction,
  ApplyOptions,
  InitFunction,
  InitOptions,
  InitVariables,
  InitWithOutputFunction,
  MethodArgs,
  MethodName,
  MethodResult,
  MutableFilter,
  MutatedVariables,
} from './entry-points';
export type { Rngs } from './apply';
export { Scope, Variable } from './scope';
export { mergeParam } from './merge-param';
export { partial } from './partial';
export type { AttrsOf } from './partial';
export { pop, readVariable } from './variables';
export type { Collection, CollectionFilter, VariableTree, Variables } from './variables';
export * from './errors';
export { Dense } from './dense';
export type { DenseAttrs } from './dense';
export { BatchNorm } from './batch-norm';
export type { BatchNormAttrs } from './batch-norm';
export { Dropout } from './dropout';
export type { DropoutAttrs } from './dropout';
export { PReLU } from './prelu';
export type { PReLUAttrs } from './prelu';
export { RReLU } from './rrelu';
export type { RReLUAttrs } from './rrelu';
export { Conv, canonicalizePadding } from './conv';
export type { ConvAttrs, ConvPadding } from './conv';
export { ConvTranspose } from './conv-transpose';
export type { ConvTransposeAttrs, ConvTransposePadding } from './conv-transpose';
export { avgPool, maxPool, minPool, pool } from './pooling';
export type { AvgPoolOptions, PoolOptions, PoolReduceFn } from './pooling';
export { LayerNorm, RMSNorm } from './normalization';
export type { LayerNormAttrs, NormAttrs } from './normalization';
export { Embed } from './embed';
export type { EmbedAttrs } from './embed';
export { DenseGeneral } from './dense-general';
export type { DenseGeneralAttrs } from './dense-general';
export { Sequential } from './sequential';
export type { SequentialAttrs, SequentialLayer } from './sequential';
export { GroupNorm } from './group-norm';
export type { GroupNormAttrs } from './group-norm';
export { dotProductAttention, dotProductAttentionWeights } from './dot-product-attention';
export type { DotProductAttentionOptions } from './dot-product-attention';
export { combineMasks, makeAttentionMask, makeCausalMask } from './attention-masks';
export type { AttentionMaskOptions, CombineMasksOptions, PairwiseFn } from './attention-masks';
export {
  AttentionLayer,
  MultiHeadAttention,
  MultiHeadDotProductAttention,
  SelfAttention,
} from './multi-head-attention';
export type {
  AttentionCallArgs,
  AttentionCallOptions,
  AttentionFn,
  MultiHeadDotProductAttentionAttrs,
} from './multi-head-attention';
