/**
 * Printing staged programs the way JAX prints jaxprs:
 * `{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c,) }`, on several lines when
 * that does not fit. Variables are named a, b, …, z, ba, bb, … in order of appearance.
 *
 * @packageDocumentation
 */
import { formatAval } from './avals';
import type { Atom, Equation, Program, Var } from './program';
import { ruleOf } from './primitives';

const WIDTH = 100;

/** a, b, …, z, ba, bb, … (JAX's naming: base 26 with the first digit from b on). */
function variableName(index: number): string {
  let name = '';
  let n = index;
  do {
    name = String.fromCharCode(97 + (n % 26)) + name;
    n = Math.floor(n / 26);
  } while (n > 0);
  return name;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A parameter value in Python's notation: tuples for arrays, True/False. */
function formatParam(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(formatParam);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value, false);
  return String(value);
}

function formatNumber(value: number, isFloat: boolean): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  return isFloat && Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** Formats a program; `names` is filled with the variable names it gives out. */
export function formatProgram(program: Program): string {
  const names = new Map<number, string>();
  const name = (v: Var): string => {
    let n = names.get(v.id);
    if (n === undefined) {
      n = variableName(names.size);
      names.set(v.id, n);
    }
    return n;
  };
  const atom = (a: Atom): string => {
    if (a.kind === 'var') return name(a);
    const value =
      typeof a.value === 'boolean'
        ? a.value
          ? 'True'
          : 'False'
        : formatNumber(a.value, a.aval.dtype === 'float32');
    return `${value}:${formatAval(a.aval)}`;
  };
  const binder = (v: Var): string => `${name(v)}:${formatAval(v.aval)}`;
  const consts = program.consts.map(binder).join(' ');
  const inputs = program.inputs.map(binder).join(' ');
  const equations = program.equations.map((eqn) => formatEquation(eqn, binder, atom));
  const outputs = program.outputs.map(atom);
  const result = outputs.length === 1 ? `(${outputs[0]},)` : `(${outputs.join(', ')})`;
  const header = `{ lambda ${consts}; ${inputs}. let`;
  const oneLine = `${header} ${equations.join('; ')} in ${result} }`;
  if (oneLine.length <= WIDTH && !oneLine.includes('\n')) return oneLine;
  const body = equations.map((e) => `    ${e.replace(/\n/g, '\n    ')}`).join('\n');
  return `${header}\n${body}\n  in ${result} }`;
}

function formatEquation(eqn: Equation, binder: (v: Var) => string, atom: (a: Atom) => string): string {
  const params = Object.entries(eqn.params as Record<string, unknown>).map(
    ([key, value]) => `${snakeCase(key)}=${formatParam(value)}`,
  );
  const head = `${eqn.outputs.map(binder).join(' ')} = ${ruleOf(eqn.primitive).jaxName}`;
  const args = eqn.inputs.map(atom).join(' ');
  const inline = params.length === 0 ? `${head} ${args}` : `${head}[${params.join(' ')}] ${args}`;
  if (inline.length <= WIDTH - 4) return inline.trimEnd();
  return `${head}[\n  ${params.join('\n  ')}\n] ${args}`.trimEnd();
}
