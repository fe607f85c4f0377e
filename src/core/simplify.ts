/**
 * Simplifications of a staged program before it runs, each keeping its values bit for bit:
 * - forwarding of equations that compute their operand again (identity reshapes, casts to the same dtype,
 *   `stop_gradient`, multiplying by a literal 1, …);
 * - folding of scalar arithmetic on literals (float32 `+ − × ÷` are correctly rounded in double precision, so
 *   JavaScript computes exactly what the kernel would);
 * - broadcasts an elementwise operation does not need (numpy broadcasting gives the same result without the copy);
 * - common subexpressions (every primitive is a pure function of its operands and params, PRNG ones included);
 * - dead code.
 *
 * @packageDocumentation
 */
import { sameShape } from './avals';
import { literal, type Atom, type Equation, type Literal, type Program, type Var } from './program';
import { BINARY_PRIMITIVES, type Primitive } from './primitives/params';
import { broadcastShapes } from './shapes';

/** The operand an equation merely passes through, if it does. */
function forwarded(eqn: Equation): Atom | undefined {
  const [x, y] = eqn.inputs;
  const out = eqn.outputs[0].aval;
  const same = (a: Atom): boolean => sameShape(a.aval.shape, out.shape) && a.aval.dtype === out.dtype;
  const isLiteral = (a: Atom | undefined, value: number): boolean =>
    a?.kind === 'literal' && a.value === value;
  switch (eqn.primitive) {
    case 'stopGradient':
      return x;
    case 'reshape':
    case 'broadcastTo':
    case 'convertElementType':
    case 'transpose':
    case 'pad':
    case 'slice':
    case 'reduceSum':
    case 'reduceMax':
    case 'reduceMin':
    case 'reduceProd':
    case 'mean':
      // With nothing to move, cast, pad, cut or reduce, these return their operand.
      return same(x) && !permutes(eqn) ? x : undefined;
    case 'mul':
      if (isLiteral(y, 1) && same(x)) return x;
      return isLiteral(x, 1) && same(y) ? y : undefined;
    case 'add':
      if (isLiteral(y, 0) && same(x)) return x;
      return isLiteral(x, 0) && same(y) ? y : undefined;
    case 'sub':
    case 'div':
      return isLiteral(y, eqn.primitive === 'sub' ? 0 : 1) && same(x) ? x : undefined;
    default:
      return undefined;
  }
}

/** True for a transpose that actually moves axes (a same-shape result can still be a permutation). */
function permutes(eqn: Equation): boolean {
  if (eqn.primitive !== 'transpose') return false;
  return (eqn.params as { perm: readonly number[] }).perm.some((p, i) => p !== i);
}

const FOLDABLE: Partial<Record<Primitive, (a: number, b: number) => number | boolean>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  min: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

/** The literal a binary operation on two literals gives, in the result's dtype; undefined if not foldable. */
function folded(eqn: Equation): Literal | undefined {
  const fold = FOLDABLE[eqn.primitive];
  const [x, y] = eqn.inputs;
  if (fold === undefined || x.kind !== 'literal' || y.kind !== 'literal') return undefined;
  const out = eqn.outputs[0].aval;
  const value = fold(Number(x.value), Number(y.value));
  if (typeof value === 'boolean') return literal(value, out);
  if (out.dtype === 'float32') return literal(Math.fround(value), out);
  if (out.dtype !== 'int32' || eqn.primitive === 'div') return undefined;
  // Wrap around as int32 does (a product of two int32s can exceed a double's exact range: Math.imul).
  return literal(eqn.primitive === 'mul' ? Math.imul(Number(x.value), Number(y.value)) : value | 0, out);
}

/** Elementwise primitives whose operands numpy-broadcast against each other. */
const BROADCASTING = new Set<Primitive>([...BINARY_PRIMITIVES, 'select']);

/**
 * The operand `atom` was made from when that made it only by broadcasting it (a `broadcastTo`, or a reshape that
 * only adds leading 1s): elementwise operations broadcast by themselves.
 */
function broadcastSource(atom: Atom, producers: ReadonlyMap<number, Equation>): Atom | undefined {
  if (atom.kind !== 'var') return undefined;
  const eqn = producers.get(atom.id);
  if (eqn === undefined) return undefined;
  const source = eqn.inputs[0];
  if (eqn.primitive === 'broadcastTo') return source;
  if (eqn.primitive !== 'reshape') return undefined;
  const [from, to] = [source.aval.shape, atom.aval.shape];
  const lead = to.length - from.length;
  const onlyLeadingOnes =
    lead >= 0 && to.slice(0, lead).every((d) => d === 1) && sameShape(to.slice(lead), from);
  return onlyLeadingOnes ? source : undefined;
}

/** `eqn` with every operand that was only broadcast replaced by its source, when the result shape allows. */
function withoutBroadcasts(eqn: Equation, producers: ReadonlyMap<number, Equation>): Equation {
  if (!BROADCASTING.has(eqn.primitive)) return eqn;
  const outShape = eqn.outputs[0].aval.shape;
  const inputs = [...eqn.inputs];
  for (let i = 0; i < inputs.length; i++) {
    for (let source = broadcastSource(inputs[i], producers); source !== undefined;) {
      const candidate = inputs.map((a, j) => (j === i ? source : a)) as Atom[];
      const shape = candidate.reduce<readonly number[]>((s, a) => broadcastShapes(s, a.aval.shape), []);
      if (!sameShape(shape, outShape)) break;
      inputs[i] = source;
      source = broadcastSource(source, producers);
    }
  }
  return { ...eqn, inputs };
}

function atomKey(atom: Atom): string {
  return atom.kind === 'var' ? `v${atom.id}` : `${atom.aval.dtype}:${String(atom.value)}`;
}

/** Forwarding and common subexpressions, in one pass in program order. */
function forwardAndShare(program: Program): Program {
  const replaced = new Map<number, Atom>();
  const resolve = (atom: Atom): Atom => (atom.kind === 'var' ? (replaced.get(atom.id) ?? atom) : atom);
  const seen = new Map<string, Var>();
  const producers = new Map<number, Equation>();
  const equations: Equation[] = [];
  for (const original of program.equations) {
    const eqn = withoutBroadcasts({ ...original, inputs: original.inputs.map(resolve) }, producers);
    const out = eqn.outputs[0];
    const through = forwarded(eqn) ?? folded(eqn);
    if (through !== undefined) {
      replaced.set(out.id, through);
      continue;
    }
    const key = `${eqn.primitive}(${eqn.inputs.map(atomKey).join(',')})${JSON.stringify(eqn.params)}`;
    const twin = seen.get(key);
    if (twin !== undefined) {
      replaced.set(out.id, twin);
      continue;
    }
    seen.set(key, out);
    producers.set(out.id, eqn);
    equations.push(eqn);
  }
  return { ...program, equations, outputs: program.outputs.map(resolve) };
}

/** Drops equations whose results nothing needs. */
function dropDeadCode(program: Program): Program {
  const live = new Set<number>();
  const mark = (atom: Atom): void => {
    if (atom.kind === 'var') live.add(atom.id);
  };
  program.outputs.forEach(mark);
  const kept: Equation[] = [];
  for (let i = program.equations.length - 1; i >= 0; i--) {
    const eqn = program.equations[i];
    if (!eqn.outputs.some((o) => live.has(o.id))) continue;
    eqn.inputs.forEach(mark);
    kept.push(eqn);
  }
  return { ...program, equations: kept.reverse() };
}

/** The program with forwarding, common subexpression and dead-code elimination applied. */
export function simplify(program: Program): Program {
  return dropDeadCode(forwardAndShare(program));
}
