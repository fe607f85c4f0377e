/**
 * `vmap`: vectorising map, with JAX's semantics (JAX's `batching.py`).
 *
 * Inside `vmap(fn)`, `fn` sees one example: mapped arguments become batch tracers whose `shape` is the
 * per-example shape, every primitive batches itself through its rule in the primitive table, and `pmean`/`psum`
 * over the `axisName` reduce across the batch. Outputs get the batch axis back at `outAxes`; `null` there means
 * "not batched", an error for an output that varies across the batch (as in JAX).
 *
 * @packageDocumentation
 */
import { reduceOverAxis, ruleOf, type Primitive, type PrimitiveParams } from '../primitives';
import type { CollectiveParams } from '../primitives/params';
import { evalProgram, type Program } from '../program';
import { tidyTree } from '../scope';
import { formatShape, normalizeAxis } from '../shapes';
import { bind, bindOn, Trace, Tracer, withNewTrace, withTrace } from '../trace';
import { isTreeNode, treeFlatten, treeUnflatten, type Tree } from '../tree';
import { avalOf, type Value } from '../values';
import type { AbstractValue } from '../avals';

/** One active `vmap`: the mapped size and the optional axis name. */
export class BatchTrace extends Trace {
  constructor(
    parent: Trace,
    readonly axisSize: number,
    readonly axisName: string | undefined,
  ) {
    super(parent);
  }

  describe(): string {
    const name = this.axisName === undefined ? '' : ` '${this.axisName}'`;
    return `vmap over axis${name} of size ${this.axisSize}`;
  }

  processPrimitive<P extends Primitive>(
    primitive: P,
    args: readonly Value[],
    params: PrimitiveParams[P],
  ): Value {
    const values: Value[] = [];
    const batched: boolean[] = [];
    let anyBatched = false;
    for (const arg of args) {
      const mine = arg instanceof BatchTracer && arg.trace === this;
      values.push(mine ? arg.val : arg);
      batched.push(mine);
      anyBatched ||= mine;
    }
    const parent = this.parent as Trace;
    if (
      (primitive === 'psum' || primitive === 'pmean') &&
      (params as CollectiveParams).axisName === this.axisName
    ) {
      return withTrace(parent, () =>
        reduceOverAxis(primitive, values[0], batched[0], params as CollectiveParams),
      );
    }
    if (!anyBatched) return bindOn(parent, primitive, values, params);
    const [out, outBatched] = withTrace(parent, () => ruleOf(primitive).batch(values, batched, params, this));
    return outBatched ? new BatchTracer(this, out) : out;
  }

  processCall(program: Program, args: readonly Value[]): Value[] {
    return evalProgram(program, args);
  }
}

/** One example of a batched value: `val` carries the batch axis at 0, `shape` is the per-example shape. */
export class BatchTracer extends Tracer {
  readonly aval: AbstractValue;

  constructor(
    readonly trace: BatchTrace,
    /** The batched value, one level down. */
    readonly val: Value,
  ) {
    super();
    const { shape, dtype } = avalOf(val);
    if (shape[0] !== trace.axisSize) {
      throw new Error(
        `Internal error: a tracer for ${trace.describe()} got a value of shape ${formatShape(shape)}.`,
      );
    }
    this.aval = { shape: shape.slice(1), dtype };
  }
}

/** Where the mapped axis is: a number for every leaf below, `null` for "not mapped", or a tree prefix of those. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** Options of {@link vmap} (JAX's keyword arguments). */
export interface VmapOptions {
  /** Mapped axis of each argument: one spec for all, or one per argument (each a tree prefix). Default 0. */
  readonly inAxes?: AxisSpec;
  /** Where the batch axis goes in each output (a tree prefix of the result). Default 0. */
  readonly outAxes?: AxisSpec;
  /** Name of the mapped axis, for `pmean`/`psum` inside. */
  readonly axisName?: string;
  /** The batch size, needed only when no argument is mapped. */
  readonly axisSize?: number;
}

interface Leaf {
  readonly value: unknown;
  readonly axis: number | null;
  readonly where: string;
}

/** Pairs each leaf of `tree` with its axis from the spec prefix `spec`, naming where it sits for errors. */
function leavesWithAxes(tree: unknown, spec: AxisSpec, where: string, out: Leaf[]): void {
  if (spec === null || typeof spec === 'number') {
    for (const value of treeFlatten(tree)[0]) out.push({ value, axis: spec, where });
    return;
  }
  if (Array.isArray(spec) !== Array.isArray(tree) || !isTreeNode(tree)) {
    throw new Error(`vmap: the axis spec at ${where} is a tree that does not match the value there.`);
  }
  // Same order as treeFlatten (sorted object keys), so the leaves line up with the tree's own flattening.
  const keys = Array.isArray(spec) ? Object.keys(spec) : Object.keys(spec).sort();
  if (keys.length !== Object.keys(tree).length) {
    throw new Error(
      `vmap: the axis spec at ${where} has ${keys.length} entries but the value has ${Object.keys(tree).length}.`,
    );
  }
  for (const key of keys) {
    const child = (tree as Record<string, unknown>)[key];
    const path = Array.isArray(spec) ? `${where}[${key}]` : `${where}.${key}`;
    if (!(key in tree)) throw new Error(`vmap: the axis spec names ${path}, which the value does not have.`);
    leavesWithAxes(child, (spec as Record<string, AxisSpec>)[key], path, out);
  }
}

function isShaped(x: unknown): x is Value {
  return typeof x === 'object' && x !== null && Array.isArray((x as { shape?: unknown }).shape);
}

function describeLeaf(leaf: Leaf): string {
  const shape = isShaped(leaf.value) ? formatShape(leaf.value.shape) : typeof leaf.value;
  return `axis ${leaf.axis} of ${leaf.where} (shape ${shape})`;
}

