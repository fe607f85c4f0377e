// Every row of the lowering table, for every element type its TensorFlow op takes, run in one TensorFlow graph and
// compared with the same primitive computed eagerly by tfjs.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { LOWERINGS, type GraphProgram } from '../../../../src/core/executor/tf-graph';
import type { Primitive, PrimitiveParams } from '../../../../src/core/primitives';
import { bind } from '../../../../src/core/trace';
import type { Var } from '../../../../src/core/program';
import type { TensorDType as DType } from '../../../../src/core/executor/tf-graph/tensor-proto';
import { ProgramBuilder } from '../../../support/program-builder';
import { compileOrFail, expectSameOutputs, requireTensorflowBackend, temporaryCache } from './support';

/** The program's inputs: signed and positive floats, ints and bools [2, 5], and [5]-vectors to broadcast. */
interface Operands<T> {
  readonly x: T;
  readonly positive: T;
  readonly xi: T;
  readonly xb: T;
  readonly y: T;
  readonly yi: T;
  readonly yb: T;
}

interface Row {
  readonly primitive: string;
  readonly dtype: DType;
  readonly stage: (b: ProgramBuilder, v: Operands<Var>) => Var;
  readonly eager: (t: Operands<tf.Tensor>) => tf.Tensor;
}

const UNARY_FLOAT: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  neg: tf.neg,
  abs: tf.abs,
  sign: tf.sign,
  exp: tf.exp,
  expm1: tf.expm1,
  square: tf.square,
  tanh: tf.tanh,
  logistic: tf.sigmoid,
  erf: tf.erf,
  sin: tf.sin,
  cos: tf.cos,
  floor: tf.floor,
  ceil: tf.ceil,
  round: tf.round,
  relu: tf.relu,
  softplus: tf.softplus,
  isFinite: tf.isFinite,
  stopGradient: tf.clone,
};
const UNARY_POSITIVE: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  log: tf.log,
  log1p: tf.log1p,
  sqrt: tf.sqrt,
  rsqrt: tf.rsqrt,
};
const UNARY_INT = ['neg', 'abs', 'sign', 'square', 'round', 'relu', 'stopGradient'];
const BINARY: Record<string, (x: tf.Tensor, y: tf.Tensor) => tf.Tensor> = {
  add: tf.add,
  sub: tf.sub,
  mul: tf.mul,
  div: tf.div,
  pow: tf.pow,
  max: tf.maximum,
  min: tf.minimum,
  eq: tf.equal,
  ne: tf.notEqual,
  lt: tf.less,
  le: tf.lessEqual,
  gt: tf.greater,
  ge: tf.greaterEqual,
  and: tf.logicalAnd,
  or: tf.logicalOr,
};
const BINARY_DTYPES: Record<string, DType[]> = {
  div: ['float32'],
  pow: ['float32'],
  eq: ['float32', 'int32', 'bool'],
  ne: ['float32', 'int32', 'bool'],
  and: ['bool'],
  or: ['bool'],
};
/** Arithmetic on bools, lowered to the logical op with the same answer (TensorFlow has no bool kernel for them). */
const BOOL_ARITHMETIC: Record<string, (x: tf.Tensor, y: tf.Tensor) => tf.Tensor> = {
  add: tf.logicalOr,
  mul: tf.logicalAnd,
  max: tf.logicalOr,
  min: tf.logicalAnd,
};
const REDUCTIONS: Record<string, (x: tf.Tensor, axes: number[], keepdims: boolean) => tf.Tensor> = {
  reduceSum: tf.sum,
  reduceMax: tf.max,
  reduceMin: tf.min,
  reduceProd: tf.prod,
  mean: tf.mean,
  reduceAnd: tf.all,
  reduceOr: tf.any,
};
const REDUCTION_DTYPES: Record<string, DType[]> = {
  mean: ['float32'],
  reduceAnd: ['bool'],
  reduceOr: ['bool'],
};
const DTYPES: DType[] = ['float32', 'int32', 'bool'];

const pick = <T>(v: Operands<T>, dtype: DType): [T, T] =>
  dtype === 'float32' ? [v.x, v.y] : dtype === 'int32' ? [v.xi, v.yi] : [v.xb, v.yb];
