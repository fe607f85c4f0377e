/**
 * Multi-head dot-product attention (Flax's `nn.MultiHeadDotProductAttention`, its alias `nn.MultiHeadAttention`, and
 * `nn.SelfAttention`). Inputs `[batch..., length, features]` are projected by three `DenseGeneral` layers named
 * `query`, `key` and `value` (kernels `[features, numHeads, headDim]`, `headDim = qkvFeatures / numHeads`), attended
 * by `attentionFn` (default {@link dotProductAttention}), and projected back by `out` (kernel
 * `[numHeads, headDim, outFeatures]`): output `[batch..., qLength, outFeatures]`.
 *
 * - `call(inputsQ, inputsK?, inputsV?, { mask, deterministic, dropoutRng, sowWeights })`: `inputsK` defaults to
 *   `inputsQ` (self-attention), `inputsV` to `inputsK`; the options object may follow any of the inputs.
 *   `SelfAttention.call(inputsQ, mask?, deterministic?, dropoutRng?, sowWeights?)` takes them positionally, as Flax.
 * - `qkvFeatures` and `outFeatures` default to the query's features. `normalizeQk` applies a LayerNorm without bias
 *   (`query_ln`, `key_ln`) to the projected queries and keys.
 * - Dropout on the weights (`dropoutRate` > 0) needs `deterministic`, from the constructor or the call, exactly once;
 *   its key is `dropoutRng` or the `'dropout'` rng stream.
 * - `decode`: autoregressive decoding with a cache (collection `'cache'`: `cached_key`, `cached_value`,
 *   `cache_index`). `init` on a full-length input creates the zero cache; each `apply(…, { mutable: ['cache'] })` on
 *   one position `[batch..., 1, features]` writes its key and value at `cache_index`, attends to the positions
 *   written so far and advances the index.
 * - `sowWeights`: the attention weights go to the `'intermediates'` collection (`attention_weights`).
 * - Errors: Flax's, e.g. `Memory dimension (6) must be divisible by number of heads (4).` and the autoregressive
 *   cache shape error.
 *
 * @example
 * const layer = new nn.MultiHeadDotProductAttention({ numHeads: 4, qkvFeatures: 16 });
 * const variables = layer.init(random.key(0), [x]); // params: query, key, value, out
 * const y = layer.apply(variables, [x, { mask: nn.makeCausalMask(np.ones(x.shape.slice(0, -1))) }]);
 *
 * @packageDocumentation
 */
import { isNDArray, type ArrayLike, type NDArray } from '../core/array';
import { add, arange, array, at, broadcastTo, clip, lessEqual, zeros as zerosArray } from '../core/np';
import type { Key } from '../core/random';
import { combineMasks } from './attention-masks';
import { AttrRule } from './attribute-rules';
import * as rules from './attribute-rules';
import { DenseGeneral } from './dense-general';
import { pythonShape } from './python-shape';
import { dotProductAttention, type DotProductAttentionOptions } from './dot-product-attention';
import { lecunNormal, zeros, type Initializer } from './initializers';
import { mergeParam } from './merge-param';
import { Module } from './module';
import { LayerNorm } from './normalization';

/** An attention function such as {@link dotProductAttention}: `[batch..., qLength, heads, vDepth]` out. */
export type AttentionFn = (
  query: NDArray,
  key: NDArray,
  value: NDArray,
  options: DotProductAttentionOptions,
) => NDArray;

/** Attributes of {@link MultiHeadDotProductAttention} (and its alias and {@link SelfAttention}). */
export interface MultiHeadDotProductAttentionAttrs {
  /** Number of heads; `qkvFeatures` must be divisible by it. */
  readonly numHeads: number;
  /** Features of the query, key and value projections together (default the query's features). */
  readonly qkvFeatures?: number;
  /** Features of the output (default the query's features). */
  readonly outFeatures?: number;
  /** One dropout mask shared by the batch and head axes (default true). */
  readonly broadcastDropout?: boolean;
  /** Dropout rate on the attention weights (default 0). */
  readonly dropoutRate?: number;
  /** No dropout; or pass it to `call` (needed only when `dropoutRate` > 0). */
  readonly deterministic?: boolean;
  /** Initializer of the projection kernels (default `lecunNormal()`). */
  readonly kernelInit?: Initializer;
  /** Initializer of the output kernel (default `kernelInit`). */
  readonly outKernelInit?: Initializer;
  /** Initializer of the projection biases (default zeros). */
  readonly biasInit?: Initializer;
  /** Initializer of the output bias (default `biasInit`). */
  readonly outBiasInit?: Initializer;
  /** Biases in the four projections (default true). */
  readonly useBias?: boolean;
  /** The attention itself (default {@link dotProductAttention}). */
  readonly attentionFn?: AttentionFn;
  /** Autoregressive decoding with a cache (default false). */
  readonly decode?: boolean;
  /** LayerNorm on the projected queries and keys (default false). */
  readonly normalizeQk?: boolean;
}

