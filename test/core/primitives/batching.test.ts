// Every primitive's batching rule against a per-example loop: vmap of the primitive must equal applying it to each
// example and stacking. The table is typed over every primitive, so a new primitive cannot go untested.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { random, vmap } from '../../../src';
import type { Primitive, PrimitiveParams } from '../../../src/core/primitives/params';
import { KeyArray } from '../../../src/core/random';
import { bind } from '../../../src/core/trace';
import type { Value } from '../../../src/core/values';
import { expectClose, type Nested } from '../../support/close';

const BATCH = 3;

/** One operand: its per-example shape and kind; `mapped: false` passes it to vmap unbatched (inAxes null). */
interface Operand {
  readonly shape: readonly number[];
  readonly kind?: 'float' | 'positive' | 'int' | 'index' | 'bool' | 'key';
  readonly mapped?: boolean;
}

interface BatchCase<P extends Primitive> {
  readonly operands: readonly Operand[];
  readonly params: PrimitiveParams[P];
}

const f = (...shape: number[]): Operand => ({ shape });
const pos = (...shape: number[]): Operand => ({ shape, kind: 'positive' });
const int = (...shape: number[]): Operand => ({ shape, kind: 'int' });
const bool = (...shape: number[]): Operand => ({ shape, kind: 'bool' });
/** int32 indices from −2 to 5: negative and out-of-bounds ones too, for the clamping and dropping rules. */
const idx = (...shape: number[]): Operand => ({ shape, kind: 'index' });
const key = (...shape: number[]): Operand => ({ shape, kind: 'key' });
const fixed = (o: Operand): Operand => ({ ...o, mapped: false });
const none = {} as Record<string, never>;
const unaryCases = [{ operands: [f(2, 3)], params: none }];
const positiveCases = [{ operands: [pos(4)], params: none }];
const binaryCases = [
  { operands: [f(2, 3), f(2, 3)], params: none },
  { operands: [f(2, 3), f(3)], params: none },
  { operands: [f(3), fixed(f(2, 3))], params: none },
  { operands: [fixed(f(2, 1)), f(3)], params: none },
];
const compareCases = binaryCases;
const boolCases = [
  { operands: [bool(4), bool(4)], params: none },
  { operands: [bool(2, 4), fixed(bool(4))], params: none },
];
const reduce = (axes: number[], keepdims = false): { axes: number[]; keepdims: boolean } => ({
  axes,
  keepdims,
});
const reductionCases = [
  { operands: [f(2, 3, 4)], params: reduce([1]) },
  { operands: [f(2, 3, 4)], params: reduce([0, 2], true) },
  { operands: [f(4)], params: reduce([0]) },
];
const collective = { axisName: 'i', axisSize: BATCH };
const scatterCases = [
  { operands: [f(5, 2), idx(4, 1), f(4, 2)], params: none },
  { operands: [fixed(f(5, 2)), idx(3, 1), f(3, 2)], params: none },
  { operands: [f(4, 3), fixed(idx(2, 2)), fixed(f(2))], params: none },
  { operands: [fixed(f(6)), fixed(idx(3, 1)), f(3)], params: none },
];
const scan = (axis: number, reverse = false): { axis: number; reverse: boolean } => ({ axis, reverse });

const conv = (strides: number[], rhsDilation: number[], featureGroupCount: number) => ({
  strides,
  rhsDilation,
  featureGroupCount,
});

