/**
 * `Embed`: a learned lookup table from integer ids to vectors (Flax's `nn.Embed`).
 *
 * - `embedding` has shape `[numEmbeddings, features]`, made in `setup` with `embeddingInit` (default
 *   `varianceScaling(1, 'fan_in', 'normal', { outAxis: 0 })`, so each entry has variance 1 / features).
 * - `call(ids)` takes an integer array and returns `take(embedding, ids, axis 0)`, of shape `[...ids.shape,
 *   features]`; an id outside `[0, numEmbeddings)` gives NaN, as in Flax.
 * - `attend(query)` is `query · embeddingᵀ`: the logits of a language model that shares its input embedding.
 *
 * @example
 * const embed = new nn.Embed({ numEmbeddings: 10, features: 4 });
 * const variables = embed.init(random.key(0), [np.array([1, 2], { dtype: 'int32' })]);
 * const logits = embed.apply(variables, [np.ones([2, 4])], { method: 'attend' }); // shape [2, 10]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { broadcastTo, matmul, take, transpose } from '../core/np';
import { varianceScaling, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link Embed}. */
export interface EmbedAttrs {
  /** Number of rows of the table (the vocabulary size). */
  readonly numEmbeddings: number;
  /** Length of each embedding vector. */
  readonly features: number;
  /** Initializer of the table (default `varianceScaling(1, 'fan_in', 'normal', { outAxis: 0 })`). */
  readonly embeddingInit?: Initializer;
}

/** Maps integer ids in `[0, numEmbeddings)` to learned `features`-long vectors. */
export class Embed extends Module<EmbedAttrs> {
  static override compact = null;
  readonly numEmbeddings = this.attr('numEmbeddings', rules.positiveInteger);
  readonly features = this.attr('features', rules.positiveInteger);
  readonly embeddingInit = this.attr(
    'embeddingInit',
    varianceScaling(1, 'fan_in', 'normal', { outAxis: 0 }),
    rules.initializer,
  );
  /** The table, `[numEmbeddings, features]`. */
  embedding!: NDArray;

  override setup(): void {
    this.embedding = this.param('embedding', this.embeddingInit, [this.numEmbeddings, this.features]);
  }

  /** The rows of the table picked by `inputs` (integer ids): shape `[...inputs.shape, features]`. */
  call(inputs: NDArray): NDArray {
    if (inputs.dtype !== 'int32') throw new Error('Input type must be an integer or unsigned integer.');
    // One row: Flax broadcasts it instead of gathering (every id reads row 0).
    if (this.numEmbeddings === 1) return broadcastTo(this.embedding, [...inputs.shape, this.features]);
    return take(this.embedding, inputs, 0);
  }

  /** `query · embeddingᵀ` over the last axis of `query` (of length `features`): shape `[..., numEmbeddings]`. */
  attend(query: NDArray): NDArray {
    return matmul(query, transpose(this.embedding));
  }
}
