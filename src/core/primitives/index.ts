/**
 * The primitive table: every primitive's row (shape rule, concrete impl, batching rule, VJP), gathered from the
 * families that define them. The interpreters look rows up here.
 *
 * @packageDocumentation
 */
import { collectiveRules } from './collectives';
import { convolutionRules } from './convolution';
import { elementwiseRules } from './elementwise';
import { indexingRules } from './indexing';
import { linalgRules } from './linalg';
import type { Primitive } from './params';
import { poolingRules } from './pooling';
import { randomRules } from './random';
import { reductionRules } from './reductions';
import { scanRules } from './scan';
import { scatterRules } from './scatter';
import { sortRules } from './sort';
import type { PrimitiveRule, RuleTable } from './rule';
import { structureRules } from './structure';

/** Every primitive's row, by name. */
export const rules: RuleTable<Primitive> = {
  ...elementwiseRules,
  ...reductionRules,
  ...linalgRules,
  ...convolutionRules,
  ...poolingRules,
  ...structureRules,
  ...indexingRules,
  ...scatterRules,
  ...scanRules,
  ...sortRules,
  ...collectiveRules,
  ...randomRules,
};

/** The row of `primitive`. */
export function ruleOf<P extends Primitive>(primitive: P): PrimitiveRule<P> {
  return rules[primitive];
}

export type { Primitive, PrimitiveParams } from './params';
export type { BatchContext, PrimitiveRule } from './rule';
export { reduceOverAxis } from './collectives';
