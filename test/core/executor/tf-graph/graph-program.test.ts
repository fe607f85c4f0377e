// Hand-written staged programs lowered, written as SavedModels, loaded by tfjs-node and run, against the same
// computation done eagerly with tfjs ops.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import type { GraphProgram } from '../../../../src/core/executor/tf-graph';
import type { Atom, Program, Var } from '../../../../src/core/program';
import { ProgramBuilder } from '../../../support/program-builder';
import { compileOrFail, expectSameOutputs, requireTensorflowBackend, temporaryCache } from './support';

/** A program (built when the test runs: it may capture tensors), its inputs, and the eager tfjs computation. */
interface Example {
  readonly name: string;
  readonly program: () => Program;
  readonly inputs: () => tf.Tensor[];
  readonly eager: (...inputs: tf.Tensor[]) => tf.Tensor[];
}

function example(
  name: string,
  build: (b: ProgramBuilder) => Atom[],
  inputs: () => tf.Tensor[],
  eager: (...inputs: tf.Tensor[]) => tf.Tensor[],
): Example {
  const program = (): Program => {
    const b = new ProgramBuilder();
    return b.build(build(b));
  };
  return { name, program, inputs, eager };
}

const uniform = (shape: number[], seed: number, low = -2, high = 2): tf.Tensor =>
  tf.randomUniform(shape, low, high, 'float32', seed);

