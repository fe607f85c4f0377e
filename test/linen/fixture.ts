// The flax-generated parity fixture (test/parity/linen.py) and helpers to turn it into tensors and compare.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { grad, np, type NDArray } from '../../src/core';
import type { Collection, Module, Variables } from '../../src/linen';
import { key } from '../../src/random';
import type { Mode } from '../support/modes';

export interface StoredArray {
  shape: number[];
  data: number[];
}
export type StoredTree = StoredArray | { [key: string]: StoredTree };

/** One module case of layers.json (test/parity/layers.py's module_case): init, apply and gradients of sum(y · cot). */
export interface ModuleCase {
  name: string;
  seed: number;
  attrs: Record<string, unknown>;
  x: StoredArray;
  variables: StoredTree;
  y: StoredArray;
  cot: StoredArray;
  gradParams: StoredTree;
  gradX: StoredArray;
}

type Attrs = Record<string, unknown>;

export interface LinenFixture {
  dense: { guideInit: StoredTree; x: StoredArray; variables: StoredTree; y: StoredArray; noBias: StoredTree };
  guideMlp: {
    variables: StoredTree;
    x: StoredArray;
    yTrain: StoredArray;
    batchStats: StoredTree;
    yEval: StoredArray;
  };
  batchNorm: {
    name: string;
    attrs: Attrs;
    x: StoredArray;
    variables: StoredTree;
    y: StoredArray;
    batchStats: StoredTree;
    yEval: StoredArray;
  }[];
  stateGuide: {
    biasAdder: { variables: StoredTree; x: StoredArray; y: StoredArray; batchStats: StoredTree };
    mlp: {
      variables: StoredTree;
      xs: StoredArray;
      preds: StoredArray;
      batchStats: StoredTree;
      evalPreds: StoredArray;
    };
  };
  vmapBatchNorm: {
    x: StoredArray;
    x2: StoredArray;
    initKey: [number, number];
    variables: StoredTree;
    y: StoredArray;
    batchStats: StoredTree;
  };
  dropout: {
    x: StoredArray;
    cases: { name: string; attrs: Attrs; seed: number; y: StoredArray }[];
    mlp: { variables: StoredTree; y: StoredArray };
  };
  activations: {
    x: StoredArray;
    prelu: { variables: StoredTree; y: StoredArray; yTrained: StoredArray };
    channelPrelu: { variables: StoredTree; y: StoredArray };
    rrelu: { yTrain: StoredArray; yEval: StoredArray; yNested: StoredArray };
    functions: Record<string, StoredArray>;
  };
  initializers: { name: string; args: (number | string)[]; shape: number[]; value: StoredArray }[];
  /** Error messages captured from flax (see `error_cases` in linen.py). */
  errors: Record<string, string>;
}

export const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'linen.json'), 'utf8'),
) as LinenFixture;

function isStoredArray(value: StoredTree): value is StoredArray {
  return (
    Array.isArray((value as Partial<StoredArray>).shape) &&
    Array.isArray((value as Partial<StoredArray>).data)
  );
}

/** A stored array as a float32 tensor. */
export function tensor(stored: StoredArray): tf.Tensor {
  return tf.tensor(stored.data, stored.shape, 'float32');
}

/** A stored tree of arrays as a tree of tensors (e.g. a variable dict). */
export function tensors(stored: StoredTree): Variables {
  const convert = (node: StoredTree): unknown =>
    isStoredArray(node)
      ? tensor(node)
      : Object.fromEntries(Object.entries(node).map(([k, v]) => [k, convert(v)]));
  return convert(stored) as Variables;
}