/** Keyword arguments of a call (Flax's). */
export interface AttentionCallOptions {
  /** Keys and values at once (Flax's deprecated `inputs_kv`); excludes `inputsK` and `inputsV`. */
  readonly inputsKv?: NDArray | null;
  /** False (0) where a query may not attend to a key; broadcasts to `[batch..., heads, qLength, kvLength]`. */
  readonly mask?: ArrayLike | null;
  /** No dropout (if not given to the constructor). */
  readonly deterministic?: boolean;
  /** The dropout key (default: from the `'dropout'` stream). */
  readonly dropoutRng?: Key | null;
  /** Sow the attention weights into `'intermediates'` (default false). */
  readonly sowWeights?: boolean;
}

/** The inputs after the query: keys, values, and options, each optional, the options last. */
export type AttentionCallArgs =
  | [options?: AttentionCallOptions]
  | [inputsK: NDArray | null | undefined, options?: AttentionCallOptions]
  | [
      inputsK: NDArray | null | undefined,
      inputsV: NDArray | null | undefined,
      options?: AttentionCallOptions,
    ];

const attentionFnRule = new AttrRule(
  'function',
  'an attention function (query, key, value, options) => array such as nn.dotProductAttention',
  (v): v is AttentionFn => typeof v === 'function',
);

/** The attributes and the computation shared by the multi-head attention classes. */
export abstract class AttentionLayer extends Module<MultiHeadDotProductAttentionAttrs> {
  readonly numHeads = this.attr('numHeads', rules.positiveInteger);
  readonly qkvFeatures = this.attr('qkvFeatures', undefined, rules.positiveInteger);
  readonly outFeatures = this.attr('outFeatures', undefined, rules.positiveInteger);
  readonly broadcastDropout = this.attr('broadcastDropout', true, rules.boolean);
  readonly dropoutRate = this.attr('dropoutRate', 0, rules.probability);
  readonly deterministic = this.attr('deterministic', undefined, rules.boolean);
  readonly kernelInit = this.attr('kernelInit', lecunNormal(), rules.initializer);
  readonly outKernelInit = this.attr('outKernelInit', undefined, rules.initializer);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);
  readonly outBiasInit = this.attr('outBiasInit', undefined, rules.initializer);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly attentionFn = this.attr('attentionFn', dotProductAttention, attentionFnRule);
  readonly decode = this.attr('decode', false, rules.boolean);
  readonly normalizeQk = this.attr('normalizeQk', false, rules.boolean);
}

/**
 * One decoding step: writes `key` and `value` (one position, for a one-position query) into the cache at
 * `cache_index`, advances it, and returns the whole cached keys and values with the mask of the positions written so
 * far. During `init` (no cache yet) it creates the zero cache of `key`'s and `value`'s shapes and returns them
 * unchanged.
 */
function decodeStep(
  layer: AttentionLayer,
  query: NDArray,
  key: NDArray,
  value: NDArray,
  mask: ArrayLike | null | undefined,
): [NDArray, NDArray, ArrayLike | null | undefined] {
  const initialized = layer.hasVariable('cache', 'cached_key');
  const cachedKey = layer.variable('cache', 'cached_key', () => zerosArray(key.shape));
  const cachedValue = layer.variable('cache', 'cached_value', () => zerosArray(value.shape));
  const cacheIndex = layer.variable('cache', 'cache_index', () => array(0, { dtype: 'int32' }));
  if (!initialized) return [key, value, mask];

  const cacheShape = cachedKey.value.shape;
  const batch = cacheShape.slice(0, -3);
  const [maxLength, heads, depth] = cacheShape.slice(-3);
  const expected = [...batch, 1, heads, depth];
  if (expected.join(',') !== query.shape.join(',')) {
    throw new Error(
      'Autoregressive cache shape error, expected query shape ' +
        `${pythonShape(expected)} instead got ${pythonShape(query.shape)}.`,
    );
  }
  const index = cacheIndex.value;
  // lax.dynamic_update_slice at `index` along the length axis: the start is clamped so the new positions fit.
  const length = key.shape[key.rank - 3];
  const written = add(arange(length), clip(index, 0, maxLength - length));
  const wholeBatch = batch.map(() => ':' as const);
  const keys = at(cachedKey.value, ...wholeBatch, written).set(key);
  const values = at(cachedValue.value, ...wholeBatch, written).set(value);
  cachedKey.value = keys;
  cachedValue.value = values;
  cacheIndex.value = add(index, 1);
  // The single query attends to the positions cached so far, not to the zeros after them.
  const seen = broadcastTo(lessEqual(arange(maxLength), index), [...batch, 1, 1, maxLength]);
  return [keys, values, combineMasks(mask, seen)];
}