const EXAMPLES: Example[] = [
  example(
    'elementwise maths with numpy broadcasting (ranks differ, literals, a rank-0 input)',
    (b) => {
      const [x, y, z, s] = [b.input([4, 3]), b.input([3]), b.input([4, 1]), b.input([])];
      const affine = b.binary('sub', b.binary('mul', b.binary('add', x, y), z), b.literal(2));
      const clipped = b.binary('min', b.binary('max', affine, b.literal(-1)), s);
      const ratio = b.binary('div', clipped, b.binary('add', b.unary('abs', y), b.literal(1)));
      const curve = b.unary('tanh', b.binary('pow', b.unary('exp', ratio), b.literal(0.5)));
      return [affine, clipped, ratio, curve, b.binary('ge', curve, b.unary('neg', z))];
    },
    () => [uniform([4, 3], 1), uniform([3], 2), uniform([4, 1], 3), tf.scalar(1.5)],
    (x, y, z, s) => {
      const affine = tf.sub(tf.mul(tf.add(x, y), z), 2);
      const clipped = tf.minimum(tf.maximum(affine, -1), s);
      const ratio = tf.div(clipped, tf.add(tf.abs(y), 1));
      const curve = tf.tanh(tf.pow(tf.exp(ratio), 0.5));
      return [affine, clipped, ratio, curve, tf.greaterEqual(curve, tf.neg(z))];
    },
  ),
  example(
    'matmul with transposes: MatMul for matrices, BatchMatMulV2 with broadcast batch dims',
    (b) => {
      const [a, c, d, e, f, g] = [
        b.input([3, 4]),
        b.input([5, 4]),
        b.input([2, 1, 3, 4]),
        b.input([5, 4, 6]),
        b.input([2, 4, 3]),
        b.input([5, 3]),
      ];
      return [
        b.matmul(a, c, { transposeB: true }),
        b.matmul(a, g, { transposeA: true, transposeB: true }),
        b.matmul(d, e),
        b.matmul(f, d, { transposeA: true, transposeB: true }),
        b.matmul(b.convert(a, 'int32'), b.convert(c, 'int32'), { transposeB: true }),
      ];
    },
    () => [
      uniform([3, 4], 4),
      uniform([5, 4], 5),
      uniform([2, 1, 3, 4], 6),
      uniform([5, 4, 6], 7),
      uniform([2, 4, 3], 8),
      uniform([5, 3], 14),
    ],
    (a, c, d, e, f, g) => [
      tf.matMul(a, c, false, true),
      tf.matMul(a, g, true, true),
      tf.matMul(d, tf.broadcastTo(e, [2, 5, 4, 6])),
      tf.matMul(tf.broadcastTo(f, [2, 2, 4, 3]), d, true, true),
      tf.matMul(tf.cast(a, 'int32'), tf.cast(c, 'int32'), false, true),
    ],
  ),
  example(
    'reductions with and without keepdims, argmax/argmin, all/any',
    (b) => {
      const x = b.input([2, 3, 4]);
      const positive = b.binary('gt', x, b.literal(0));
      return [
        b.reduce('reduceSum', x, [0, 2], true),
        b.reduce('reduceMax', x, [1]),
        b.reduce('reduceMin', x, [0, 1, 2]),
        b.reduce('reduceProd', x, [2], true),
        b.reduce('mean', x, [1], true),
        b.reduce('reduceSum', x, []),
        b.argReduce('argmax', x, 1),
        b.argReduce('argmin', x, 2),
        b.reduce('reduceAnd', positive, [1]),
        b.reduce('reduceOr', positive, [0, 2], true),
        b.reduce('reduceSum', b.convert(x, 'int32'), [2]),
      ];
    },
    () => [uniform([2, 3, 4], 9, -3, 3)],
    (x) => {
      const positive = tf.greater(x, 0);
      return [
        tf.sum(x, [0, 2], true),
        tf.max(x, 1),
        tf.min(x),
        tf.prod(x, 2, true),
        tf.mean(x, 1, true),
        tf.clone(x),
        tf.argMax(x, 1),
        tf.argMin(x, 2),
        tf.all(positive, 1),
        tf.any(positive, [0, 2], true),
        tf.sum(tf.cast(x, 'int32'), 2),
      ];
    },
  ),
  example(
    'select broadcasts predicate and both branches three ways',
    (b) => {
      const [x, t] = [b.input([4, 3]), b.input([4, 1])];
      const pred = b.binary('lt', t, b.literal(0));
      return [b.select(pred, x, b.literal(7)), b.select(b.unary('not', pred), b.input([3]), x)];
    },
    () => [uniform([4, 3], 10), tf.tensor2d([[-1], [1], [-2], [0]]), uniform([3], 11)],
    (x, t, y) => {
      const pred = tf.less(t, 0);
      return [
        tf.where(tf.broadcastTo(pred, [4, 3]), x, tf.fill([4, 3], 7)),
        tf.where(tf.broadcastTo(tf.logicalNot(pred), [4, 3]), tf.broadcastTo(y, [4, 3]), x),
      ];
    },
  ),
  example(
    'reshape, transpose, broadcastTo, concatenate, slice and pad',
    (b) => {
      const x = b.input([2, 6]);
      const cube = b.transpose(b.reshape(x, [2, 3, 2]), [2, 0, 1]);
      const joined = b.concatenate([cube, b.broadcastTo(b.input([1, 1, 3]), [2, 1, 3]), cube], 1);
      const window = b.slice(joined, [0, 1, 1], [2, 3, 2]);
      return [
        cube,
        joined,
        window,
        b.pad(window, [
          [1, 0],
          [0, 2],
          [3, 1],
        ]),
      ];
    },
    () => [uniform([2, 6], 12), uniform([1, 1, 3], 13)],
    (x, y) => {
      const cube = tf.transpose(tf.reshape(x, [2, 3, 2]), [2, 0, 1]);
      const joined = tf.concat([cube, tf.broadcastTo(y, [2, 1, 3]), cube], 1);
      const window = tf.slice(joined, [0, 1, 1], [2, 3, 2]);
      return [
        cube,
        joined,
        window,
        tf.pad(window, [
          [1, 0],
          [0, 2],
          [3, 1],
        ]),
      ];
    },
  ),
  example(
    'casts between float32, int32 and bool (floats truncate toward zero)',
    (b) => {
      const [x, flags] = [b.input([6]), b.input([6], 'bool')];
      const ints = b.convert(x, 'int32');
      return [
        ints,
        b.convert(ints, 'float32'),
        b.convert(flags, 'float32'),
        b.convert(flags, 'int32'),
        b.convert(x, 'bool'),
        b.convert(ints, 'bool'),
      ];
    },
    () => [
      tf.tensor1d([-2.7, -0.5, 0, 0.5, 1.9, 3]),
      tf.tensor1d([true, false, true, true, false, false], 'bool'),
    ],
    (x, flags) => {
      const ints = tf.cast(x, 'int32');
      return [
        ints,
        tf.cast(ints, 'float32'),
        tf.cast(flags, 'float32'),
        tf.cast(flags, 'int32'),
        tf.cast(x, 'bool'),
        tf.cast(ints, 'bool'),
      ];
    },
  ),
  example(
    'oneHot (out-of-range labels give zero rows) and full',
    (b) => {
      const labels = b.input([5], 'int32');
      return [
        b.oneHot(labels, 4),
        b.full([2, 3], 'float32', 0.25),
        b.full([], 'int32', -3),
        b.full([2], 'bool', true),
      ];
    },
    () => [tf.tensor1d([0, 3, 1, -1, 4], 'int32')],
    (labels) => [
      tf.oneHot(labels, 4, 1, 0, 'float32'),
      tf.fill([2, 3], 0.25),
      tf.scalar(-3, 'int32'),
      tf.fill([2], 1, 'bool'),
    ],
  ),
  example(
    'outputs that repeat, or are inputs, constants or literals, are each a fresh tensor',
    (b) => {
      const x = b.input([2]);
      const c = b.constant(tf.tensor1d([10, 20]));
      const y = b.binary('add', x, c);
      return [y, y, x, c, b.literal(4), b.literal(true)];
    },
    () => [tf.tensor1d([1, 2])],
    (x) => [
      tf.add(x, [10, 20]),
      tf.add(x, [10, 20]),
      tf.clone(x),
      tf.tensor1d([10, 20]),
      tf.scalar(4),
      tf.scalar(true, 'bool'),
    ],
  ),
];

