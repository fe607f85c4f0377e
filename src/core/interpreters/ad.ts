/**
 * Reverse-mode differentiation: `valueAndGrad` and `grad`, flax-ts's own (no tfjs tape).
 *
 * The function runs once on a grad trace: each primitive applied to a differentiated value is computed on the
 * parent trace and recorded on a tape. The backward pass walks the tape in reverse, calling each primitive's VJP
 * rule; rules compute with primitives on the parent trace, so gradients compose with every other transform:
 * under `vmap` they are per example, under `jit` they are staged, and under an outer `grad` they are recorded
 * again (grad of grad).
 *
 * @packageDocumentation
 */
import { formatShape } from '../shapes';
import { add, zerosLike } from '../primitives/ops';
import { ruleOf, type Primitive, type PrimitiveParams } from '../primitives';
import { evalProgram, type Program } from '../program';
import { tidyTree } from '../scope';
import { bind, bindOn, Trace, Tracer, withNewTrace, withTrace } from '../trace';
import { treeFlatten, treeMap, treeUnflatten, type TreeDef } from '../tree';
import { avalOf, dtypeOf, type Value } from '../values';
import type { AbstractValue } from '../avals';
import { asArray, isNDArray, type NDArray } from '../array';

/** One recorded primitive application. */
interface TapeEntry {
  readonly primitive: Primitive;
  readonly params: unknown;
  /** For each operand, the id of this trace's tracer it came from, or null for a constant. */
  readonly inputs: readonly (number | null)[];
  readonly primals: readonly Value[];
  readonly out: Value;
  readonly outId: number;
}

/** One active `grad`: its tape. */
export class GradTrace extends Trace {
  readonly tape: TapeEntry[] = [];
  private nextId = 0;

  describe(): string {
    return 'grad';
  }

  /** A tracer for `primal` (a differentiated input, or a recorded result). */
  newTracer(primal: Value): GradTracer {
    return new GradTracer(this, primal, this.nextId++);
  }

  processPrimitive<P extends Primitive>(
    primitive: P,
    args: readonly Value[],
    params: PrimitiveParams[P],
  ): Value {
    let recorded = false;
    const inputs: (number | null)[] = [];
    const primals: Value[] = [];
    for (const arg of args) {
      const mine = arg instanceof GradTracer && arg.trace === this;
      recorded ||= mine;
      inputs.push(mine ? arg.id : null);
      primals.push(mine ? arg.primal : arg);
    }
    const out = bindOn(this.parent as Trace, primitive, primals, params);
    // Only float results of differentiable primitives carry a gradient; everything else is a constant here.
    if (!recorded || ruleOf(primitive).vjp === undefined || dtypeOf(out) !== 'float32') return out;
    const tracer = this.newTracer(out);
    this.tape.push({ primitive, params, inputs, primals, out, outId: tracer.id });
    return tracer;
  }

  processCall(program: Program, args: readonly Value[]): Value[] {
    return evalProgram(program, args);
  }

  /**
   * The backward pass from `output` (with cotangent `seed`): the cotangent of every tracer that influenced it,
   * by id. Runs on the parent trace.
   */
  backward(output: GradTracer, seed: Value): Map<number, Value> {
    const cts = new Map<number, Value>([[output.id, seed]]);
    withTrace(this.parent as Trace, () => {
      for (let i = this.tape.length - 1; i >= 0; i--) {
        const entry = this.tape[i];
        const ct = cts.get(entry.outId);
        if (ct === undefined) continue;
        const needs = entry.inputs.map((id) => id !== null);
        const vjp = ruleOf(entry.primitive).vjp as NonNullable<ReturnType<typeof ruleOf>['vjp']>;
        const operandCts = vjp(ct, entry.primals, entry.out, entry.params as never, needs);
        entry.inputs.forEach((id, k) => {
          const operandCt = operandCts[k];
          if (id === null || operandCt === null) return;
          const previous = cts.get(id);
          cts.set(id, previous === undefined ? operandCt : add(previous, operandCt));
        });
      }
    });
    return cts;
  }
}

/** A value being differentiated: its primal value one level down, and its identity on the tape. */
export class GradTracer extends Tracer {
  constructor(
    readonly trace: GradTrace,
    readonly primal: Value,
    readonly id: number,
  ) {
    super();
  }

  /** Read from the primal when asked (most tracers are never asked). */
  get aval(): AbstractValue {
    return avalOf(this.primal);
  }
}

/** Options of {@link valueAndGrad} and {@link grad} (JAX's keyword arguments). */
export interface GradOptions<N extends number | readonly number[] = number | readonly number[], H = boolean> {
  /** Which positional argument(s) to differentiate with respect to. Default 0. */
  readonly argnums?: N;
  /** The function returns `[output, aux]`; `aux` is passed through untouched. Default false. */
  readonly hasAux?: H;
}

/** The gradient's type: that of argument `N`, or a tuple of them when `N` is a list. */
export type GradsOf<Args extends unknown[], N> = N extends number
  ? Args[N]
  : N extends readonly number[]
    ? { -readonly [K in keyof N]: Args[N[K] & number] }
    : never;

/** What {@link grad} returns: the gradients, plus the aux output when `hasAux` is true. */
export type GradResult<Args extends unknown[], Out, N, H> = H extends true
  ? [GradsOf<Args, N>, Out extends readonly [unknown, infer Aux] ? Aux : never]
  : GradsOf<Args, N>;

