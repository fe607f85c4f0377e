// Builds the flax-ts object a fixture spec describes (test/parity/optax.py writes the specs and builds the same
// expression with optax): {"fn": name, "args": [...], "options": {...}} is optax[name](...args, options), specs
// nested anywhere inside args and options are built first, and every other value is kept as it is.
import * as optax from '../../src/optax';

/** A fixture spec: a call, or a plain JSON value (numbers, masks, label trees) that may contain calls. */
export type Spec = { fn: string; args?: Spec[]; options?: Record<string, Spec> } | SpecValue;
type SpecValue = number | string | boolean | null | Spec[] | { [key: string]: Spec };

type Builder = (...args: unknown[]) => unknown;

/** The optax functions the fixture uses, by their flax-ts names. */
const FUNCTIONS: Record<string, Builder> = {
  adam: optax.adam as Builder,
  adamw: optax.adamw as Builder,
  rmsprop: optax.rmsprop as Builder,
  adagrad: optax.adagrad as Builder,
  lion: optax.lion as Builder,
  sgd: optax.sgd as Builder,
  scale: optax.scale as Builder,
  scaleByLion: optax.scaleByLion as Builder,
  clipByGlobalNorm: optax.clipByGlobalNorm as Builder,
  addDecayedWeights: optax.addDecayedWeights as Builder,
  masked: optax.masked as Builder,
  multiTransform: optax.multiTransform as Builder,
  constantSchedule: optax.constantSchedule as Builder,
  linearSchedule: optax.linearSchedule as Builder,
  polynomialSchedule: optax.polynomialSchedule as Builder,
  cosineDecaySchedule: optax.cosineDecaySchedule as Builder,
  warmupCosineDecaySchedule: optax.warmupCosineDecaySchedule as Builder,
  exponentialDecay: optax.exponentialDecay as Builder,
  joinSchedules: optax.joinSchedules as Builder,
};

function isCall(spec: Spec): spec is { fn: string; args?: Spec[]; options?: Record<string, Spec> } {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) && typeof spec.fn === 'string';
}

/** The value `spec` describes. */
export function build(spec: Spec): unknown {
  if (Array.isArray(spec)) return spec.map(build);
  if (typeof spec !== 'object' || spec === null) return spec;
  if (!isCall(spec)) return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, build(v)]));
  const args = (spec.args ?? []).map(build);
  if (spec.fn === 'chain') return optax.chain(...(args as optax.GradientTransformation[]));
  const fn = FUNCTIONS[spec.fn] as Builder | undefined;
  if (fn === undefined) throw new Error(`spec: no function ${spec.fn} in the builder's table`);
  const options = Object.fromEntries(Object.entries(spec.options ?? {}).map(([k, v]) => [k, build(v)]));
  return Object.keys(options).length === 0 ? fn(...args) : fn(...args, options);
}

/** A spec as short text for test titles: `adamw(0.01, {weightDecay: 0.1})`. */
export function describeSpec(spec: Spec): string {
  if (Array.isArray(spec)) return `[${spec.map(describeSpec).join(', ')}]`;
  if (typeof spec !== 'object' || spec === null) return JSON.stringify(spec);
  if (!isCall(spec)) {
    return `{${Object.entries(spec)
      .map(([k, v]) => `${k}: ${describeSpec(v)}`)
      .join(', ')}}`;
  }
  const args = (spec.args ?? []).map(describeSpec);
  const options = Object.entries(spec.options ?? {});
  if (options.length > 0) args.push(`{${options.map(([k, v]) => `${k}: ${describeSpec(v)}`).join(', ')}}`);
  return `${spec.fn}(${args.join(', ')})`;
}
