/**
 * `x.item()`, JAX's scalar accessor, on tfjs tensors too: `loss.item()` gives the number without `dataSync()[0]`
 * (which strict TypeScript types as `number | undefined`). Tracers have it as well (where it is a concretization
 * error, as in JAX). Importing flax-ts adds the method to tfjs's `Tensor`.
 *
 * @packageDocumentation
 */
import { Tensor, type Rank } from '@tensorflow/tfjs-core';

// The class is declared in tfjs-core's `dist/tensor` module (the package index re-exports it): merge there.
declare module '@tensorflow/tfjs-core/dist/tensor' {
  // Declaration merging needs the class's own type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Tensor<R extends Rank = Rank> {
    /**
     * The value of an array with exactly one element, as a number (booleans as 0 or 1), like JAX's `.item()`.
     *
     * @example
     * console.log(`loss ${loss.item().toFixed(4)}`);
     */
    item(): number;
  }
}

Object.defineProperty(Tensor.prototype, 'item', {
  configurable: true,
  writable: true,
  value: function item(this: Tensor): number {
    if (this.size !== 1) {
      throw new TypeError(
        `item() needs an array of size 1 (a scalar), but this one has shape [${this.shape.join(', ')}].`,
      );
    }
    return this.dataSync()[0];
  },
});
