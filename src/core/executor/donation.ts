/**
 * Donated arrays (`jit`'s `donateArgnums`): their buffers are released after the call, and reading one afterwards
 * says it was donated instead of tfjs's bare "Tensor is disposed".
 *
 * @packageDocumentation
 */
import { Tensor } from '@tensorflow/tfjs-core';

/**
 * Marks a donated tensor. A property on the (already released) tensor rather than a WeakSet: adding to a WeakSet
 * costs about 0.7 µs per tensor (an identity hash and an ephemeron entry for the collector), which a jitted step
 * donating a model's every parameter paid on each call.
 */
const DONATED = Symbol('flax-ts donated');

type Marked = Tensor & { [DONATED]?: true };

function isDonated(tensor: Tensor): boolean {
  return (tensor as Marked)[DONATED] === true;
}

const DONATED_MESSAGE =
  'This array was donated to a jit-compiled function (donateArgnums) and its buffer has been released. ' +
  "Use the function's outputs instead, or leave the argument out of donateArgnums.";

/** Releases `tensor`'s buffer as a donation. */
export function donate(tensor: Tensor): void {
  tensor.dispose();
  (tensor as Marked)[DONATED] = true;
}

/** The error for using a disposed (or donated) array as an operand. */
export function disposedError(tensor: Tensor): Error {
  return new Error(
    isDonated(tensor)
      ? DONATED_MESSAGE
      : 'This array has been disposed (by dispose(), tidy or a training step that replaced it) and can no longer be used.',
  );
}

// tfjs checks every read (dataSync, arraySync, print, …) with throwIfDisposed: name donation there too.
type Check = (this: Tensor) => void;
const prototype = Tensor.prototype as unknown as { throwIfDisposed: Check };
const throwIfDisposed = Object.getOwnPropertyDescriptor(prototype, 'throwIfDisposed')?.value as Check;
prototype.throwIfDisposed = function (this: Tensor): void {
  if (this.isDisposed && isDonated(this)) throw new Error(DONATED_MESSAGE);
  throwIfDisposed.call(this);
};