/** The common size of the mapped axes, with JAX's complaint when they disagree. */
function mappedSize(leaves: readonly Leaf[], axisSize: number | undefined): number {
  const sizes = leaves.flatMap((leaf) => {
    if (leaf.axis === null) return [];
    if (!isShaped(leaf.value) || leaf.value.shape.length === 0) {
      throw new Error(
        `vmap was asked to map ${leaf.where} along axis ${leaf.axis}, but it is ${isShaped(leaf.value) ? 'a scalar' : `a ${typeof leaf.value}`}, which has no axes.`,
      );
    }
    const axis = normalizeAxis(leaf.axis, leaf.value.shape.length, `vmap in_axes entry for ${leaf.where}:`);
    return [{ size: leaf.value.shape[axis], leaf }];
  });
  const distinct = [...new Set(sizes.map((s) => s.size).concat(axisSize === undefined ? [] : [axisSize]))];
  if (distinct.length > 1) {
    const lines = sizes.map((s) => `  * ${describeLeaf(s.leaf)} has size ${s.size}`);
    if (axisSize !== undefined) lines.push(`  * axisSize is ${axisSize}`);
    throw new Error(`vmap got inconsistent sizes for the axes to be mapped:\n${lines.join('\n')}`);
  }
  if (distinct.length === 0) {
    throw new Error(
      'vmap needs at least one mapped argument (an inAxes entry that is not null) or an axisSize.',
    );
  }
  return distinct[0];
}

/** Moves `axis` of `value` to the front (identity for axis 0). */
function moveAxisToFront(value: Value, axis: number): Value {
  if (axis === 0) return value;
  const rank = avalOf(value).shape.length;
  const perm = [axis, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis)];
  return bind('transpose', [value], { perm });
}

/** Moves the front axis of `value` to `axis`. */
function moveFrontAxisTo(value: Value, axis: number): Value {
  if (axis === 0) return value;
  const rank = avalOf(value).shape.length;
  const rest = Array.from({ length: rank - 1 }, (_, i) => i + 1);
  return bind('transpose', [value], { perm: [...rest.slice(0, axis), 0, ...rest.slice(axis)] });
}

function batchOutput(leaf: Leaf, trace: BatchTrace): unknown {
  const { value, axis } = leaf;
  const mapped = value instanceof BatchTracer && value.trace === trace;
  if (axis === null) {
    if (mapped) {
      throw new Error(
        `vmap has mapped output but outAxes is null: ${leaf.where} varies along the mapped axis ` +
          `(per-example shape ${formatShape(value.shape)}). null is only for outputs that are the same for ` +
          `every example, such as the result of ${trace.axisName === undefined ? 'a collective over a named axis' : `pmean over '${trace.axisName}'`}.`,
      );
    }
    return value;
  }
  const batched = mapped ? value.val : broadcastAlongNewAxis(asValue(value, leaf.where), trace.axisSize);
  return moveFrontAxisTo(
    batched,
    normalizeAxis(axis, avalOf(batched).shape.length, `vmap out_axes entry for ${leaf.where}:`),
  );
}

function broadcastAlongNewAxis(value: Value, size: number): Value {
  return bind('broadcastTo', [value], { shape: [size, ...avalOf(value).shape] });
}

function asValue(value: unknown, where: string): Value {
  if (isShaped(value)) return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return bind('full', [], { shape: [], dtype: typeof value === 'boolean' ? 'bool' : 'float32', value });
  }
  throw new Error(
    `vmap: ${where} is a ${typeof value}, which cannot be given a batch axis; use outAxes null.`,
  );
}

/**
 * Vectorises `fn` over a batch axis.
 *
 * @example
 * const perExampleLoss = vmap((x, y) => np.sum(np.square(np.subtract(model(x), y))), { inAxes: [0, 0] });
 * const [loss, state] = vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })(xBatch, yBatch);
 */
export function vmap<Args extends unknown[], R>(
  fn: (...args: Args) => R,
  options: VmapOptions = {},
): (...args: Args) => R {
  const { inAxes = 0, outAxes = 0, axisName, axisSize } = options;
  return (...args: Args): R => {
    const perArg: readonly AxisSpec[] = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
    if (perArg.length !== args.length) {
      throw new Error(
        `vmap: inAxes has ${perArg.length} entries but the function got ${args.length} arguments.`,
      );
    }
    const inputs: Leaf[] = [];
    const argDefs = args.map((arg, i) => {
      const start = inputs.length;
      leavesWithAxes(arg, perArg[i], `argument ${i}`, inputs);
      return { def: treeFlatten(arg)[1], start, end: inputs.length };
    });
    const size = mappedSize(inputs, axisSize);
    return tidyTree('vmap', () =>
      withNewTrace(
        (parent) => new BatchTrace(parent, size, axisName),
        (trace) => {
          const wrapped = inputs.map((leaf) => {
            if (leaf.axis === null) return leaf.value;
            const value = leaf.value as Value;
            const front = withTrace(trace.parent as Trace, () =>
              moveAxisToFront(value, normalizeAxis(leaf.axis as number, avalOf(value).shape.length)),
            );
            return new BatchTracer(trace, front);
          });
          const callArgs = argDefs.map(({ def, start, end }) =>
            treeUnflatten(def, wrapped.slice(start, end)),
          );
          const result = fn(...(callArgs as Args));
          const outputs: Leaf[] = [];
          leavesWithAxes(result, outAxes, 'output', outputs);
          const [, outDef] = treeFlatten(result as Tree);
          return withTrace(trace.parent as Trace, () =>
            treeUnflatten(
              outDef,
              outputs.map((leaf) => batchOutput(leaf, trace)),
            ),
          ) as R;
        },
      ),
    );
  };
}