/** tfjs lacks some bool kernels (pad, argmax); its reference goes through int32, which gives the same answer. */
const viaInt = (x: tf.Tensor, op: (t: tf.Tensor) => tf.Tensor): tf.Tensor =>
  x.dtype === 'bool' ? tf.cast(op(tf.cast(x, 'int32')), 'bool') : op(x);

function rows(): Row[] {
  const all: Row[] = [];
  const add = (primitive: string, dtype: DType, stage: Row['stage'], eager: Row['eager']): void => {
    all.push({ primitive, dtype, stage, eager });
  };
  for (const [name, op] of Object.entries(UNARY_FLOAT)) {
    add(
      name,
      'float32',
      (b, v) => b.unary(name as Primitive, v.x),
      (t) => op(t.x),
    );
  }
  for (const [name, op] of Object.entries(UNARY_POSITIVE)) {
    add(
      name,
      'float32',
      (b, v) => b.unary(name as Primitive, v.positive),
      (t) => op(t.positive),
    );
  }
  for (const name of UNARY_INT)
    add(
      name,
      'int32',
      (b, v) => b.unary(name as Primitive, v.xi),
      (t) => UNARY_FLOAT[name](t.xi),
    );
  add(
    'not',
    'bool',
    (b, v) => b.unary('not', v.xb),
    (t) => tf.logicalNot(t.xb),
  );
  add(
    'stopGradient',
    'bool',
    (b, v) => b.unary('stopGradient', v.xb),
    (t) => tf.clone(t.xb),
  );
  for (const [name, op] of Object.entries(BINARY)) {
    for (const dtype of BINARY_DTYPES[name] ?? ['float32', 'int32']) {
      const base = (v: Operands<Var>): Var => (name === 'pow' ? v.positive : pick(v, dtype)[0]);
      const baseValue = (t: Operands<tf.Tensor>): tf.Tensor =>
        name === 'pow' ? t.positive : pick(t, dtype)[0];
      add(
        name,
        dtype,
        (b, v) => b.binary(name as Primitive, base(v), pick(v, dtype)[1]),
        (t) => op(baseValue(t), pick(t, dtype)[1]),
      );
    }
  }
  for (const [name, op] of Object.entries(BOOL_ARITHMETIC)) {
    add(
      name,
      'bool',
      (b, v) => b.binary(name as Primitive, v.xb, v.yb),
      (t) => op(t.xb, t.yb),
    );
  }
  for (const dtype of DTYPES) {
    add(
      'select',
      dtype,
      (b, v) => b.select(v.xb, ...pick(v, dtype)),
      (t) => tf.where(t.xb, pick(t, dtype)[0], tf.broadcastTo(pick(t, dtype)[1], [2, 5])),
    );
  }
  for (const [name, op] of Object.entries(REDUCTIONS)) {
    for (const dtype of REDUCTION_DTYPES[name] ?? ['float32', 'int32']) {
      add(
        name,
        dtype,
        (b, v) => b.reduce(name as Primitive, pick(v, dtype)[0], [1], true),
        (t) => op(pick(t, dtype)[0], [1], true),
      );
      add(
        name,
        dtype,
        (b, v) => b.reduce(name as Primitive, pick(v, dtype)[0], [0, 1]),
        (t) => op(pick(t, dtype)[0], [0, 1], false),
      );
    }
  }
  for (const dtype of DTYPES) {
    add(
      'argmax',
      dtype,
      (b, v) => b.argReduce('argmax', pick(v, dtype)[0], 1),
      (t) =>
        tf.argMax(
          viaInt(pick(t, dtype)[0], (x) => x),
          1,
        ),
    );
    add(
      'argmin',
      dtype,
      (b, v) => b.argReduce('argmin', pick(v, dtype)[0], 0),
      (t) => tf.argMin(tf.cast(pick(t, dtype)[0], dtype === 'bool' ? 'int32' : dtype), 0),
    );
  }
  for (const dtype of ['float32', 'int32'] as const) {
    add(
      'matmul',
      dtype,
      (b, v) => b.matmul(pick(v, dtype)[0], pick(v, dtype)[0], { transposeB: true }),
      (t) => tf.matMul(pick(t, dtype)[0], pick(t, dtype)[0], false, true),
    );
  }
  for (const dtype of DTYPES) {
    add(
      'reshape',
      dtype,
      (b, v) => b.reshape(pick(v, dtype)[0], [5, 1, 2]),
      (t) => tf.reshape(pick(t, dtype)[0], [5, 1, 2]),
    );
    add(
      'transpose',
      dtype,
      (b, v) => b.transpose(pick(v, dtype)[0], [1, 0]),
      (t) => tf.transpose(pick(t, dtype)[0], [1, 0]),
    );
    add(
      'broadcastTo',
      dtype,
      (b, v) => b.broadcastTo(pick(v, dtype)[1], [3, 5]),
      (t) => tf.broadcastTo(pick(t, dtype)[1], [3, 5]),
    );
    add(
      'concatenate',
      dtype,
      (b, v) => b.concatenate([pick(v, dtype)[0], pick(v, dtype)[0]], 1),
      (t) => tf.concat([pick(t, dtype)[0], pick(t, dtype)[0]], 1),
    );
    add(
      'slice',
      dtype,
      (b, v) => b.slice(pick(v, dtype)[0], [1, 2], [1, 3]),
      (t) => tf.slice(pick(t, dtype)[0], [1, 2], [1, 3]),
    );
    add(
      'pad',
      dtype,
      (b, v) =>
        b.pad(pick(v, dtype)[0], [
          [0, 1],
          [2, 0],
        ]),
      (t) =>
        viaInt(pick(t, dtype)[0], (x) =>
          tf.pad(x, [
            [0, 1],
            [2, 0],
          ]),
        ),
    );
    add(
      'full',
      dtype,
      (b) => b.full([2, 2], dtype, dtype === 'bool' ? true : -1.5),
      () =>
        dtype === 'bool' ? tf.fill([2, 2], 1, 'bool') : tf.fill([2, 2], dtype === 'int32' ? -1 : -1.5, dtype),
    );
    for (const to of DTYPES) {
      add(
        'convertElementType',
        dtype,
        (b, v) => b.convert(pick(v, dtype)[0], to),
        (t) => tf.cast(pick(t, dtype)[0], to),
      );
    }
  }
  add(
    'oneHot',
    'int32',
    (b, v) => b.oneHot(v.xi, 4),
    (t) => tf.oneHot(tf.reshape(t.xi, [10]), 4, 1, 0, 'float32').reshape([2, 5, 4]),
  );
  indexingRows(add);
  return all;
}

