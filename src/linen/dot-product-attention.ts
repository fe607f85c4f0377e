/**
 * Dot-product attention (Flax's `nn.dot_product_attention_weights` and `nn.dot_product_attention`, after Vaswani
 * et al., 2017). With `query` `[batch..., qLength, heads, depth]`, `key` `[batch..., kvLength, heads, depth]` and
 * `value` `[batch..., kvLength, heads, vDepth]`:
 *
 *   logits = einsum('...qhd,...khd->...hqk', query / √depth, key) + bias
 *   weights = softmax(where(mask, logits, −3.4028235e38))           (over the kv axis)
 *   output = einsum('...hqk,...khd->...qhd', dropout(weights), value)  → [batch..., qLength, heads, vDepth]
 *
 * - `bias` and `mask` broadcast to the weights' shape `[batch..., heads, qLength, kvLength]`; where `mask` is false
 *   (0) the logit becomes float32's most negative finite value, as in Flax (a fully masked row is uniform).
 * - Dropout runs unless `deterministic` or `dropoutRate` is 0: each weight is kept with probability
 *   `1 − dropoutRate` (key `dropoutRng`) and scaled by `1 / (1 − dropoutRate)`; with `broadcastDropout` (default)
 *   one mask `[qLength, kvLength]` is shared by every batch entry and head. The mask is Flax's, bit for bit.
 * - `module`: the weights (after softmax, before dropout) are sown into its `'intermediates'` collection as
 *   `attention_weights`.
 * - Errors: Flax's assertions, e.g. `q, k num_heads must match.`; dropout without `dropoutRng` is an error naming it.
 *
 * @example
 * const out = nn.dotProductAttention(q, k, v, { mask: nn.makeCausalMask(np.ones([2, 5])) }); // [2, 5, heads, depth]
 *
 * @packageDocumentation
 */
import type { ArrayLike, NDArray } from '../core/array';
import { add, astype, divide, einsum, multiply, where } from '../core/np';
import { softmax } from '../core/nn-functions';
import type { Key } from '../core/random';
import { op } from '../core/scope';
import { keepMask } from './dropout';
import type { Module } from './module';

/** float32's most negative finite value (`jnp.finfo(jnp.float32).min`): the logit of a masked-out pair. */
const FLOAT32_LOWEST = -3.4028234663852886e38;

/** Options of {@link dotProductAttentionWeights} and {@link dotProductAttention} (Flax's keyword arguments). */
export interface DotProductAttentionOptions {
  /** Added to the logits; broadcasts to `[batch..., heads, qLength, kvLength]`. */
  readonly bias?: ArrayLike | null;
  /** False (0) where a query may not attend to a key; broadcasts like `bias`. */
  readonly mask?: ArrayLike | null;
  /** One dropout mask shared by the batch and head axes (default true). */
  readonly broadcastDropout?: boolean;
  /** The key of the dropout mask (needed when dropout runs). */
  readonly dropoutRng?: Key | null;
  /** Probability of dropping a weight (default 0). */
  readonly dropoutRate?: number;
  /** No dropout (default false). */
  readonly deterministic?: boolean;
  /** A module to sow the weights into (its `'intermediates'` collection, if mutable). */
  readonly module?: Module<object, string> | null;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** The softmax weights (then dropout) of queries against keys: `[batch..., heads, qLength, kvLength]`. */
function attentionWeights(query: NDArray, key: NDArray, options: DotProductAttentionOptions): NDArray {
  const { bias, mask, broadcastDropout = true, dropoutRng, dropoutRate = 0, deterministic = false } = options;
  const [q, k] = [query.shape, key.shape];
  if (q.length !== k.length) throw new Error('q, k must have same rank.');
  if (!sameShape(q.slice(0, -3), k.slice(0, -3))) throw new Error('q, k batch dims must match.');
  if (q[q.length - 2] !== k[k.length - 2]) throw new Error('q, k num_heads must match.');
  if (q[q.length - 1] !== k[k.length - 1]) throw new Error('q, k depths must match.');

  const scaled = divide(query, Math.sqrt(q[q.length - 1]));
  let logits = einsum('...qhd,...khd->...hqk', scaled, key);
  if (bias !== undefined && bias !== null) logits = add(logits, bias);
  if (mask !== undefined && mask !== null) logits = where(mask, logits, FLOAT32_LOWEST);
  const weights = softmax(logits);
  options.module?.sow('intermediates', 'attention_weights', weights);

  if (deterministic || dropoutRate <= 0) return weights;
  if (dropoutRng === undefined || dropoutRng === null) {
    throw new Error('Attention dropout needs a key: pass dropoutRng, or set deterministic: true.');
  }
  const keepProb = 1 - dropoutRate;
  // Broadcast dropout: the batch and head axes (all but the last two) share one mask value.
  const shared = broadcastDropout ? Array.from({ length: k.length - 2 }, (_, i) => i) : [];
  const keep = keepMask(dropoutRng, keepProb, weights.shape, shared);
  return multiply(weights, divide(astype(keep, 'float32'), keepProb));
}

/** The value-weighted sum: `[batch..., qLength, heads, vDepth]`. */
function attention(
  query: NDArray,
  key: NDArray,
  value: NDArray,
  options: DotProductAttentionOptions,
): NDArray {
  const [q, k, v] = [query.shape, key.shape, value.shape];
  if (k.length !== q.length || q.length !== v.length) throw new Error('q, k, v must have same rank.');
  const batch = q.slice(0, -3);
  if (!sameShape(batch, k.slice(0, -3)) || !sameShape(batch, v.slice(0, -3))) {
    throw new Error('q, k, v batch dims must match.');
  }
  const heads = q[q.length - 2];
  if (heads !== k[k.length - 2] || heads !== v[v.length - 2])
    throw new Error('q, k, v num_heads must match.');
  if (k[k.length - 3] !== v[v.length - 3]) throw new Error('k, v lengths must match.');
  return einsum('...hqk,...khd->...qhd', attentionWeights(query, key, options), value);
}

const weightsOp = op('dotProductAttentionWeights', attentionWeights);
const attentionOp = op('dotProductAttention', attention);

/**
 * Attention weights of `query` `[batch..., qLength, heads, depth]` against `key` `[batch..., kvLength, heads,
 * depth]`: `[batch..., heads, qLength, kvLength]`, each row summing to 1 (before dropout).
 */
export function dotProductAttentionWeights(
  query: NDArray,
  key: NDArray,
  options: DotProductAttentionOptions = {},
): NDArray {
  // With a module the sown weights must outlive this call: it runs inside the module's apply, which owns them.
  return (options.module ? attentionWeights : weightsOp)(query, key, options);
}

/** Dot-product attention of `query` over `key`/`value`: `[batch..., qLength, heads, vDepth]`. */
export function dotProductAttention(
  query: NDArray,
  key: NDArray,
  value: NDArray,
  options: DotProductAttentionOptions = {},
): NDArray {
  return (options.module ? attention : attentionOp)(query, key, value, options);
}
