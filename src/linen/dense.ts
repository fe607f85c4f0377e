/**
 * `Dense`: a linear layer over the last axis, `y = x · kernel + bias` (Flax's `nn.Dense`).
 *
 * - `kernel` has shape `[x.shape[-1], features]` and is created first, with `kernelInit` (LeCun normal by
 *   default); then `bias` of shape `[features]` with `biasInit` (zeros), unless `useBias` is false.
 * - Inputs of any rank ≥ 1 work: every leading axis is kept.
 * - Errors: `apply` with a kernel of another shape throws Flax's ScopeParamShapeError.
 *
 * @example
 * const dense = new nn.Dense({ features: 4 });
 * const variables = dense.init(random.key(0), [np.ones([1, 3])]);
 * const y = dense.apply(variables, [np.ones([2, 3])]); // shape [2, 4]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, matmul } from '../core/np';
import { lecunNormal, zeros, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link Dense}. */
export interface DenseAttrs {
  /** Number of output features. */
  readonly features: number;
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Initializer of the kernel (default `lecunNormal()`). */
  readonly kernelInit?: Initializer;
  /** Initializer of the bias (default `zeros`). */
  readonly biasInit?: Initializer;
}

/** A linear transformation of the last axis. */
export class Dense extends Module<DenseAttrs> {
  readonly features = this.attr('features', rules.positiveInteger);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly kernelInit = this.attr('kernelInit', lecunNormal(), rules.initializer);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);

  /** `inputs · kernel + bias`, contracting the last axis of `inputs`. */
  call(inputs: NDArray): NDArray {
    if (inputs.shape.length === 0)
      throw new Error('Dense: the input must have at least one axis, got a scalar.');
    const kernel = this.param('kernel', this.kernelInit, [
      inputs.shape[inputs.shape.length - 1],
      this.features,
    ]);
    const y = matmul(inputs, kernel);
    return this.useBias ? add(y, this.param('bias', this.biasInit, [this.features])) : y;
  }
}