/** Snake-case attribute names of the Python side → flax-ts's camelCase. */
export function camelAttrs(attrs: Attrs): Attrs {
  return Object.fromEntries(
    Object.entries(attrs).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

/** A Conv or ConvTranspose case, which may carry a kernel mask. */
export type MaskedCase = ModuleCase & { mask?: StoredArray };

/** The case's attributes in camelCase, with its mask (if any) as an array. */
export function maskedAttrs(c: MaskedCase): Attrs {
  const attrs = camelAttrs(c.attrs);
  return c.mask === undefined ? attrs : { ...attrs, mask: tensor(c.mask) };
}

/** Largest absolute and relative differences seen by {@link expectClose}, per test name, for the report. */
export const measured: { name: string; maxAbs: number; maxRel: number }[] = [];

function values(actual: unknown): { shape: number[]; data: Float32Array } {
  const t = actual as NDArray;
  if (!(t instanceof tf.Tensor)) throw new Error(`expected a tensor, got ${String(actual)}`);
  return { shape: t.shape, data: t.dataSync() as Float32Array };
}

/**
 * Expects `actual` (a tensor or a tree of them) to have the structure and shapes of `expected`, and values within
 * `atol + rtol·|expected|`.
 */
export function expectClose(
  name: string,
  actual: unknown,
  expected: StoredTree,
  { atol = 1e-6, rtol = 1e-5 }: { atol?: number; rtol?: number } = {},
): void {
  let maxAbs = 0;
  let maxRel = 0;
  const visit = (a: unknown, e: StoredTree, path: string): void => {
    if (isStoredArray(e)) {
      const { shape, data } = values(a);
      expect(shape, `${name}: shape of ${path}`).to.deep.equal(e.shape);
      e.data.forEach((want, i) => {
        const diff = Math.abs(data[i] - want);
        maxAbs = Math.max(maxAbs, diff);
        if (want !== 0) maxRel = Math.max(maxRel, diff / Math.abs(want));
        if (diff > atol + rtol * Math.abs(want)) {
          expect.fail(`${name}: ${path}[${i}] is ${data[i]}, flax gives ${want} (difference ${diff})`);
        }
      });
      return;
    }
    expect(Object.keys(a as object).sort(), `${name}: keys of ${path}`).to.deep.equal(Object.keys(e).sort());
    for (const [key, child] of Object.entries(e))
      visit((a as Record<string, unknown>)[key], child, `${path}/${key}`);
  };
  visit(actual, expected, '');
  measured.push({ name, maxAbs, maxRel });
}

// One apply within float32 round-off; gradients sum many float32 products, so a little more room.
export const APPLY_TOLERANCE = { atol: 1e-5, rtol: 1e-5 };
export const GRAD_TOLERANCE = { atol: 2e-5, rtol: 2e-4 };

/** `module.apply` and the gradients of sum(apply · cot) with respect to params and input. */
export function applyAndGrads(
  apply: (variables: Variables, x: NDArray) => NDArray,
  variables: Variables,
  x: NDArray,
  cot: NDArray,
): [NDArray, [Collection, NDArray]] {
  const y = apply(variables, x);
  const loss = (params: Collection, inputs: NDArray): NDArray =>
    np.sum(np.multiply(apply({ ...variables, params }, inputs), cot));
  return [y, grad(loss, { argnums: [0, 1] })(variables.params, x)];
}

/**
 * Checks `module` (called on one array) against a stored case, staged by `stage` (eagerly or under jit): `init` bit
 * for bit, then `apply` and the gradients of sum(y · cot) within the float32 tolerances.
 */
export function expectModuleCase(
  label: string,
  module: Module<object, string>,
  c: ModuleCase,
  stage: Mode['stage'],
): void {
  const x = tensor(c.x);
  const variables = stage((k: ReturnType<typeof key>, input: NDArray) => module.init(k, [input] as never))(
    key(c.seed),
    x,
  );
  expectClose(`${label} init`, variables, c.variables, { atol: 0, rtol: 0 });
  const apply = (v: Variables, input: NDArray): NDArray => module.apply(v, [input] as never) as NDArray;
  const [y, [gradParams, gradX]] = stage(applyAndGrads)(apply, tensors(c.variables), x, tensor(c.cot));
  expectClose(`${label} apply`, y, c.y, APPLY_TOLERANCE);
  expectClose(`${label} grad params`, gradParams, c.gradParams, GRAD_TOLERANCE);
  expectClose(`${label} grad x`, gradX, c.gradX, GRAD_TOLERANCE);
}