/**
 * The indexing, scan and sorting rows: tfjs has no reference op for most of them, so the reference is flax-ts's own
 * eager primitive (itself checked against jax in test/core/np-parity.test.ts). Indices include negative and
 * out-of-bounds ones (clamped by gather, dropped by the scatters); log(x) adds NaN and −∞ to sort.
 */
function indexingRows(
  add: (primitive: string, dtype: DType, stage: Row['stage'], eager: Row['eager']) => void,
): void {
  const both = <P extends Primitive>(
    primitive: P,
    dtype: DType,
    operands: (v: Operands<Var>, b: ProgramBuilder) => Var[],
    values: (t: Operands<tf.Tensor>) => tf.Tensor[],
    params: PrimitiveParams[P],
  ): void => {
    add(
      primitive,
      dtype,
      (b, v) => b.apply(primitive, operands(v, b), params),
      (t) => bind(primitive, values(t), params) as tf.Tensor,
    );
  };
  for (const dtype of ['int32', 'float32'] as const) {
    both(
      'iota',
      dtype,
      () => [],
      () => [],
      { shape: [2, 3], dimension: 1, dtype },
    );
  }
  for (const dtype of DTYPES) {
    const rows = (b: ProgramBuilder, v: Operands<Var>): Var => b.reshape(v.yi, [5, 1]);
    const pairs = (b: ProgramBuilder, v: Operands<Var>): Var => b.reshape(v.xi, [5, 2]);
    both(
      'rev',
      dtype,
      (v) => [pick(v, dtype)[0]],
      (t) => [pick(t, dtype)[0]],
      { axes: [1] },
    );
    both(
      'gather',
      dtype,
      (v, b) => [pick(v, dtype)[0], rows(b, v)],
      (t) => [pick(t, dtype)[0], tf.reshape(t.yi, [5, 1])],
      {},
    );
    both(
      'gather',
      dtype,
      (v, b) => [pick(v, dtype)[0], pairs(b, v)],
      (t) => [pick(t, dtype)[0], tf.reshape(t.xi, [5, 2])],
      {},
    );
    const updates = (b: ProgramBuilder, v: Operands<Var>): Var => b.broadcastTo(pick(v, dtype)[1], [5, 5]);
    const scatterOperands = (v: Operands<Var>, b: ProgramBuilder): Var[] => [
      pick(v, dtype)[0],
      rows(b, v),
      updates(b, v),
    ];
    const scatterValues = (t: Operands<tf.Tensor>): tf.Tensor[] => [
      pick(t, dtype)[0],
      tf.reshape(t.yi, [5, 1]),
      tf.broadcastTo(pick(t, dtype)[1], [5, 5]),
    ];
    const scatters =
      dtype === 'bool'
        ? (['scatter'] as const)
        : (['scatterAdd', 'scatter', 'scatterMin', 'scatterMax'] as const);
    for (const primitive of scatters) both(primitive, dtype, scatterOperands, scatterValues, {});
    for (const primitive of ['sort', 'argsort'] as const) {
      both(
        primitive,
        dtype,
        (v) => [pick(v, dtype)[0]],
        (t) => [pick(t, dtype)[0]],
        { axis: 1 },
      );
      both(
        primitive,
        dtype,
        (v) => [pick(v, dtype)[0]],
        (t) => [pick(t, dtype)[0]],
        { axis: 0 },
      );
    }
  }
  for (const primitive of ['sort', 'argsort'] as const) {
    both(
      primitive,
      'float32',
      (v, b) => [b.unary('log', v.x)],
      (t) => [tf.log(t.x)],
      { axis: 1 },
    );
  }
  // Convolution and pooling: 2-D with strides and kernel dilation, 1-D with feature groups, 3-D.
  const image = (b: ProgramBuilder, v: Operands<Var>): Var => b.reshape(v.x, [1, 2, 5, 1]);
  const imageValue = (t: Operands<tf.Tensor>): tf.Tensor => tf.reshape(t.x, [1, 2, 5, 1]);
  both(
    'conv',
    'float32',
    (v, b) => [image(b, v), b.reshape(b.slice(v.x, [1, 0], [1, 4]), [1, 2, 1, 2])],
    (t) => [imageValue(t), tf.reshape(tf.slice(t.x, [1, 0], [1, 4]), [1, 2, 1, 2])],
    { strides: [1, 2], rhsDilation: [1, 2], featureGroupCount: 1 },
  );
  both(
    'conv',
    'float32',
    (v, b) => [b.reshape(v.x, [1, 5, 2]), b.reshape(b.slice(v.y, [0], [4]), [2, 1, 2])],
    (t) => [tf.reshape(t.x, [1, 5, 2]), tf.reshape(tf.slice(t.y, [0], [4]), [2, 1, 2])],
    { strides: [2], rhsDilation: [1], featureGroupCount: 2 },
  );
  // 3-D: strided, then with a depth dilation (tfjs-node's eager Conv3D refuses one) and feature groups.
  both(
    'conv',
    'float32',
    (v, b) => [b.reshape(v.x, [1, 2, 5, 1, 1]), b.reshape(b.slice(v.y, [0], [4]), [2, 2, 1, 1, 1])],
    (t) => [tf.reshape(t.x, [1, 2, 5, 1, 1]), tf.reshape(tf.slice(t.y, [0], [4]), [2, 2, 1, 1, 1])],
    { strides: [1, 2, 1], rhsDilation: [1, 1, 1], featureGroupCount: 1 },
  );
  both(
    'conv',
    'float32',
    (v, b) => [b.reshape(v.x, [1, 5, 1, 1, 2]), b.reshape(b.slice(v.y, [0], [4]), [2, 1, 1, 1, 2])],
    (t) => [tf.reshape(t.x, [1, 5, 1, 1, 2]), tf.reshape(tf.slice(t.y, [0], [4]), [2, 1, 1, 1, 2])],
    { strides: [1, 1, 1], rhsDilation: [2, 1, 1], featureGroupCount: 2 },
  );
  both(
    'reduceWindowSum',
    'float32',
    (v, b) => [image(b, v)],
    (t) => [imageValue(t)],
    {
      window: [2, 2],
      strides: [1, 2],
    },
  );
  both(
    'reduceWindowMax',
    'float32',
    (v, b) => [b.reshape(v.x, [2, 5, 1])],
    (t) => [tf.reshape(t.x, [2, 5, 1])],
    {
      window: [3],
      strides: [1],
    },
  );
  for (const dtype of ['float32', 'int32'] as const) {
    for (const primitive of ['cumsum', 'cumprod'] as const) {
      both(
        primitive,
        dtype,
        (v) => [pick(v, dtype)[0]],
        (t) => [pick(t, dtype)[0]],
        { axis: 1, reverse: true },
      );
      both(
        primitive,
        dtype,
        (v) => [pick(v, dtype)[0]],
        (t) => [pick(t, dtype)[0]],
        { axis: 0, reverse: false },
      );
    }
  }
}