function checkDifferentiable(leaf: unknown, where: string): NDArray {
  const value = typeof leaf === 'number' ? asArray(leaf) : leaf;
  if (!isNDArray(value)) {
    throw new TypeError(
      `grad: ${where} is a ${typeof leaf}; only arrays (and numbers) can be differentiated.`,
    );
  }
  if (value.dtype !== 'float32') {
    throw new TypeError(`grad requires real-valued (float32) inputs, but ${where} has dtype ${value.dtype}.`);
  }
  return value;
}

function checkScalar(output: unknown): NDArray {
  if (!isNDArray(output)) {
    throw new TypeError(`grad: the function must return an array, but returned a ${typeof output}.`);
  }
  if (output.shape.length !== 0) {
    throw new Error(
      `Gradient only defined for scalar-output functions. Output had shape: ${formatShape(output.shape)}.`,
    );
  }
  if (output.dtype !== 'float32') {
    throw new TypeError(
      `grad requires a real-valued (float32) output, but the output has dtype ${output.dtype}.`,
    );
  }
  return output;
}

function splitAux(result: unknown): [unknown, unknown] {
  if (!Array.isArray(result) || result.length !== 2) {
    const got = Array.isArray(result) ? `an array of length ${result.length}` : `a ${typeof result}`;
    throw new TypeError(
      `valueAndGrad with hasAux: the function must return a pair [output, aux], but returned ${got}.`,
    );
  }
  return [result[0], result[1]];
}

interface DiffArg {
  readonly argnum: number;
  readonly def: TreeDef;
  readonly tracers: GradTracer[];
}

/**
 * Returns a function computing `fn`'s value and its gradient with respect to argument(s) `argnums`.
 *
 * The gradient has the tree structure of the differentiated argument (a tuple of trees when `argnums` is an
 * array). With `hasAux`, `fn` returns `[output, aux]` and the result is `[[output, aux], grads]`. Gradients follow
 * JAX's rules, also at kinks and through comparisons; `grad` of `grad` works.
 *
 * @example
 * const [loss, grads] = valueAndGrad((p) => lossFn(p, x, y))(params);
 */
export function valueAndGrad<
  Args extends unknown[],
  Out,
  const N extends number | readonly number[] = 0,
  H extends boolean = false,
>(fn: (...args: Args) => Out, options: GradOptions<N, H> = {}): (...args: Args) => [Out, GradsOf<Args, N>] {
  const argnums: number | readonly number[] = options.argnums ?? 0;
  const hasAux = options.hasAux ?? false;
  const argnumList = typeof argnums === 'number' ? [argnums] : [...argnums];
  return (...args: Args) => {
    for (const n of argnumList) {
      if (!Number.isInteger(n) || n < 0 || n >= args.length) {
        throw new Error(
          `grad: argnums ${n} is out of bounds for a function called with ${args.length} arguments.`,
        );
      }
    }
    return tidyTree('valueAndGrad', () =>
      withNewTrace(
        (parent) => new GradTrace(parent),
        (trace) => {
          const diffArgs: DiffArg[] = argnumList.map((argnum) => {
            const [leaves, def] = treeFlatten(args[argnum]);
            const tracers = leaves.map((leaf, i) =>
              trace.newTracer(checkDifferentiable(leaf, `argument ${argnum} leaf ${i}`)),
            );
            return { argnum, def, tracers };
          });
          const callArgs = [...args];
          for (const { argnum, def, tracers } of diffArgs) callArgs[argnum] = treeUnflatten(def, tracers);
          const result = fn(...(callArgs as Args));
          const [out, aux] = hasAux ? splitAux(result) : [result, undefined];
          const output = checkScalar(out);
          const primalOf = (v: unknown): unknown =>
            v instanceof GradTracer && v.trace === trace ? v.primal : v;
          const cts =
            output instanceof GradTracer && output.trace === trace
              ? trace.backward(
                  output,
                  withTrace(trace.parent as Trace, () =>
                    bind('full', [], { shape: [], dtype: 'float32', value: 1 }),
                  ),
                )
              : new Map<number, Value>();
          const gradTrees = withTrace(trace.parent as Trace, () =>
            diffArgs.map(({ def, tracers }) =>
              treeUnflatten(
                def,
                tracers.map((t) => cts.get(t.id) ?? zerosLike(t.primal)),
              ),
            ),
          );
          const value = hasAux ? [primalOf(output), treeMap(primalOf, aux as never)] : primalOf(output);
          const grads = typeof argnums === 'number' ? gradTrees[0] : gradTrees;
          return [value as Out, grads as GradsOf<Args, N>];
        },
      ),
    );
  };
}

/**
 * Returns a function computing the gradient of `fn` with respect to argument(s) `argnums` (see
 * {@link valueAndGrad}); with `hasAux` it returns `[grads, aux]`.
 */
export function grad<
  Args extends unknown[],
  Out,
  const N extends number | readonly number[] = 0,
  H extends boolean = false,
>(
  fn: (...args: Args) => Out,
  options: GradOptions<N, H> = {},
): (...args: Args) => GradResult<Args, Out, N, H> {
  const both = valueAndGrad(fn, options);
  return (...args: Args) =>
    tidyTree('grad', () => {
      const [value, grads] = both(...args);
      if (options.hasAux ?? false)
        return [grads, (value as [NDArray, unknown])[1]] as GradResult<Args, Out, N, H>;
      return grads as GradResult<Args, Out, N, H>;
    });
}
