/**
 * Attention masks (Flax's `nn.make_attention_mask`, `nn.make_causal_mask`, `nn.combine_masks`): arrays of shape
 * `[batch..., 1, qLength, kvLength]` that broadcast over the heads of the attention weights
 * `[batch..., heads, qLength, kvLength]`; where a mask is false (0) the weight is masked out.
 *
 * - `makeAttentionMask(q, k)` pairs every query position with every key position: `pairwiseFn(q[..., i], k[..., j])`
 *   (default `multiply`, so a padding mask is `makeAttentionMask(q > 0, k > 0)`).
 * - `makeCausalMask(x)` lets position `i` see the positions `j ≤ i` of `x`'s last axis.
 * - `combineMasks(...masks)` is their logical and (absent masks skipped; `null` when none is given).
 * - `extraBatchDims` adds that many leading axes of size 1; `dtype` is the result's (default `'float32'`).
 *
 * @example
 * const padding = nn.makeAttentionMask(np.greater(tokens, 0), np.greater(tokens, 0)); // [batch, 1, len, len]
 * const mask = nn.combineMasks(padding, nn.makeCausalMask(tokens));
 *
 * @packageDocumentation
 */
import { asArray, type ArrayLike, type NDArray, type NumericDType } from '../core/array';
import { arange, astype, broadcastTo, expandDims, greaterEqual, logicalAnd, multiply } from '../core/np';
import { op } from '../core/scope';

/** A broadcasting elementwise function of two arrays, such as `np.multiply` or `np.greaterEqual`. */
export type PairwiseFn = (a: NDArray, b: NDArray) => NDArray;

/** Options of {@link makeAttentionMask}. */
export interface AttentionMaskOptions {
  /** How a query and a key position combine (default `np.multiply`). */
  readonly pairwiseFn?: PairwiseFn;
  /** Leading axes of size 1 to add (default 0). */
  readonly extraBatchDims?: number;
  /** The mask's dtype (default `'float32'`). */
  readonly dtype?: NumericDType;
}

/** `mask` with `count` leading axes of size 1. */
function withLeadingAxes(mask: NDArray, count: number): NDArray {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`extraBatchDims must be a non-negative integer, got ${count}.`);
  }
  let out = mask;
  for (let i = 0; i < count; i++) out = expandDims(out, 0);
  return out;
}

/** A `[batch..., 1, qLength, kvLength]` mask from flat `[batch..., qLength]` and `[batch..., kvLength]` inputs. */
export const makeAttentionMask = op(
  'makeAttentionMask',
  (queryInput: ArrayLike, keyInput: ArrayLike, options: AttentionMaskOptions = {}): NDArray => {
    const { pairwiseFn = multiply, extraBatchDims = 0, dtype = 'float32' } = options;
    const pairs = pairwiseFn(expandDims(asArray(queryInput), -1), expandDims(asArray(keyInput), -2));
    return astype(withLeadingAxes(expandDims(pairs, -3), extraBatchDims), dtype);
  },
);

/** A causal self-attention mask `[batch..., 1, length, length]` for `x` of shape `[batch..., length]`. */
export const makeCausalMask = op(
  'makeCausalMask',
  (x: ArrayLike, options: Omit<AttentionMaskOptions, 'pairwiseFn'> = {}): NDArray => {
    const { shape } = asArray(x);
    if (shape.length === 0) throw new Error('makeCausalMask: x must have a length axis, got a scalar.');
    const positions = broadcastTo(arange(shape[shape.length - 1]), shape);
    return makeAttentionMask(positions, positions, { ...options, pairwiseFn: greaterEqual });
  },
);

/** Options of {@link combineMasks}. */
export interface CombineMasksOptions {
  /** The result's dtype (default `'float32'`). */
  readonly dtype?: NumericDType;
}

type MaskArgument = ArrayLike | null | undefined;

/** True for the trailing options object of {@link combineMasks} (a plain object, not an array). */
function isOptions(value: unknown): value is CombineMasksOptions {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The logical and of the masks given (all of one rank), as `dtype`; `null` and `undefined` masks are skipped, and
 * with none left the result is `null`. A trailing `{ dtype }` object sets the dtype: `combineMasks(a, b, { dtype })`.
 */
export function combineMasks(...args: (MaskArgument | CombineMasksOptions)[]): NDArray | null {
  const last = args[args.length - 1];
  const { dtype = 'float32' } = isOptions(last) ? last : {};
  const masks = (isOptions(last) ? args.slice(0, -1) : args) as MaskArgument[];
  const given = masks.filter((m): m is ArrayLike => m !== null && m !== undefined);
  return given.length === 0 ? null : combine(given, dtype);
}

const combine = op('combineMasks', (masks: readonly ArrayLike[], dtype: NumericDType): NDArray => {
  const arrays = masks.map((m) => asArray(m));
  const ranks = arrays.map((m) => m.rank);
  if (!ranks.every((r) => r === ranks[0])) {
    throw new Error(`masks must have same rank: (${ranks.join(', ')})`);
  }
  return astype(arrays.slice(1).reduce(logicalAnd, arrays[0]), dtype);
});
