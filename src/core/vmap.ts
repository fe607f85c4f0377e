/**
 * `vmap`: vectorising map, with JAX's semantics.
 *
 * Inside `vmap(fn)`, `fn` sees one example: mapped arguments become batch tracers whose `shape` is the
 * per-example shape, every `np` op batches itself through its rule (`batching.ts`), and `pmean`/`psum` over the
 * `axisName` reduce across the batch. Outputs get the batch axis back at `outAxes`; `null` there means "not
 * batched", which is an error for an output that varies across the batch (as in JAX).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { bind } from './bind';
import { formatShape, normalizeAxis } from './shapes';
import { tidyTree } from './scope';
import { BatchTracer, closeTrace, dtypeOf, openTrace, type BatchTrace, type Value } from './tracer';
import { isTreeNode, treeFlatten, treeUnflatten, type Tree } from './tree';

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

function isValue(x: unknown): x is Value {
  return typeof x === 'object' && x !== null && Array.isArray((x as { shape?: unknown }).shape);
}

function describe(leaf: Leaf): string {
  const shape = isValue(leaf.value) ? formatShape(leaf.value.shape) : typeof leaf.value;
  return `axis ${leaf.axis} of ${leaf.where} (shape ${shape})`;
}

/** The common size of the mapped axes, with JAX's complaint when they disagree. */
function mappedSize(leaves: readonly Leaf[], axisSize: number | undefined): number {
  const sizes = leaves.flatMap((leaf) => {
    if (leaf.axis === null) return [];
    if (!isValue(leaf.value) || leaf.value.shape.length === 0) {
      throw new Error(
        `vmap was asked to map ${leaf.where} along axis ${leaf.axis}, but it is ${isValue(leaf.value) ? 'a scalar' : `a ${typeof leaf.value}`}, which has no axes.`,
      );
    }
    const axis = normalizeAxis(leaf.axis, leaf.value.shape.length, `vmap in_axes entry for ${leaf.where}:`);
    return [{ size: leaf.value.shape[axis], leaf }];
  });
  const distinct = [...new Set(sizes.map((s) => s.size).concat(axisSize === undefined ? [] : [axisSize]))];
  if (distinct.length > 1) {
    const lines = sizes.map((s) => `  * ${describe(s.leaf)} has size ${s.size}`);
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
  if (dtypeOf(value) === 'key') throw new Error('vmap can map PRNG key arrays along axis 0 only.');
  const rank = value.shape.length;
  const perm = [axis, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis)];
  return bind('transpose', [value], { perm });
}

/** Moves the front axis of `value` to `axis`. */
function moveFrontAxisTo(value: Value, axis: number): Value {
  if (axis === 0) return value;
  const rank = value.shape.length;
  const rest = Array.from({ length: rank - 1 }, (_, i) => i + 1);
  const perm = [...rest.slice(0, axis), 0, ...rest.slice(axis)];
  return bind('transpose', [value], { perm });
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
  const batched = mapped
    ? value.val
    : bind('broadcastTo', [asValue(value, leaf.where)], {
        shape: [trace.axisSize, ...asValue(value, leaf.where).shape],
      });
  return moveFrontAxisTo(
    batched,
    normalizeAxis(axis, batched.shape.length, `vmap out_axes entry for ${leaf.where}:`),
  );
}

function asValue(value: unknown, where: string): Value {
  if (isValue(value)) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return tf.scalar(Number(value));
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
    return tidyTree('vmap', () => {
      const trace = openTrace(size, axisName);
      try {
        const wrapped = inputs.map((leaf) =>
          leaf.axis === null
            ? leaf.value
            : new BatchTracer(
                trace,
                moveAxisToFront(
                  leaf.value as Value,
                  normalizeAxis(leaf.axis, (leaf.value as Value).shape.length),
                ),
              ),
        );
        const callArgs = argDefs.map(({ def, start, end }) => treeUnflatten(def, wrapped.slice(start, end)));
        const result = fn(...(callArgs as Args));
        const outputs: Leaf[] = [];
        leavesWithAxes(result, outAxes, 'output', outputs);
        const [, outDef] = treeFlatten(result as Tree);
        return treeUnflatten(
          outDef,
          outputs.map((leaf) => batchOutput(leaf, trace)),
        ) as R;
      } finally {
        closeTrace(trace);
      }
    });
  };
}
