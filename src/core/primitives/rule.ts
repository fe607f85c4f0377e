/**
 * The row every primitive has in the table: its shape rule, its concrete impl, its batching rule and its VJP,
 * side by side, so a primitive is added in one place and every transform knows it.
 *
 * @packageDocumentation
 */
import type { AbstractValue } from '../avals';
import type { ConcreteInfo, Value } from '../values';
import type { Primitive, PrimitiveParams } from './params';

/** What a batching rule knows of the `vmap` it serves. */
export interface BatchContext {
  readonly axisSize: number;
  readonly axisName: string | undefined;
}

/**
 * vmap's rule (JAX's `primitive_batchers`): `values` are the operands one level down, `batched[i]` says whether
 * operand i carries the batch axis (always at axis 0); at least one does. Returns the result one level down and
 * whether it carries the batch axis. Rules compute with `bind`, so they batch whatever the operands are.
 */
export type BatchRule<P extends Primitive> = (
  values: readonly Value[],
  batched: readonly boolean[],
  params: PrimitiveParams[P],
  context: BatchContext,
) => [Value, boolean];

/**
 * Reverse-mode rule: given the cotangent `ct` of the output (same shape and dtype as `out`), the primal operands and
 * output, returns the cotangent of each operand, or `null` where it is zero or not needed (`needs[i]` false). Rules
 * compute with `bind`, so gradients are themselves batchable, stageable and differentiable.
 */
export type VjpRule<P extends Primitive> = (
  ct: Value,
  primals: readonly Value[],
  out: Value,
  params: PrimitiveParams[P],
  needs: readonly boolean[],
) => (Value | null)[];

/** One primitive's row. */
export interface PrimitiveRule<P extends Primitive> {
  /** The name a staged program prints (JAX's, where JAX has the same primitive). */
  readonly jaxName: string;
  /** Shape and dtype of the result; operands are already checked by the np layer. */
  abstractEval(operands: readonly AbstractValue[], params: PrimitiveParams[P]): AbstractValue;
  /** Runs on concrete buffers by calling the backend's kernels directly (or host code for key arrays). */
  impl(operands: readonly ConcreteInfo[], params: PrimitiveParams[P]): ConcreteInfo;
  /** The vmap rule. */
  readonly batch: BatchRule<P>;
  /** The reverse-mode rule; absent when no gradient flows through the primitive (comparisons, random, …). */
  readonly vjp?: VjpRule<P>;
}

/** A table of rows, one per primitive of `P`. */
export type RuleTable<P extends Primitive> = { readonly [K in P]: PrimitiveRule<K> };
