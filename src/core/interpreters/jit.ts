/**
 * `jit` and `makeJaxpr`: JAX's just-in-time compilation, on flax-ts's staged programs.
 *
 * `jit(fn)` traces `fn` once per signature (argument tree structure, shapes, dtypes, values of static arguments,
 * and the named `vmap` axes around the call) into a program, simplifies it, and from then on runs the program with
 * the executor, which calls the backend's kernels directly and frees every intermediate buffer as soon as it is
 * dead. Under another transform the program is transformed instead (it is inlined into `vmap`, `grad` or an
 * enclosing `jit`), so every composition works.
 *
 * @packageDocumentation
 */
import { Tensor } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import { formatAval, type AbstractValue } from '../avals';
import { donate } from '../executor/donation';
import type { Program } from '../program';
import { formatProgram } from '../program-print';
import { isEager } from '../scope';
import { simplify } from '../simplify';
import { bind, bindCall, currentTrace, Tracer, type Trace } from '../trace';
import {
  treeDefLeafCount,
  treeDefToString,
  treeFlatten,
  treeFlattenWithPath,
  treeLeaves,
  treeUnflatten,
  type TreeDef,
} from '../tree';
import { avalOf, type Value } from '../values';
import { BatchTrace } from './batching';
import { stage, type Staged, type StagedInput } from './staging';

/** Options of {@link jit} (JAX's keyword arguments). */
export interface JitOptions {
  /**
   * Arguments that are settings rather than data (a model, a flag, a size): not traced, compared by value
   * (numbers, strings, booleans, lists of them) or identity (objects, functions); a new value means a new trace.
   */
  readonly staticArgnums?: number | readonly number[];
  /**
   * Arguments whose arrays the call may consume: after the call their buffers are released (reading them says
   * they were donated), so a loop `state = step(state, batch)` keeps memory flat with no `dispose` in sight.
   */
  readonly donateArgnums?: number | readonly number[];
}

function argnumSet(value: number | readonly number[] | undefined, what: string): Set<number> {
  const list = value === undefined ? [] : typeof value === 'number' ? [value] : [...value];
  for (const n of list) {
    if (!Number.isInteger(n) || n < 0)
      throw new TypeError(`jit: ${what} must hold non-negative integers, got ${n}.`);
  }
  return new Set(list);
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/** A string that equals another exactly when two static values are interchangeable for tracing. */
function staticKey(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object' || typeof value === 'function') {
    if (Array.isArray(value)) return `[${value.map(staticKey).join(',')}]`;
    let id = identities.get(value);
    if (id === undefined) {
      id = nextIdentity++;
      identities.set(value, id);
    }
    return `#${id}`;
  }
  const primitive = value as string | number | boolean | bigint | symbol;
  return `${typeof primitive}:${primitive.toString()}`;
}

/**
 * The abstract value of an argument leaf that is traced (arrays, PRNG keys, numbers), or undefined for a leaf that
 * is static. JAX traces Python booleans too and raises when code branches on one; JavaScript cannot notice
 * `if (flag)` or `!flag` on a traced value (every object is truthy), so booleans, strings and every other non-array
 * leaf are static here (as Equinox's `filter_jit` treats them): each distinct value gets its own trace.
 */
function leafAval(leaf: unknown): AbstractValue | undefined {
  if (leaf instanceof Tensor || leaf instanceof Key || leaf instanceof Tracer) return avalOf(leaf);
  if (typeof leaf === 'number') return { shape: [], dtype: Number.isInteger(leaf) ? 'int32' : 'float32' };
  return undefined;
}

/** The named `vmap` axes around the current call (a program staged inside one may reduce over them). */
function axisEnvironment(): string {
  const names: string[] = [];
  for (let t: Trace | undefined = currentTrace(); t !== undefined; t = t.parent) {
    if (t instanceof BatchTrace && t.axisName !== undefined) names.push(`${t.axisName}:${t.axisSize}`);
  }
  return names.join(',');
}

