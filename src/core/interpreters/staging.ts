/**
 * Staging (JAX's `DynamicJaxprTrace`): runs a function on abstract values and records every primitive it applies as
 * an equation of a {@link Program}. `jit` and `makeJaxpr` are built on it.
 *
 * Values the function did not receive as arguments become part of the program: scalars as literals, other arrays
 * as constants (the program keeps its own handle), and tracers of an enclosing transform as extra inputs.
 *
 * @packageDocumentation
 */
import { engine, keep, Tensor } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import type { AbstractValue } from '../avals';
import { download, runKernel, wrap } from '../executor/kernels';
import { ruleOf, type Primitive, type PrimitiveParams } from '../primitives';
import { evalProgram, literal, type Atom, type Equation, type Program, type Var } from '../program';
import { ConcretizationError, Trace, Tracer, withNewTrace } from '../trace';
import { treeFlatten, type TreeDef } from '../tree';
import { avalOf, type Concrete, type Value } from '../values';

/** The argument descriptions a value depends on, kept short in messages. */
const MAX_PROVENANCE = 3;

/** One function being staged. */
export class StagingTrace extends Trace {
  readonly equations: Equation[] = [];
  readonly inputs: Var[] = [];
  readonly consts: Var[] = [];
  readonly constValues: Concrete[] = [];
  /** Tracers of enclosing transforms that the function closed over: extra inputs, passed at call time. */
  readonly captured: Value[] = [];
  private readonly capturedVars: Var[] = [];
  private readonly constOf = new Map<object, Atom>();
  private readonly provenance = new Map<number, readonly string[]>();
  private nextId = 0;

  constructor(
    parent: Trace,
    /** What is being staged, for messages: `jit of trainStep`. */
    readonly label: string,
  ) {
    super(parent);
  }

  describe(): string {
    return this.label;
  }

  private newVar(aval: AbstractValue): Var {
    return { kind: 'var', id: this.nextId++, aval };
  }

  /** A new program input of abstract value `aval`; `description` names the argument it stands for. */
  newInput(aval: AbstractValue, description: string): StagingTracer {
    const v = this.newVar(aval);
    this.inputs.push(v);
    this.provenance.set(v.id, [description]);
    return new StagingTracer(this, v);
  }

  /** The atom standing for `value` in this program. */
  atomOf(value: Value): Atom {
    if (value instanceof StagingTracer && value.trace === this) return value.atom;
    const known = this.constOf.get(value);
    if (known !== undefined) return known;
    let atom: Atom;
    if (value instanceof Tracer) {
      // A value of an enclosing transform: an extra input of the program.
      const v = this.newVar(value.aval);
      this.capturedVars.push(v);
      this.captured.push(value);
      atom = v;
    } else if (value instanceof Tensor && value.rank === 0) {
      const [x] = download(value);
      atom = literal(value.dtype === 'bool' ? x !== 0 : x, avalOf(value));
    } else {
      const v = this.newVar(avalOf(value));
      this.consts.push(v);
      // The program outlives the caller's handle: it keeps its own, out of any enclosing tidy.
      this.constValues.push(value instanceof Key ? value : keep(wrap(runKernel('Identity', { x: value }))));
      atom = v;
    }
    this.constOf.set(value, atom);
    return atom;
  }

  processPrimitive<P extends Primitive>(
    primitive: P,
    args: readonly Value[],
    params: PrimitiveParams[P],
  ): Value {
    const inputs = args.map((a) => this.atomOf(a));
    const aval = ruleOf(primitive).abstractEval(
      inputs.map((a) => a.aval),
      params,
    );
    if (primitive === 'full' && aval.shape.length === 0) {
      return new StagingTracer(this, literal((params as PrimitiveParams['full']).value, aval));
    }
    const out = this.newVar(aval);
    this.equations.push({ primitive, inputs, outputs: [out], params });
    this.provenance.set(out.id, this.dependencies(inputs));
    return new StagingTracer(this, out);
  }

  processCall(program: Program, args: readonly Value[]): Value[] {
    return evalProgram(program, args);
  }