function operandValues(): Operands<tf.Tensor> {
  return {
    // Halves for round (to even), zeros for sign and relu, negatives for the rest.
    x: tf.tensor2d([
      [-2.5, -1.5, -0.7, -0.5, 0],
      [0.3, 0.5, 1.5, 2.5, 3.2],
    ]),
    positive: tf.tensor2d([
      [0.1, 0.5, 1, 2, 3],
      [4, 0.25, 7, 1.5, 9],
    ]),
    xi: tf.tensor2d(
      [
        [-3, 0, 2, 5, -1],
        [4, 1, -2, 3, 0],
      ],
      undefined,
      'int32',
    ),
    xb: tf.tensor2d(
      [
        [true, false, true, true, false],
        [false, false, true, false, true],
      ],
      undefined,
      'bool',
    ),
    y: tf.tensor1d([1.5, -0.5, -0.7, 2, 0.25]),
    yi: tf.tensor1d([2, 0, 2, -5, 1], 'int32'),
    yb: tf.tensor1d([true, true, false, false, true], 'bool'),
  };
}

describe('core/executor/tf-graph/lowerings: each primitive in a TensorFlow graph vs eager tfjs', function () {
  const table = rows();
  const cache = temporaryCache();
  let graph: GraphProgram | undefined;
  let inputs: Operands<tf.Tensor>;
  let outputs: tf.Tensor[] = [];

  before(function () {
    requireTensorflowBackend(this);
    const b = new ProgramBuilder();
    const v: Operands<Var> = {
      x: b.input([2, 5]),
      positive: b.input([2, 5]),
      xi: b.input([2, 5], 'int32'),
      xb: b.input([2, 5], 'bool'),
      y: b.input([5]),
      yi: b.input([5], 'int32'),
      yb: b.input([5], 'bool'),
    };
    const program = b.build(table.map((row) => row.stage(b, v)));
    graph = compileOrFail(program, cache.dir);
    inputs = operandValues();
    outputs = graph.run(Object.values(inputs));
  });

  after(() => {
    graph?.dispose();
    tf.dispose(outputs);
    if (graph !== undefined) tf.dispose(Object.values(inputs));
    cache.remove();
  });

  it('covers every row of the lowering table', () => {
    expect([...new Set(table.map((row) => row.primitive))].sort()).to.deep.equal(
      Object.keys(LOWERINGS).sort(),
    );
  });

  table.forEach(({ primitive, dtype, eager }, i) => {
    it(`${primitive} on ${dtype} (output ${i})`, () => {
      const expected = tf.tidy(() => eager(inputs));
      expectSameOutputs([outputs[i]], [expected], `${primitive} on ${dtype}`);
      expected.dispose();
    });
  });
});