/**
 * A call's arguments, split into traced leaves and the rest, with the key its trace is cached under. Built on every
 * call, so it holds only what finding the trace and running it need; what only staging needs (each leaf's path,
 * for messages) is worked out by {@link stageCall} on a cache miss.
 */
interface Signature {
  readonly key: string;
  readonly statics: ReadonlySet<number>;
  /** Every leaf of the non-static arguments, in flattening order. */
  readonly leaves: readonly unknown[];
  /** For each leaf: its index among the traced inputs, or -1 when it is static. */
  readonly inputIndex: readonly number[];
  /** The abstract value of each traced input. */
  readonly avals: readonly AbstractValue[];
  /** Where each argument's leaves start in `leaves` (one entry per argument, then the total). */
  readonly argStarts: readonly number[];
  readonly def: TreeDef;
}

/** The arguments as one tree, static ones replaced by null (their values go into the key instead). */
function dynamicArgs(args: readonly unknown[], statics: ReadonlySet<number>): unknown[] {
  return args.map((arg, i) => (statics.has(i) ? null : arg));
}

function signature(args: readonly unknown[], statics: ReadonlySet<number>): Signature {
  const dynamic = dynamicArgs(args, statics);
  const [leaves, def] = treeFlatten(dynamic);
  const avals: AbstractValue[] = [];
  const keyParts: string[] = [];
  const inputIndex = leaves.map((leaf) => {
    const aval = leafAval(leaf);
    if (aval === undefined) {
      keyParts.push(staticKey(leaf));
      return -1;
    }
    avals.push(aval);
    keyParts.push(formatAval(aval));
    return avals.length - 1;
  });
  const argStarts = [0];
  if (def.kind === 'array') {
    for (const child of def.children)
      argStarts.push(argStarts[argStarts.length - 1] + treeDefLeafCount(child));
  }
  const staticArgs = args.map((arg, i) => (statics.has(i) ? staticKey(arg) : '_')).join('|');
  const key = [treeDefToString(def, staticKey), keyParts.join(','), staticArgs, axisEnvironment()].join(';');
  return { key, statics, leaves, inputIndex, avals, argStarts, def };
}

/** Stages `fn` for a signature: the tracers stand in for the traced leaves; static ones pass through. */
function stageCall(
  fn: (...args: never[]) => unknown,
  args: readonly unknown[],
  sig: Signature,
  label: string,
): Staged {
  const paths = treeFlattenWithPath(dynamicArgs(args, sig.statics))[0].map(([path]) => path);
  const inputs = paths.flatMap((path, i): StagedInput[] => {
    const index = sig.inputIndex[i];
    if (index < 0) return [];
    const [, argnum, rest] = /^\[(\d+)\](.*)$/.exec(path) ?? ['', '?', path];
    return [
      {
        aval: sig.avals[index],
        description: `argument ${argnum}${rest === '' ? '' : ` (its leaf ${rest})`}`,
      },
    ];
  });
  return stage(label, inputs, (tracers) => {
    const leaves = sig.leaves.map((leaf, i) => (sig.inputIndex[i] < 0 ? leaf : tracers[sig.inputIndex[i]]));
    const rebuilt = treeUnflatten(sig.def, leaves) as unknown[];
    return fn(...(rebuilt.map((arg, i) => (sig.statics.has(i) ? args[i] : arg)) as never[]));
  });
}

/** A traced leaf as a primitive operand: numbers become scalars on the current trace. */
function operand(leaf: unknown): Value {
  if (typeof leaf !== 'number') return leaf as Value;
  return bind('full', [], { shape: [], dtype: Number.isInteger(leaf) ? 'int32' : 'float32', value: leaf });
}

function describeFunction(kind: string, fn: { name: string }): string {
  return `${kind} of ${fn.name === '' ? 'an anonymous function' : fn.name}`;
}

