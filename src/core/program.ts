/**
 * Staged programs (JAX's jaxprs): what `jit` and `makeJaxpr` produce by tracing a function on abstract values. A
 * program is a list of equations over variables, in the order they were traced; every interpreter can run one by
 * binding its equations again ({@link evalProgram}), and the executor runs one on kernels directly.
 *
 * @packageDocumentation
 */
import type { AbstractValue } from './avals';
import type { Primitive, PrimitiveParams } from './primitives/params';
import { bind } from './trace';
import type { Concrete, Value } from './values';

/** A value computed in a program. */
export interface Var {
  readonly kind: 'var';
  readonly id: number;
  readonly aval: AbstractValue;
}

/** A scalar constant written into the program (JAX prints it inline, e.g. `2.0:f32[]`). */
export interface Literal {
  readonly kind: 'literal';
  readonly value: number | boolean;
  readonly aval: AbstractValue;
}

/** An equation's operand or a program's output. */
export type Atom = Var | Literal;

/** One primitive application: `outputs = primitive[params](inputs)`. */
export interface Equation<P extends Primitive = Primitive> {
  readonly primitive: P;
  readonly inputs: readonly Atom[];
  readonly outputs: readonly Var[];
  readonly params: PrimitiveParams[P];
}

/** A traced function: inputs, captured constants, equations in dependency order, outputs. */
export interface Program {
  readonly inputs: readonly Var[];
  /** Arrays the function closed over, with their values (the program owns these handles). */
  readonly consts: readonly Var[];
  readonly constValues: readonly Concrete[];
  readonly equations: readonly Equation[];
  readonly outputs: readonly Atom[];
}

/** A literal atom. */
export function literal(value: number | boolean, aval: AbstractValue): Literal {
  return { kind: 'literal', value, aval };
}

/**
 * Runs `program` by binding each equation on the current trace: how `vmap`, `grad` and an enclosing `jit` see a
 * jitted function (JAX inlines `pjit` the same way when transforming it).
 */
export function evalProgram(program: Program, args: readonly Value[]): Value[] {
  const env = new Map<number, Value>();
  program.inputs.forEach((v, i) => env.set(v.id, args[i]));
  program.consts.forEach((v, i) => env.set(v.id, program.constValues[i]));
  const read = (atom: Atom): Value => {
    if (atom.kind === 'literal') {
      return bind('full', [], { shape: [], dtype: atom.aval.dtype, value: atom.value });
    }
    const value = env.get(atom.id);
    if (value === undefined)
      throw new Error(`Internal error: variable ${atom.id} is used before it is defined.`);
    return value;
  };
  for (const eqn of program.equations) {
    const out = bind(eqn.primitive, eqn.inputs.map(read), eqn.params as never);
    env.set(eqn.outputs[0].id, out);
  }
  return program.outputs.map(read);
}