describe('core/executor/tf-graph: programs run as TensorFlow graphs', function () {
  const cache = temporaryCache();
  const loaded: GraphProgram[] = [];

  before(function () {
    requireTensorflowBackend(this);
  });

  after(() => {
    for (const program of loaded) program.dispose();
    cache.remove();
  });

  for (const { name, program, inputs, eager } of EXAMPLES) {
    it(name, () => {
      const staged = program();
      const graph = compileOrFail(staged, cache.dir);
      loaded.push(graph);
      tf.dispose(staged.constValues as tf.Tensor[]);
      const values = inputs();
      const actual = graph.run(values);
      const expected = tf.tidy(() => eager(...values));
      expectSameOutputs(actual, expected, name);
      expect(new Set(actual).size, 'each output is its own tensor').to.equal(actual.length);
      tf.dispose([...values, ...actual, ...expected]);
    });
  }

  it('keeps tf.memory() flat over 1,000 calls (outputs disposed by the caller, inputs kept)', () => {
    const { program, inputs } = EXAMPLES[0];
    const graph = compileOrFail(program(), cache.dir);
    loaded.push(graph);
    const values = inputs();
    tf.dispose(graph.run(values));
    const before = tf.memory();
    for (let i = 0; i < 1000; i++) tf.dispose(graph.run(values));
    const after = tf.memory();
    console.log(
      `      1,000 calls: numTensors ${before.numTensors} → ${after.numTensors}, numBytes ${before.numBytes} → ${after.numBytes}`,
    );
    expect(after.numTensors).to.equal(before.numTensors);
    expect(after.numBytes).to.equal(before.numBytes);
    tf.dispose(values);
  });

  it('checks the inputs it is given against the staged ones', () => {
    const b = new ProgramBuilder();
    const x: Var = b.input([2, 3]);
    const graph = compileOrFail(b.build([b.unary('neg', x)]), cache.dir);
    const wrongShape = tf.zeros([3, 2]);
    const wrongType = tf.zeros([2, 3], 'int32');
    expect(() => graph.run([])).to.throw('The graph program takes 1 inputs, got 0.');
    expect(() => graph.run([wrongShape])).to.throw(
      'Input 0 of the graph program must be float32[2, 3], got float32[3, 2].',
    );
    expect(() => graph.run([wrongType])).to.throw('must be float32[2, 3], got int32[2, 3]');
    graph.dispose();
    expect(() => graph.run([wrongShape])).to.throw('was disposed');
    tf.dispose([wrongShape, wrongType]);
  });
});
