/**
 * The executor: runs a staged program on concrete values by calling each primitive's impl (the backend's kernels,
 * called directly), freeing every intermediate buffer right after its last use. What comes out belongs to the
 * caller; the inputs stay the caller's; nothing else survives a run.
 *
 * A program is compiled once per backend: slots for its values, literal buffers uploaded once (kept for the life of
 * the program), and for each equation the list of buffers that die after it.
 *
 * @packageDocumentation
 */
import { engine, keep, Tensor } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import { ruleOf } from '../primitives';
import type { Atom, Equation, Program } from '../program';
import type { Concrete, ConcreteInfo } from '../values';
import { free, runKernel, wrap } from './kernels';

interface Step {
  readonly eqn: Equation;
  readonly inputs: readonly number[];
  readonly output: number;
  /** Slots whose last use is this step (and that the step may free). */
  readonly frees: readonly number[];
}

interface Compiled {
  readonly slotCount: number;
  readonly inputSlots: readonly number[];
  readonly constSlots: readonly number[];
  readonly literalSlots: readonly (readonly [number, Tensor])[];
  readonly steps: readonly Step[];
  readonly outputSlots: readonly number[];
  /** Slots filled by equations (the only buffers a run allocates). */
  readonly produced: ReadonlySet<number>;
}

const compiled = new WeakMap<Program, Map<string, Compiled>>();

function compile(program: Program): Compiled {
  const slotOf = new Map<string, number>();
  let slotCount = 0;
  const slot = (key: string): number => {
    let s = slotOf.get(key);
    if (s === undefined) {
      s = slotCount++;
      slotOf.set(key, s);
    }
    return s;
  };
  const literalSlots: [number, Tensor][] = [];
  const atomSlot = (atom: Atom): number => {
    if (atom.kind === 'var') return slot(`v${atom.id}`);
    const key = `l${atom.aval.dtype}:${String(atom.value)}`;
    if (!slotOf.has(key)) {
      const { dtype } = atom.aval;
      if (dtype === 'key') throw new Error('Internal error: a key literal.');
      const value = runKernel('Fill', {}, { shape: [], value: Number(atom.value), dtype });
      // Literals live as long as the program: kept out of whatever tidy scope the first run happens in.
      literalSlots.push([slot(key), keep(wrap(value))]);
    }
    return slot(key);
  };
  const inputSlots = program.inputs.map(atomSlot);
  const constSlots = program.consts.map(atomSlot);
  const outputSlots = program.outputs.map(atomSlot);
  const produced = new Set<number>();
  const steps = program.equations.map((eqn) => {
    const output = atomSlot(eqn.outputs[0]);
    produced.add(output);
    return { eqn, inputs: eqn.inputs.map(atomSlot), output, frees: [] as number[] };
  });
  // Liveness: walking backwards, the first use seen of a produced slot is its last use.
  const outputs = new Set(outputSlots);
  const seen = new Set<number>();
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (!seen.has(step.output) && !outputs.has(step.output)) step.frees.push(step.output);
    seen.add(step.output);
    for (const s of step.inputs) {
      if (produced.has(s) && !seen.has(s) && !outputs.has(s)) step.frees.push(s);
      seen.add(s);
    }
  }
  return { slotCount, inputSlots, constSlots, literalSlots, steps, outputSlots, produced };
}

function compiledFor(program: Program): Compiled {
  const backendName = engine().backendName;
  let byBackend = compiled.get(program);
  if (byBackend === undefined) {
    byBackend = new Map();
    compiled.set(program, byBackend);
  }
  let result = byBackend.get(backendName);
  if (result === undefined) {
    result = compile(program);
    byBackend.set(backendName, result);
  }
  return result;
}

/** A new handle on a buffer the caller may also hold (an input, a constant, a literal, a repeated output). */
function share(value: ConcreteInfo): Concrete {
  return value instanceof Key ? value : wrap(runKernel('Identity', { x: value }));
}

/** Runs `program` on concrete `args` (one per program input) and returns its outputs, owned by the caller. */
export function executeProgram(program: Program, args: readonly Concrete[]): Concrete[] {
  const plan = compiledFor(program);
  const slots: (ConcreteInfo | undefined)[] = new Array<ConcreteInfo | undefined>(plan.slotCount);
  plan.inputSlots.forEach((s, i) => (slots[s] = args[i]));
  plan.constSlots.forEach((s, i) => (slots[s] = program.constValues[i]));
  for (const [s, value] of plan.literalSlots) slots[s] = value;
  const live = new Set<number>();
  try {
    for (const step of plan.steps) {
      const operands = step.inputs.map((s) => slots[s] as ConcreteInfo);
      slots[step.output] = ruleOf(step.eqn.primitive).impl(operands, step.eqn.params);
      live.add(step.output);
      for (const s of step.frees) {
        release(slots[s] as ConcreteInfo);
        slots[s] = undefined;
        live.delete(s);
      }
    }
    const handed = new Set<number>();
    return plan.outputSlots.map((s) => {
      const value = slots[s] as ConcreteInfo;
      if (plan.produced.has(s) && !handed.has(s)) {
        handed.add(s);
        live.delete(s);
        return value instanceof Key ? value : wrap(value);
      }
      return share(value);
    });
  } finally {
    // Only reached with live buffers when a kernel threw: free what the run made.
    for (const s of live) release(slots[s] as ConcreteInfo);
  }
}

function release(value: ConcreteInfo): void {
  if (!(value instanceof Key)) free(value);
}
