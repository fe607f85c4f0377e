/**
 * `Dropout` (Flax's `nn.Dropout`): while training, zeroes each element with probability `rate` and scales the
 * others by `1 / (1 − rate)`, so the expected value is unchanged.
 *
 * - `deterministic` goes to the constructor or to `call`, exactly once (checked first, so it is required even
 *   when `rate` is 0). Deterministic, or `rate` 0: the input unchanged. `rate` 1: zeros.
 * - Otherwise the mask is `bernoulli(key, 1 − rate, shape)` with `key` from the `'dropout'` rng stream (or the
 *   `rng` argument); axes in `broadcastDims` share one mask value (shape 1 there).
 * - Errors: no `'dropout'` (nor `'params'`) key given to `apply` throws Flax's InvalidRngError.
 *
 * @example
 * const dropout = new nn.Dropout({ rate: 0.5 });
 * const y = dropout.apply({}, [x, false], { rngs: { dropout: random.key(1) } });
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { broadcastTo, divide, where, zerosLike } from '../core/np';
import { normalizeAxis } from '../core/shapes';
import { bernoulli, type Key } from '../core/random';
import { mergeParam } from './merge-param';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link Dropout}. */
export interface DropoutAttrs {
  /** Probability of dropping an element (not the keep rate). */
  readonly rate: number;
  /** Axes along which the mask is shared. */
  readonly broadcastDims?: readonly number[];
  /** No dropout (evaluation); or pass it to `call`. */
  readonly deterministic?: boolean;
  /** The rng stream of the masks (default `'dropout'`). */
  readonly rngCollection?: string;
}

/** Randomly zeroes inputs while training. */
export class Dropout extends Module<DropoutAttrs, never> {
  readonly rate = this.attr('rate', rules.probability);
  readonly broadcastDims = this.attr('broadcastDims', [], rules.integerList);
  readonly deterministic = this.attr('deterministic', undefined, rules.boolean);
  readonly rngCollection = this.attr('rngCollection', 'dropout', rules.nonEmptyString);

  /** Applies a random mask to `inputs` unless deterministic; `rng` overrides the stream's key. */
  call(inputs: NDArray, deterministic?: boolean, rng?: Key): NDArray {
    const isDeterministic = mergeParam('deterministic', this.deterministic, deterministic);
    if (this.rate === 0 || isDeterministic) return inputs;
    // Zeros rather than x·0/0, so gradients stay finite (as Flax does for this edge case).
    if (this.rate === 1) return zerosLike(inputs);
    const keep = 1 - this.rate;
    const mask = keepMask(rng ?? this.makeRng(this.rngCollection), keep, inputs.shape, this.broadcastDims);
    return where(mask, divide(inputs, keep), zerosLike(inputs));
  }
}

/**
 * Dropout's mask: `bernoulli(key, keep, shape)` drawn with size 1 on the `broadcastDims` axes (so they share one
 * value), then broadcast to `shape`. Attention's dropout draws its mask the same way.
 */
export function keepMask(
  key: Key,
  keep: number,
  shape: readonly number[],
  broadcastDims: readonly number[],
): NDArray {
  const maskShape = [...shape];
  for (const dim of broadcastDims) maskShape[normalizeAxis(dim, maskShape.length)] = 1;
  return broadcastTo(bernoulli(key, keep, maskShape), shape);
}
