// The GraphDef a staged program lowers to (node by node), and the one-line reasons for programs it cannot lower.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { LOWERINGS, lowerProgram } from '../../../../src/core/executor/tf-graph';
import type { GraphDef } from '../../../../src/core/executor/tf-graph/graph-def';
import { attr } from '../../../../src/core/executor/tf-graph/node-def';
import type { Program } from '../../../../src/core/program';
import { ProgramBuilder } from '../../../support/program-builder';

function lowered(program: Program): ReturnType<typeof lowerProgram> & { ok: true } {
  const result = lowerProgram(program);
  if (!result.ok) throw new Error(`expected the program to lower, but: ${result.reason}`);
  return result;
}

function reasonFor(program: Program): string {
  const result = lowerProgram(program);
  if (result.ok) throw new Error('expected the program not to lower');
  return result.reason;
}

const node = (graph: GraphDef, name: string) => {
  const found = graph.nodes.find((n) => n.name === name);
  if (found === undefined) throw new Error(`no node ${name} in ${graph.nodes.map((n) => n.name).join(', ')}`);
  return found;
};

// The primitive table of the staged-program IR (the issue 11 contract): all but PRNG, collectives, nested
// programs and scatterMul (TensorFlow has no multiplying scatter) run in a TensorFlow graph.
const GRAPH_PRIMITIVES = [
  ...['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'square', 'tanh', 'logistic'],
  ...['erf', 'sin', 'cos', 'floor', 'ceil', 'round', 'relu', 'softplus', 'isFinite', 'not', 'stopGradient'],
  ...[
    'convertElementType',
    'add',
    'sub',
    'mul',
    'div',
    'pow',
    'max',
    'min',
    'eq',
    'ne',
    'lt',
    'le',
    'gt',
    'ge',
  ],
  ...['and', 'or', 'select', 'reduceSum', 'reduceMax', 'reduceMin', 'reduceProd', 'reduceAnd', 'reduceOr'],
  ...[
    'mean',
    'argmax',
    'argmin',
    'matmul',
    'reshape',
    'transpose',
    'broadcastTo',
    'concatenate',
    'slice',
    'pad',
  ],
  ...['oneHot', 'full'],
  ...['iota', 'rev', 'gather', 'scatterAdd', 'scatter', 'scatterMin', 'scatterMax', 'cumsum', 'cumprod'],
  ...['sort', 'argsort'],
  ...['conv', 'reduceWindowSum', 'reduceWindowMax'],
];
const HOST_PRIMITIVES = [
  ...[
    'psum',
    'pmean',
    'randomSplit',
    'randomFoldIn',
    'randomUniform',
    'randomNormal',
    'randomTruncatedNormal',
  ],
  ...['randomBernoulli', 'randomPermutation', 'randomRandint', 'randomGumbel', 'jitCall', 'scatterMul'],
];

describe('core/executor/tf-graph/lower-program', () => {
  it('has a lowering for every primitive of the IR except PRNG, collectives and nested programs', () => {
    expect(Object.keys(LOWERINGS).sort()).to.deep.equal([...GRAPH_PRIMITIVES].sort());
    for (const primitive of HOST_PRIMITIVES) expect(LOWERINGS).not.to.have.property(primitive);
  });

  it('makes a typed, shaped Placeholder per input and an Identity per output, named stably', () => {
    const b = new ProgramBuilder();
    const x = b.input([128, 5]);
    const labels = b.input([128], 'int32');
    const { graph, signature } = lowered(b.build([b.unary('exp', x), labels]));
    expect(node(graph, 'input_0')).to.deep.include({
      op: 'Placeholder',
      inputs: [],
      attrs: { dtype: attr.type('float32'), shape: attr.shape([128, 5]) },
    });
    expect(node(graph, 'input_1').attrs.dtype).to.deep.equal(attr.type('int32'));
    expect(node(graph, 'Exp')).to.deep.include({ op: 'Exp', inputs: ['input_0'] });
    expect(node(graph, 'output_0')).to.deep.include({ op: 'Identity', inputs: ['Exp'] });
    expect(node(graph, 'output_1')).to.deep.include({ op: 'Identity', inputs: ['input_1'] });
    expect(signature.inputs).to.deep.equal([
      { key: 'input_0', tensorName: 'input_0:0', dtype: 'float32', shape: [128, 5] },
      { key: 'input_1', tensorName: 'input_1:0', dtype: 'int32', shape: [128] },
    ]);
    expect(signature.outputs.map((o) => [o.key, o.tensorName, o.dtype])).to.deep.equal([
      ['output_0', 'output_0:0', 'float32'],
      ['output_1', 'output_1:0', 'int32'],
    ]);
  });

  it('writes one Const per captured constant and one per distinct literal', () => {
    const b = new ProgramBuilder();
    const x = b.input([2]);
    const weights = tf.tensor1d([0.5, -1]);
    const w = b.constant(weights);
    const y = b.binary('add', b.binary('mul', x, b.literal(2)), b.binary('mul', w, b.literal(2)));
    const z = b.binary('sub', y, b.literal(-0));
    const { graph } = lowered(b.build([b.binary('add', z, b.literal(0)), b.literal(2)]));
    weights.dispose();
    expect(node(graph, 'const_0').attrs.value).to.deep.equal(
      attr.tensor({ dtype: 'float32', shape: [2], values: new Float32Array([0.5, -1]) }),
    );
    const literals = graph.nodes.filter((n) => n.op === 'Const' && n.name !== 'const_0');
    // 2 (used three times), -0 and 0: -0 is kept apart from 0, as its sign can matter (1 / -0 = -inf).
    expect(literals.map((n) => n.attrs.value)).to.deep.equal([
      attr.tensor({ dtype: 'float32', shape: [], values: [2] }),
      attr.tensor({ dtype: 'float32', shape: [], values: [-0] }),
      attr.tensor({ dtype: 'float32', shape: [], values: [0] }),
    ]);
  });

  it('lowers matmul to MatMul for matrices and BatchMatMulV2 (adj_x/adj_y) with batch dims', () => {
    const b = new ProgramBuilder();
    const [a, c] = [b.input([3, 4]), b.input([2, 3, 5])];
    const { graph } = lowered(
      b.build([b.matmul(a, a, { transposeA: true }), b.matmul(a, c), b.matmul(c, a, { transposeA: true })]),
    );
    expect(node(graph, 'MatMul').attrs).to.deep.include({
      transpose_a: attr.bool(true),
      transpose_b: attr.bool(false),
    });
    expect(node(graph, 'BatchMatMulV2_1').attrs).to.deep.include({
      adj_x: attr.bool(true),
      adj_y: attr.bool(false),
    });
  });

  it('says which primitive has no lowering (PRNG, collectives), for the fallback’s one-line reason', () => {
    const b = new ProgramBuilder();
    const x = b.input([3]);
    const noise = b.apply('randomUniform', [b.input([], 'key')], { shape: [3], minval: 0, maxval: 1 });
    expect(reasonFor(b.build([b.binary('add', x, noise)]))).to.equal(
      'primitive randomUniform has no TensorFlow lowering',
    );
    const c = new ProgramBuilder();
    const summed = c.apply('psum', [c.input([3])], { axisName: 'batch', axisSize: 4 });
    expect(reasonFor(c.build([summed]))).to.equal('primitive psum has no TensorFlow lowering');
  });

  it('says when a key, a dtype or a param cannot go into a TensorFlow graph', () => {
    const a = new ProgramBuilder();
    expect(reasonFor(a.build([a.input([2], 'key')]))).to.equal(
      'input 0 is a PRNG key array, which lives on the host',
    );
    const b = new ProgramBuilder();
    expect(reasonFor(b.build([b.unary('exp', b.input([2], 'int32'))]))).to.equal(
      "TensorFlow's Exp has no int32 kernel (primitive exp)",
    );
    const c = new ProgramBuilder();
    expect(reasonFor(c.build([c.pad(c.input([4]), [[-1, 2]])]))).to.equal(
      "TensorFlow's Pad cannot crop (negative padding [[-1,2]])",
    );
  });

  it('throws (a bug, not a fallback) on malformed programs', () => {
    const b = new ProgramBuilder();
    const x = b.input([2, 2]);
    const bad = b.apply('reshape', [x], { shape: 'four' } as never);
    expect(() => lowerProgram(b.build([bad]))).to.throw(
      'Primitive reshape: param "shape" is malformed ("four").',
    );
    const c = new ProgramBuilder();
    const orphan = { kind: 'var' as const, id: 99, aval: { shape: [], dtype: 'float32' as const } };
    expect(() => lowerProgram(c.build([c.unary('neg', orphan)]))).to.throw(
      'uses variable 99 before defining it',
    );
  });
});