const cases: { readonly [P in Primitive]: readonly BatchCase<P>[] } = {
  neg: unaryCases,
  abs: unaryCases,
  sign: unaryCases,
  exp: unaryCases,
  log: positiveCases,
  log1p: positiveCases,
  expm1: unaryCases,
  sqrt: positiveCases,
  rsqrt: positiveCases,
  square: unaryCases,
  tanh: unaryCases,
  logistic: unaryCases,
  erf: unaryCases,
  sin: unaryCases,
  cos: unaryCases,
  floor: unaryCases,
  ceil: unaryCases,
  round: unaryCases,
  relu: unaryCases,
  softplus: unaryCases,
  isFinite: unaryCases,
  not: [{ operands: [bool(5)], params: none }],
  stopGradient: unaryCases,
  convertElementType: [
    { operands: [f(2, 2)], params: { dtype: 'int32' } },
    { operands: [bool(3)], params: { dtype: 'float32' } },
  ],
  add: binaryCases,
  sub: binaryCases,
  mul: binaryCases,
  div: [
    { operands: [f(2, 3), pos(3)], params: none },
    { operands: [fixed(f(3)), pos(2, 3)], params: none },
  ],
  pow: [
    { operands: [pos(2, 3), f(3)], params: none },
    { operands: [pos(3), fixed(f(2, 3))], params: none },
  ],
  max: binaryCases,
  min: binaryCases,
  eq: compareCases,
  ne: compareCases,
  lt: compareCases,
  le: compareCases,
  gt: compareCases,
  ge: compareCases,
  and: boolCases,
  or: boolCases,
  select: [
    { operands: [bool(2, 3), f(2, 3), f(2, 3)], params: none },
    { operands: [bool(3), fixed(f(2, 3)), f(1)], params: none },
    { operands: [fixed(bool(2, 1)), f(3), fixed(f(2, 3))], params: none },
  ],
  reduceSum: reductionCases,
  reduceMax: reductionCases,
  reduceMin: reductionCases,
  reduceProd: reductionCases,
  mean: reductionCases,
  reduceAnd: [{ operands: [bool(2, 3)], params: reduce([1]) }],
  reduceOr: [{ operands: [bool(2, 3)], params: reduce([0, 1], true) }],
  argmax: [
    { operands: [f(2, 3)], params: { axis: 1 } },
    { operands: [f(4)], params: { axis: 0 } },
  ],
  argmin: [{ operands: [f(2, 3)], params: { axis: 0 } }],
  matmul: [
    { operands: [f(2, 3), fixed(f(3, 4))], params: { transposeA: false, transposeB: false } },
    { operands: [f(2, 3), f(3, 4)], params: { transposeA: false, transposeB: false } },
    { operands: [fixed(f(3, 2)), f(3, 4)], params: { transposeA: true, transposeB: false } },
    { operands: [f(2, 5, 3), fixed(f(4, 3))], params: { transposeA: false, transposeB: true } },
    { operands: [f(5, 2, 3), f(3, 4)], params: { transposeA: false, transposeB: false } },
    { operands: [fixed(f(2, 2, 3)), f(3, 4)], params: { transposeA: false, transposeB: false } },
  ],
  conv: [
    { operands: [f(2, 5, 5, 3), fixed(f(3, 3, 3, 4))], params: conv([2, 1], [1, 2], 1) },
    { operands: [fixed(f(2, 6, 4)), f(2, 2, 4)], params: conv([1], [2], 2) },
    { operands: [f(2, 5, 4, 4), f(2, 3, 2, 6)], params: conv([1, 2], [1, 1], 2) },
    { operands: [f(2, 5, 4, 3, 2), fixed(f(2, 2, 1, 2, 3))], params: conv([2, 1, 1], [2, 1, 2], 1) },
    { operands: [fixed(f(1, 4, 3, 3, 4)), f(2, 1, 2, 2, 4)], params: conv([1, 2, 1], [1, 1, 1], 2) },
    { operands: [f(1, 4, 3, 5, 2), f(3, 2, 2, 2, 2)], params: conv([1, 1, 2], [1, 2, 1], 1) },
  ],
  reduceWindowSum: [{ operands: [f(2, 5, 4, 3)], params: { window: [2, 3], strides: [2, 1] } }],
  reduceWindowMax: [{ operands: [f(2, 7, 3)], params: { window: [3], strides: [2] } }],
  reshape: [
    { operands: [f(2, 3)], params: { shape: [3, 2] } },
    { operands: [key(2, 2)], params: { shape: [4] } },
  ],
  transpose: [
    { operands: [f(2, 3, 4)], params: { perm: [2, 0, 1] } },
    { operands: [key(2, 3)], params: { perm: [1, 0] } },
  ],
  broadcastTo: [
    { operands: [f(3)], params: { shape: [2, 3] } },
    { operands: [f(2, 1)], params: { shape: [4, 2, 3] } },
    { operands: [key(1, 2)], params: { shape: [3, 2] } },
  ],
  concatenate: [
    { operands: [f(2, 3), f(2, 1)], params: { axis: 1 } },
    { operands: [fixed(f(1, 3)), f(2, 3)], params: { axis: 0 } },
    { operands: [key(2), fixed(key(1))], params: { axis: 0 } },
  ],
  slice: [
    { operands: [f(4, 3)], params: { begin: [1, 0], size: [2, 2] } },
    { operands: [key(4)], params: { begin: [2], size: [2] } },
  ],
  pad: [
    {
      operands: [f(2, 3)],
      params: {
        padding: [
          [1, 0],
          [0, 2],
        ],
      },
    },
  ],
  oneHot: [{ operands: [int(4)], params: { depth: 3 } }],
  full: [{ operands: [], params: { shape: [2], dtype: 'float32', value: 1.5 } }],
  iota: [{ operands: [], params: { shape: [2, 3], dimension: 1, dtype: 'int32' } }],
  rev: [
    { operands: [f(2, 3)], params: { axes: [1] } },
    { operands: [bool(2, 3)], params: { axes: [0, 1] } },
  ],
  gather: [
    { operands: [f(5, 2), idx(3, 1)], params: none },
    { operands: [fixed(f(5, 2)), idx(3, 1)], params: none },
    { operands: [f(4, 3, 2), fixed(idx(2, 2))], params: none },
    { operands: [fixed(f(4)), idx(2, 3, 1)], params: none },
  ],
  scatterAdd: scatterCases,
  scatter: scatterCases,
  scatterMul: scatterCases.map((c) => ({ ...c, params: { uniqueIndices: false } })),
  scatterMin: scatterCases,
  scatterMax: scatterCases,
  cumsum: [
    { operands: [f(3, 4)], params: scan(1) },
    { operands: [f(4)], params: scan(0, true) },
  ],
  cumprod: [
    { operands: [f(3, 4)], params: scan(0) },
    { operands: [f(4)], params: scan(0, true) },
  ],
  sort: [
    { operands: [f(2, 5)], params: { axis: 1 } },
    { operands: [int(4)], params: { axis: 0 } },
  ],
  argsort: [
    { operands: [f(5, 2)], params: { axis: 0 } },
    { operands: [int(4)], params: { axis: 0 } },
  ],
  psum: [
    { operands: [f(2)], params: collective },
    { operands: [fixed(f(2))], params: collective },
  ],
  pmean: [
    { operands: [f(2)], params: collective },
    { operands: [fixed(f(2))], params: collective },
  ],
  randomSplit: [
    { operands: [key()], params: { shape: [2] } },
    { operands: [key(2)], params: { shape: [3] } },
  ],
  randomFoldIn: [
    { operands: [key(), int()], params: none },
    { operands: [fixed(key()), int()], params: none },
    { operands: [key(2), fixed(int())], params: none },
    { operands: [key(2)], params: { data: 0xfffffffe } },
  ],
  randomUniform: [{ operands: [key()], params: { shape: [3], minval: -1, maxval: 2 } }],
  randomNormal: [{ operands: [key(2)], params: { shape: [2] } }],
  randomTruncatedNormal: [{ operands: [key()], params: { shape: [4], lower: -2, upper: 2 } }],
  randomBernoulli: [{ operands: [key()], params: { shape: [5], p: 0.3 } }],
  randomPermutation: [{ operands: [key()], params: { n: 6 } }],
  randomRandint: [{ operands: [key()], params: { shape: [3], minval: -2, maxval: 5 } }],
  randomGumbel: [{ operands: [key(2)], params: { shape: [2] } }],
};

