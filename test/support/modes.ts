// The two ways a parity suite runs each computation: eagerly, and staged by jit (the same tolerances apply).
import { jit } from '../../src';

/** A way to run a function: as it is, or compiled by `jit`. */
export interface Mode {
  readonly name: string;
  readonly stage: <F extends (...args: never[]) => unknown>(fn: F) => F;
}

export const MODES: readonly Mode[] = [
  { name: 'eager', stage: (fn) => fn },
  { name: 'under jit', stage: (fn) => jit(fn) },
];