/**
 * Compiles `fn`: traced once per signature, then run as one staged program. Arguments are pytrees; their arrays,
 * numbers and PRNG keys are traced (never baked in), while booleans, strings and other non-array leaves are static
 * (a new value means a new trace: JavaScript could not stop `if (train)` on a traced flag). `staticArgnums` makes
 * whole arguments static (a model, a size); `donateArgnums` lets the call release arguments' buffers. Reading a traced value's numbers inside `fn`
 * (`dataSync`, `arraySync`, `Number(x)`) throws a `ConcretizationError` saying which argument it depends on.
 *
 * @example
 * const trainStep = jit((state, batch) => { … return state.applyGradients({ grads }); }, { donateArgnums: 0 });
 * for (const batch of batches) state = trainStep(state, batch);
 */
export function jit<F extends (...args: never[]) => unknown>(fn: F, options: JitOptions = {}): F {
  const statics = argnumSet(options.staticArgnums, 'staticArgnums');
  const donated = argnumSet(options.donateArgnums, 'donateArgnums');
  const label = describeFunction('jit', fn);
  const cache = new Map<string, Staged>();
  const jitted = (...args: unknown[]): unknown => {
    const sig = signature(args, statics);
    let staged = cache.get(sig.key);
    if (staged === undefined) {
      const traced = stageCall(fn, args, sig, label);
      staged = { ...traced, program: simplify(traced.program) };
      // A function that closed over an enclosing transform's tracers is traced afresh on every call.
      if (traced.captured.length === 0) cache.set(sig.key, staged);
    }
    const eager = isEager();
    const tracedLeaves = sig.leaves.filter((_, i) => sig.inputIndex[i] >= 0);
    const operands = tracedLeaves.map(operand);
    const made = operands.filter((o, i) => o !== tracedLeaves[i]);
    try {
      const outputs = bindCall(staged.program, [...operands, ...staged.captured]);
      const leaves = staged.outLeaves.map((leaf) => ('output' in leaf ? outputs[leaf.output] : leaf.value));
      if (eager) for (const i of donated) donateArgument(args, i, sig);
      return treeUnflatten(staged.outDef, leaves);
    } finally {
      if (eager) for (const m of made) (m as Tensor).dispose();
    }
  };
  return jitted as unknown as F;
}

/** Releases the arrays of argument `argnum`, reusing the call's flattening unless the argument is static. */
function donateArgument(args: readonly unknown[], argnum: number, sig: Signature): void {
  if (argnum >= args.length) return;
  const leaves = sig.statics.has(argnum)
    ? treeLeaves(args[argnum])
    : sig.leaves.slice(sig.argStarts[argnum], sig.argStarts[argnum + 1]);
  for (const leaf of leaves) if (leaf instanceof Tensor && !leaf.isDisposed) donate(leaf as Tensor);
}

/** A staged program as `makeJaxpr` returns it: printable in JAX's notation. */
export class ClosedJaxpr {
  constructor(
    /** The program, as traced (not simplified). */
    readonly program: Program,
  ) {}

  /** `{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }` */
  toString(): string {
    return formatProgram(this.program);
  }

  /** How Node's console and notebooks show it. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * Returns a function that traces `fn` on its arguments and gives the staged program (JAX's `make_jaxpr`), printed
 * as JAX prints jaxprs.
 *
 * @example
 * console.log(String(makeJaxpr((x: NDArray) => np.multiply(np.sin(x), 2))(np.ones([3]))));
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c,) }
 */
export function makeJaxpr<Args extends unknown[]>(
  fn: (...args: Args) => unknown,
  options: Pick<JitOptions, 'staticArgnums'> = {},
): (...args: Args) => ClosedJaxpr {
  const statics = argnumSet(options.staticArgnums, 'staticArgnums');
  const label = describeFunction('makeJaxpr', fn);
  return (...args: Args) => {
    const sig = signature(args, statics);
    return new ClosedJaxpr(stageCall(fn, args, sig, label).program);
  };
}