let seed = 0;

/** A batched operand (a leading axis of BATCH when mapped). */
function operand({ shape, kind = 'float', mapped = true }: Operand): Value {
  const full = mapped ? [BATCH, ...shape] : [...shape];
  const size = full.reduce((a, b) => a * b, 1);
  const k = random.key(seed++);
  switch (kind) {
    case 'key':
      return bind('reshape', [random.split(k, [size])], { shape: full });
    case 'index':
      return tf.tensor(
        Array.from({ length: size }, (_, i) => ((i * 5 + seed) % 8) - 2),
        full,
        'int32',
      );
    case 'int':
      return tf.tensor(
        Array.from({ length: size }, (_, i) => (i * 7 + seed) % 4),
        full,
        'int32',
      );
    case 'bool':
      return random.bernoulli(k, 0.5, full);
    case 'positive':
      return tf.add(tf.abs(random.normal(k, full) as tf.Tensor), 0.5);
    default:
      return random.normal(k, full);
  }
}

/** Example `i` of a batched operand. */
function example(value: Value, i: number): Value {
  const shape = (value as { shape: number[] }).shape;
  const row = bind('slice', [value], {
    begin: shape.map((_, a) => (a === 0 ? i : 0)),
    size: [1, ...shape.slice(1)],
  });
  return bind('reshape', [row], { shape: shape.slice(1) });
}