/** Flax's `MultiHeadDotProductAttention.__call__`, for any of the classes. */
function multiHeadAttention(
  layer: AttentionLayer,
  inputsQ: NDArray,
  inputsK: NDArray | null | undefined,
  inputsV: NDArray | null | undefined,
  options: AttentionCallOptions,
): NDArray {
  const given = (v: NDArray | null | undefined): v is NDArray => v !== undefined && v !== null;
  if (given(options.inputsKv)) {
    if (given(inputsK) || given(inputsV)) {
      throw new Error(
        'If either `inputs_k` or `inputs_v` is not None, `inputs_kv` must be None. If `inputs_kv` is not None, ' +
          'both `inputs_k` and `inputs_v` must be None. We recommend using `inputs_k` and `inputs_v` args, since ' +
          '`inputs_kv` will be deprecated soon. See https://github.com/google/flax/discussions/3389 for more ' +
          'information.',
      );
    }
    inputsK = inputsV = options.inputsKv;
  } else if (!given(inputsK) && given(inputsV)) {
    throw new Error(
      '`inputs_k` cannot be None if `inputs_v` is not None. To have both `inputs_k` and `inputs_v` be the same ' +
        'value, pass in the value to `inputs_k` and leave `inputs_v` as None.',
    );
  }
  const keysIn = inputsK ?? inputsQ;
  const valuesIn = given(inputsV) ? inputsV : keysIn;

  const features = inputsQ.shape[inputsQ.rank - 1];
  const qkvFeatures = layer.qkvFeatures ?? features;
  if (qkvFeatures % layer.numHeads !== 0) {
    throw new Error(
      `Memory dimension (${qkvFeatures}) must be divisible by number of heads (${layer.numHeads}).`,
    );
  }
  // Projections to [batch..., length, numHeads, headDim].
  const dense = (name: string): DenseGeneral =>
    new DenseGeneral({
      features: [layer.numHeads, qkvFeatures / layer.numHeads],
      axis: -1,
      kernelInit: layer.kernelInit,
      biasInit: layer.biasInit,
      useBias: layer.useBias,
      name,
    });
  let query = dense('query').call(inputsQ);
  let key = dense('key').call(keysIn);
  let value = dense('value').call(valuesIn);
  if (layer.normalizeQk) {
    // Normalized queries and keys stabilize training at high learning rates (ViT-22B, arXiv:2302.05442).
    query = new LayerNorm({ name: 'query_ln', useBias: false }).call(query);
    key = new LayerNorm({ name: 'key_ln', useBias: false }).call(key);
  }
  let mask = options.mask;
  if (layer.decode) [key, value, mask] = decodeStep(layer, query, key, value, mask);

  let deterministic = true;
  let dropoutRng = options.dropoutRng;
  // `deterministic` is required only when there is dropout.
  if (layer.dropoutRate > 0) {
    deterministic = mergeParam('deterministic', layer.deterministic, options.deterministic);
    if (!deterministic && (dropoutRng === undefined || dropoutRng === null))
      dropoutRng = layer.makeRng('dropout');
  }
  const x = layer.attentionFn(query, key, value, {
    mask,
    dropoutRng,
    dropoutRate: layer.dropoutRate,
    broadcastDropout: layer.broadcastDropout,
    deterministic,
    module: options.sowWeights === true ? layer : undefined,
  });
  return new DenseGeneral({
    features: layer.outFeatures ?? features,
    axis: [-2, -1],
    kernelInit: layer.outKernelInit ?? layer.kernelInit,
    biasInit: layer.outBiasInit ?? layer.biasInit,
    useBias: layer.useBias,
    name: 'out',
  }).call(x);
}

/** Multi-head dot-product attention over queries and (by default the same) keys and values. */
export class MultiHeadDotProductAttention extends AttentionLayer {
  /** `[batch..., qLength, outFeatures]`: `inputsQ` attending to `inputsK` (default `inputsQ`) and `inputsV`. */
  call(inputsQ: NDArray, ...rest: AttentionCallArgs): NDArray {
    const last = rest[rest.length - 1];
    const options = last !== undefined && last !== null && !isNDArray(last) ? last : undefined;
    const hasOptions = options !== undefined;
    const inputs = (hasOptions ? rest.slice(0, -1) : rest) as (NDArray | null | undefined)[];
    return multiHeadAttention(this, inputsQ, inputs[0], inputs[1], options ?? {});
  }
}

/** {@link MultiHeadDotProductAttention} under another name: its instances are auto-named `MultiHeadAttention_N`. */
export class MultiHeadAttention extends MultiHeadDotProductAttention {}

/** Self-attention: {@link MultiHeadDotProductAttention} of `inputsQ` with itself (Flax deprecates it). */
export class SelfAttention extends AttentionLayer {
  /** `[batch..., length, outFeatures]`: the keyword arguments of the other classes, positionally, as Flax. */
  call(
    inputsQ: NDArray,
    mask?: ArrayLike | null,
    deterministic?: boolean,
    dropoutRng?: Key | null,
    sowWeights = false,
  ): NDArray {
    return multiHeadAttention(this, inputsQ, undefined, undefined, {
      mask,
      deterministic,
      dropoutRng,
      sowWeights,
    });
  }
}
