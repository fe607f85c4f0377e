/**
 * The primitives of flax-ts and their static parameters: the vocabulary of every staged program.
 *
 * Operands of binary primitives and `select` broadcast with numpy's rules (the np layer has already promoted them
 * to one dtype); shapes seen by a primitive are per example under `vmap`.
 *
 * @packageDocumentation
 */
import type { DType } from '../avals';

type NoParams = Record<string, never>;

/** Parameters of a reduction: sorted, non-negative axes, and whether they stay as size-1 dimensions. */
export interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/** Parameters of a cumulative scan along `axis`. */
export interface ScanParams {
  readonly axis: number;
  readonly reverse: boolean;
}

/**
 * Parameters of a windowed reduction over the spatial axes of an operand laid out `[N, ...spatial, C]` (1 or 2
 * spatial axes): every window lies inside the operand (padding is an explicit `pad` before it).
 */
export interface WindowParams {
  readonly window: readonly number[];
  readonly strides: readonly number[];
}

/** Parameters of a collective over a named `vmap` axis. */
export interface CollectiveParams {
  readonly axisName: string;
  readonly axisSize: number;
}

/** The parameters of each primitive (static, never traced). */
export interface PrimitiveParams {
  // One operand, same shape; float unless noted.
  neg: NoParams;
  abs: NoParams;
  sign: NoParams;
  exp: NoParams;
  log: NoParams;
  log1p: NoParams;
  expm1: NoParams;
  sqrt: NoParams;
  rsqrt: NoParams;
  square: NoParams;
  tanh: NoParams;
  logistic: NoParams;
  erf: NoParams;
  sin: NoParams;
  cos: NoParams;
  floor: NoParams;
  ceil: NoParams;
  round: NoParams;
  relu: NoParams;
  softplus: NoParams;
  isFinite: NoParams; // float → bool
  not: NoParams; // bool → bool
  stopGradient: NoParams;
  convertElementType: { readonly dtype: DType };
  // Two operands with numpy broadcasting.
  add: NoParams;
  sub: NoParams;
  mul: NoParams;
  div: NoParams;
  pow: NoParams;
  max: NoParams;
  min: NoParams;
  eq: NoParams;
  ne: NoParams;
  lt: NoParams;
  le: NoParams;
  gt: NoParams;
  ge: NoParams;
  and: NoParams;
  or: NoParams;
  // (predicate, onTrue, onFalse), broadcast together.
  select: NoParams;
  // Reductions.
  reduceSum: ReduceParams;
  reduceMax: ReduceParams;
  reduceMin: ReduceParams;
  reduceProd: ReduceParams;
  reduceAnd: ReduceParams;
  reduceOr: ReduceParams;
  mean: ReduceParams;
  argmax: { readonly axis: number };
  argmin: { readonly axis: number };
  // Products: operands of rank ≥ 2, batch dimensions broadcast, transposes on the last two axes.
  matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
  // Convolution of lhs `[N, ...spatial, C]` with rhs `[...window, C / featureGroupCount, O]` (1 to 3 spatial axes,
  // NHWC as Flax), every window inside lhs: padding and input dilation are explicit ops before it.
  conv: {
    readonly strides: readonly number[];
    readonly rhsDilation: readonly number[];
    readonly featureGroupCount: number;
  };
  // Windowed sums and maxima (pooling).
  reduceWindowSum: WindowParams;
  reduceWindowMax: WindowParams;
  // Structure.
  reshape: { readonly shape: readonly number[] };
  transpose: { readonly perm: readonly number[] };
  broadcastTo: { readonly shape: readonly number[] };
  concatenate: { readonly axis: number };
  slice: { readonly begin: readonly number[]; readonly size: readonly number[] };
  pad: { readonly padding: readonly (readonly [number, number])[] };
  oneHot: { readonly depth: number }; // int32 labels → float32
  full: { readonly shape: readonly number[]; readonly dtype: DType; readonly value: number | boolean };
  // Indexing. `gather` and the scatters index the leading k axes of the operand with int32 `indices` of shape
  // [...B, k]: gather gives [...B, ...R] (R the operand's other axes), clamping each index into its axis (XLA's
  // clip mode); the scatters combine `updates` of shape [...B, ...R] into the operand at those positions and drop
  // rows whose index is out of bounds (XLA's drop mode).
  iota: {
    readonly shape: readonly number[];
    readonly dimension: number;
    readonly dtype: 'int32' | 'float32';
  };
  rev: { readonly axes: readonly number[] };
  gather: NoParams;
  scatterAdd: NoParams;
  scatter: NoParams; // later updates of one position win
  scatterMul: { readonly uniqueIndices: boolean };
  scatterMin: NoParams;
  scatterMax: NoParams;
  // Scans along one axis (inclusive; `reverse` scans from the end).
  cumsum: ScanParams;
  cumprod: ScanParams;
  // Sorting along one axis: ascending, stable, NaN last (`argsort` gives int32 positions).
  sort: { readonly axis: number };
  argsort: { readonly axis: number };
  // Collectives over a named vmap axis.
  psum: CollectiveParams;
  pmean: CollectiveParams;
  // PRNG: operand 0 is a key array of any shape K; outputs have shape [...K, ...shape].
  randomSplit: { readonly shape: readonly number[] };
  // (keys) folding in `data`, a uint32 known on the host; or (keys, int32 data broadcast against the keys).
  randomFoldIn: { readonly data?: number };
  randomUniform: { readonly shape: readonly number[]; readonly minval: number; readonly maxval: number };
  randomNormal: { readonly shape: readonly number[] };
  randomTruncatedNormal: {
    readonly shape: readonly number[];
    readonly lower: number;
    readonly upper: number;
  };
  randomBernoulli: { readonly shape: readonly number[]; readonly p: number };
  randomPermutation: { readonly n: number };
  // int32 in [minval, maxval) from two draws of bits (jax's range reduction); minval when maxval <= minval.
  randomRandint: { readonly shape: readonly number[]; readonly minval: number; readonly maxval: number };
  randomGumbel: { readonly shape: readonly number[] };
}

/** Name of a primitive. */
export type Primitive = keyof PrimitiveParams;

/** The elementwise primitives of one operand (same shape out). */
export const UNARY_PRIMITIVES = [
  'neg',
  'abs',
  'sign',
  'exp',
  'log',
  'log1p',
  'expm1',
  'sqrt',
  'rsqrt',
  'square',
  'tanh',
  'logistic',
  'erf',
  'sin',
  'cos',
  'floor',
  'ceil',
  'round',
  'relu',
  'softplus',
  'isFinite',
  'not',
  'stopGradient',
] as const satisfies readonly Primitive[];

/** The elementwise primitives of two operands, which broadcast against each other with numpy's rules. */
export const BINARY_PRIMITIVES = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'max',
  'min',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
] as const satisfies readonly Primitive[];

export type UnaryPrimitive = (typeof UNARY_PRIMITIVES)[number];
export type BinaryPrimitive = (typeof BINARY_PRIMITIVES)[number];