/** Per-example results stacked along a new leading axis. */
function stack(values: readonly Value[]): Value {
  const rows = values.map((v) => bind('reshape', [v], { shape: [1, ...(v as { shape: number[] }).shape] }));
  return bind('concatenate', rows, { axis: 0 });
}

function expectSame(actual: Value, expected: Value, what: string): void {
  if (expected instanceof KeyArray) {
    expect(random.keyData(actual as KeyArray), what).to.deep.equal(random.keyData(expected));
    return;
  }
  const want = (expected as tf.Tensor).arraySync() as Nested;
  if ((expected as tf.Tensor).dtype === 'float32') expectClose(actual as tf.Tensor, want, undefined, what);
  else expect((actual as tf.Tensor).arraySync(), what).to.deep.equal(want);
}

describe('core/primitives batching rules', () => {
  for (const primitive of Object.keys(cases) as Primitive[]) {
    (cases[primitive] as readonly BatchCase<Primitive>[]).forEach((c, n) => {
      const layout = c.operands
        .map((o) => `${o.mapped === false ? 'fixed ' : ''}[${o.shape.join(',')}]`)
        .join(' ');
      it(`${primitive} #${n} (${layout || 'no operands'}): vmap equals the per-example loop`, () => {
        tf.tidy(() => {
          const operands = c.operands.map(operand);
          const apply = (...args: Value[]): Value => bind(primitive, args, c.params as never);
          const batched = vmap(apply, {
            inAxes: c.operands.map((o) => (o.mapped === false ? null : 0)),
            axisSize: BATCH,
            axisName: 'i',
          })(...operands);
          const isCollective = primitive === 'psum' || primitive === 'pmean';
          const perExample = Array.from({ length: BATCH }, (_, i) => {
            const args = operands.map((v, k) => (c.operands[k].mapped === false ? v : example(v, i)));
            // A collective's per-example value is the reduction over the whole batch of the operand.
            if (!isCollective) return apply(...args);
            const all = c.operands[0].mapped === false ? stack(Array(BATCH).fill(operands[0])) : operands[0];
            return bind(primitive === 'psum' ? 'reduceSum' : 'mean', [all], { axes: [0], keepdims: false });
          });
          expectSame(batched, stack(perExample), `${primitive} #${n}`);
        });
      });
    });
  }
});