  private dependencies(inputs: readonly Atom[]): readonly string[] {
    const all = new Set<string>();
    for (const a of inputs) if (a.kind === 'var') for (const d of this.provenance.get(a.id) ?? []) all.add(d);
    return [...all].slice(0, MAX_PROVENANCE);
  }

  override concretizationError(tracer: Tracer, what: string): Error {
    const atom = (tracer as StagingTracer).atom;
    const deps = atom.kind === 'var' ? (this.provenance.get(atom.id) ?? []) : [];
    const because =
      deps.length > 0
        ? `it depends on the value of ${deps.join(', ')}`
        : 'it is computed inside the function, so it only exists when the compiled program runs';
    const argnums = [
      ...new Set(deps.map((d) => /^argument (\d+)/.exec(d)?.[1]).filter((n) => n !== undefined)),
    ];
    const hint =
      argnums.length > 0
        ? `\nIf that argument is a setting rather than data (a flag, a size, a model), mark it static: ` +
          `jit(fn, { staticArgnums: [${argnums.join(', ')}] }); the function is then traced once per value of it.`
        : '';
    return new ConcretizationError(
      `Abstract tracer value encountered where concrete value is expected: traced array with shape ` +
        `${tracer.dtype}${JSON.stringify(tracer.shape)}.\nThe problem arose with ${what}.\n` +
        `The error occurred while tracing the function for ${this.label}. This concrete value was not available ` +
        `in JavaScript because ${because}.${hint}`,
    );
  }

  /** The program whose results are `outputs`. */
  finish(outputs: readonly Atom[]): Program {
    return {
      inputs: [...this.inputs, ...this.capturedVars],
      consts: this.consts,
      constValues: this.constValues,
      equations: this.equations,
      outputs,
    };
  }
}

/** A value in a function being staged: a variable (or literal) of the program. */
export class StagingTracer extends Tracer {
  constructor(
    readonly trace: StagingTrace,
    readonly atom: Atom,
  ) {
    super();
  }

  get aval(): AbstractValue {
    return this.atom.aval;
  }
}

/** One leaf of a staged function's arguments: its abstract value and where it sits. */
export interface StagedInput {
  readonly aval: AbstractValue;
  readonly description: string;
}

/** What staging a function gives: its program, and how to rebuild its result from the program's outputs. */
export interface Staged {
  readonly program: Program;
  /** Tracers of enclosing transforms the function closed over, to pass after the arguments. */
  readonly captured: readonly Value[];
  readonly outDef: TreeDef;
  /** For each leaf of the result: the index of the program output it is, or the (static) value itself. */
  readonly outLeaves: readonly ({ readonly output: number } | { readonly value: unknown })[];
}

function isValue(leaf: unknown): leaf is Value {
  return leaf instanceof Tensor || leaf instanceof Key || leaf instanceof Tracer;
}

/**
 * Stages `fn`: `build(inputs)` turns one tracer per input leaf into the call's arguments. Arrays the function
 * creates while being traced (outside primitives, e.g. from JavaScript lists) are freed afterwards; the program
 * keeps its own handles on those it uses.
 */
export function stage(
  label: string,
  inputs: readonly StagedInput[],
  call: (tracers: readonly StagingTracer[]) => unknown,
): Staged {
  const eng = engine();
  eng.startScope('stage');
  try {
    return withNewTrace(
      (parent) => new StagingTrace(parent, label),
      (trace) => {
        const tracers = inputs.map(({ aval, description }) => trace.newInput(aval, description));
        const result = call(tracers);
        const [leaves, outDef] = treeFlatten(result);
        const outputs: Atom[] = [];
        const outLeaves = leaves.map((leaf) => {
          if (!isValue(leaf)) return { value: leaf };
          outputs.push(trace.atomOf(leaf));
          return { output: outputs.length - 1 };
        });
        return { program: trace.finish(outputs), captured: trace.captured, outDef, outLeaves };
      },
    );
  } finally {
    eng.endScope();
  }
}
