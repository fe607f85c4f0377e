// What we write, read back by TensorFlow's own Python code (tf_reference.py in the project's .venv): protobuf
// messages decoded by TensorFlow's generated classes, and SavedModels loaded with tf.saved_model.load and run,
// compared with the same computation done eagerly in tfjs. Needs no tfjs-node, so it runs on every backend.
// Without Python TensorFlow it skips with one line, except under CI=true, where that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { lowerProgram, writeSavedModel } from '../../../../src/core/executor/tf-graph';
import { encodeGraphDef, type GraphDef } from '../../../../src/core/executor/tf-graph/graph-def';
import { attr, encodeNodeDef, type NodeDef } from '../../../../src/core/executor/tf-graph/node-def';
import type { Program } from '../../../../src/core/program';
import { encodeSavedModel, type Signature } from '../../../../src/core/executor/tf-graph/saved-model-proto';
import { ProgramBuilder } from '../../../support/program-builder';
import { expectSameOutputs, temporaryCache } from './support';

const ROOT = join(__dirname, '..', '..', '..', '..');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const SCRIPT = join(__dirname, 'tf_reference.py');
const INSTALL = 'PIP_RETRIES=0 .venv/bin/python -m pip install tensorflow-cpu==2.21.0';

interface TensorJson {
  readonly dtype: string;
  readonly shape: number[];
  readonly values: (number | boolean)[];
}
type Decoded = Record<string, unknown>;
interface Answer {
  readonly tensorflow: string;
  readonly messages: Decoded[];
  readonly savedModels: Record<string, TensorJson>[];
}

/** Runs tf_reference.py once on `request`: its answer, or why Python TensorFlow is unavailable. */
function askTensorflow(request: unknown): Answer | { readonly missing: string } {
  if (!existsSync(PYTHON)) return { missing: 'no .venv/bin/python; npm run setup creates it' };
  const child = spawnSync(PYTHON, ['-P', SCRIPT], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    timeout: 300_000,
  });
  if (child.status !== 0)
    throw new Error(`tf_reference.py failed: ${child.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(child.stdout) as Answer | { missing: string };
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A node using every kind of attribute we can write. */
const NODE: NodeDef = {
  name: 'everything',
  op: 'NoOp',
  inputs: ['a', 'b:1'],
  controlInputs: ['init'],
  attrs: {
    i: attr.int(-3),
    f: attr.float(0.25),
    off: attr.bool(false),
    T: attr.type('bool'),
    shape: attr.shape([2, 128]),
    scalar: attr.shape([]),
    half: attr.tensor({ dtype: 'float32', shape: [], values: [1.5] }),
    ints: attr.tensor({ dtype: 'int32', shape: [3], values: [1, -2, 2 ** 31 - 1] }),
    flags: attr.tensor({ dtype: 'bool', shape: [2, 2], values: [true, false, false, true] }),
    floats: attr.tensor({ dtype: 'float32', shape: [2, 1], values: new Float32Array([-0.5, 3e38]) }),
    list: attr.list({ ints: [1, -1], floats: [0.5], types: ['float32', 'int32'], shapes: [[], [3]] }),
  },
};

const GRAPH: GraphDef = { nodes: [NODE, { ...NODE, name: 'second', controlInputs: [] }], producer: 2474 };

/** A dense layer with batch statistics, softmax-like normalisation, argmax, oneHot and a select, with a constant. */
function denseProgram(kernel: tf.Tensor): Program {
  const b = new ProgramBuilder();
  const [x, bias, labels] = [b.input([8, 5]), b.input([3]), b.input([8], 'int32')];
  const h = b.binary('add', b.matmul(x, b.constant(kernel)), bias);
  const mean = b.reduce('mean', h, [0], true);
  const centred = b.binary('sub', h, mean);
  const variance = b.reduce('mean', b.unary('square', centred), [0], true);
  const normalized = b.binary('mul', centred, b.unary('rsqrt', b.binary('add', variance, b.literal(1e-5))));
  const activated = b.select(b.binary('gt', normalized, b.literal(0)), normalized, b.literal(0.01));
  const logits = b.binary('sub', activated, b.reduce('reduceMax', activated, [1], true));
  const logProbs = b.binary(
    'sub',
    logits,
    b.unary('log', b.reduce('reduceSum', b.unary('exp', logits), [1], true)),
  );
  const loss = b.unary('neg', b.reduce('mean', b.binary('mul', b.oneHot(labels, 3), logProbs), [0, 1]));
  const predicted = b.argReduce('argmax', logProbs, 1);
  return b.build([loss, predicted, b.binary('eq', predicted, labels), b.transpose(logProbs, [1, 0])]);
}

function denseEager(kernel: tf.Tensor, x: tf.Tensor, bias: tf.Tensor, labels: tf.Tensor): tf.Tensor[] {
  const h = tf.add(tf.matMul(x, kernel), bias);
  const { mean, variance } = tf.moments(h, 0, true);
  const normalized = tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  const activated = tf.where(tf.greater(normalized, 0), normalized, tf.fill(normalized.shape, 0.01));
  const logProbs = tf.logSoftmax(activated);
  // Cast rather than oneHot(…, 'float32'): tfjs-backend-wasm 4.22's OneHot writes int32 bits whatever the dtype.
  const loss = tf.neg(tf.mean(tf.mul(tf.cast(tf.oneHot(labels, 3), 'float32'), logProbs)));
  const predicted = tf.argMax(logProbs, 1);
  return [loss, predicted, tf.equal(predicted, labels), tf.transpose(logProbs)];
}

/** Shape surgery and less common maths. */
function shapesProgram(): Program {
  const b = new ProgramBuilder();
  const [x, y] = [b.input([2, 6]), b.input([3])];
  const cube = b.transpose(b.reshape(x, [2, 3, 2]), [1, 2, 0]);
  const joined = b.concatenate([cube, b.broadcastTo(b.reshape(y, [3, 1, 1]), [3, 1, 2])], 1);
  const padded = b.pad(b.slice(joined, [1, 0, 0], [2, 3, 2]), [
    [0, 1],
    [1, 1],
    [0, 0],
  ]);
  const maths = b.binary('pow', b.unary('log1p', b.unary('abs', padded)), b.literal(1.5));
  return b.build([
    padded,
    b.unary('erf', maths),
    b.unary('round', b.binary('mul', x, b.literal(2))),
    b.convert(x, 'int32'),
  ]);
}

function shapesEager(x: tf.Tensor, y: tf.Tensor): tf.Tensor[] {
  const cube = tf.transpose(tf.reshape(x, [2, 3, 2]), [1, 2, 0]);
  const joined = tf.concat([cube, tf.broadcastTo(tf.reshape(y, [3, 1, 1]), [3, 1, 2])], 1);
  const padded = tf.pad(tf.slice(joined, [1, 0, 0], [2, 3, 2]), [
    [0, 1],
    [1, 1],
    [0, 0],
  ]);
  const maths = tf.pow(tf.log1p(tf.abs(padded)), 1.5);
  return [padded, tf.erf(maths), tf.round(tf.mul(x, 2)), tf.cast(x, 'int32')];
}

function written(program: Program, dir: string): Signature {
  const lowered = lowerProgram(program);
  if (!lowered.ok) throw new Error(lowered.reason);
  writeSavedModel(dir, lowered.graph, lowered.signature);
  return lowered.signature;
}

async function feeds(
  signature: Signature,
  inputs: readonly tf.Tensor[],
): Promise<Record<string, TensorJson>> {
  const entries = await Promise.all(
    signature.inputs.map(async (spec, i) => {
      const values = Array.from(await inputs[i].data()).map((v) => (spec.dtype === 'bool' ? v !== 0 : v));
      return [
        spec.key,
        { dtype: spec.dtype === 'float32' ? 'float32' : spec.dtype, shape: spec.shape, values },
      ];
    }),
  );
  return Object.fromEntries(entries) as Record<string, TensorJson>;
}

function toTensor(json: TensorJson): tf.Tensor {
  const dtype = json.dtype === 'bool' ? 'bool' : json.dtype === 'int32' ? 'int32' : 'float32';
  return tf.tensor(json.values.map(Number), json.shape, dtype);
}

describe('core/executor/tf-graph: read back by TensorFlow’s Python code', function () {
  this.timeout(300_000);
  const cache = temporaryCache();
  let answer: Answer | undefined;
  const owned: tf.Tensor[] = [];
  let kernel: tf.Tensor;
  let denseInputs: tf.Tensor[];
  let shapesInputs: tf.Tensor[];
  let denseSignature: Signature;
  let shapesSignature: Signature;

  before(async function () {
    kernel = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
    denseInputs = [
      tf.randomNormal([8, 5], 0, 1, 'float32', 2),
      tf.tensor1d([0.1, -0.2, 0.3]),
      tf.tensor1d([0, 2, 1, 1, 0, 2, 2, 1], 'int32'),
    ];
    shapesInputs = [tf.randomUniform([2, 6], -3, 3, 'float32', 3), tf.tensor1d([-1.25, 0.5, 2])];
    owned.push(kernel, ...denseInputs, ...shapesInputs);
    denseSignature = written(denseProgram(kernel), join(cache.dir, 'dense'));
    shapesSignature = written(shapesProgram(), join(cache.dir, 'shapes'));
    const reply = askTensorflow({
      messages: [
        { type: 'NodeDef', base64: base64(encodeNodeDef(NODE)) },
        { type: 'GraphDef', base64: base64(encodeGraphDef(GRAPH)) },
        { type: 'SavedModel', base64: base64(encodeSavedModel(GRAPH, denseSignature)) },
      ],
      savedModels: [
        { dir: join(cache.dir, 'dense'), inputs: await feeds(denseSignature, denseInputs) },
        { dir: join(cache.dir, 'shapes'), inputs: await feeds(shapesSignature, shapesInputs) },
      ],
    });
    if ('missing' in reply) {
      const line = `Python TensorFlow is unavailable (${reply.missing}); install it with: ${INSTALL}`;
      if (process.env.CI === 'true') throw new Error(line);
      console.log(`      skipped: ${line}`);
      this.skip();
    }
    answer = reply;
  });

  after(() => {
    tf.dispose(owned);
    cache.remove();
  });

  it('decodes a NodeDef with inputs, control inputs and every kind of attribute', () => {
    const node = answer!.messages[0];
    expect(node).to.deep.include({ name: 'everything', op: 'NoOp', input: ['a', 'b:1', '^init'] });
    const attrs = node.attr as Record<string, Decoded>;
    // MessageToDict writes int64 as strings and enums by name.
    expect(attrs.i).to.deep.equal({ i: '-3' });
    expect(attrs.f).to.deep.equal({ f: 0.25 });
    expect(attrs.off).to.deep.equal({ b: false }, 'a false bool is still set (a oneof member)');
    expect(attrs.T).to.deep.equal({ type: 'DT_BOOL' });
    expect(attrs.shape).to.deep.equal({ shape: { dim: [{ size: '2' }, { size: '128' }] } });
    expect(attrs.scalar).to.deep.equal({ shape: {} }, 'a scalar shape is an empty, present message');
    expect(attrs.list).to.deep.equal({
      list: {
        i: ['1', '-1'],
        f: [0.5],
        type: ['DT_FLOAT', 'DT_INT32'],
        shape: [{}, { dim: [{ size: '3' }] }],
      },
    });
    const decoded = (name: string): unknown => (attrs[name].tensor as Decoded).decoded;
    expect(decoded('half')).to.deep.equal({ dtype: 'float32', shape: [], values: [1.5] });
    expect(decoded('ints')).to.deep.equal({ dtype: 'int32', shape: [3], values: [1, -2, 2 ** 31 - 1] });
    expect(decoded('flags')).to.deep.equal({
      dtype: 'bool',
      shape: [2, 2],
      values: [true, false, false, true],
    });
    expect(decoded('floats')).to.deep.equal({
      dtype: 'float32',
      shape: [2, 1],
      values: Array.from(new Float32Array([-0.5, 3e38])),
    });
  });

  it('decodes a GraphDef and its producer version', () => {
    const graph = answer!.messages[1];
    expect((graph.node as Decoded[]).map((n) => n.name)).to.deep.equal(['everything', 'second']);
    expect(graph.versions).to.deep.equal({ producer: 2474 });
  });

  it('decodes a SavedModel: one meta graph tagged serve, its graph and the serving_default signature', () => {
    const savedModel = answer!.messages[2];
    expect(savedModel.saved_model_schema_version).to.equal('1');
    const [metaGraph] = savedModel.meta_graphs as Decoded[];
    expect(metaGraph.meta_info_def).to.deep.equal({ tags: ['serve'] });
    expect((metaGraph.graph_def as Decoded).node).to.have.length(2);
    const signature = (metaGraph.signature_def as Record<string, Decoded>).serving_default;
    expect(signature.method_name).to.equal('tensorflow/serving/predict');
    expect(signature.inputs).to.deep.equal({
      input_0: {
        name: 'input_0:0',
        dtype: 'DT_FLOAT',
        tensor_shape: { dim: [{ size: '8' }, { size: '5' }] },
      },
      input_1: { name: 'input_1:0', dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '3' }] } },
      input_2: { name: 'input_2:0', dtype: 'DT_INT32', tensor_shape: { dim: [{ size: '8' }] } },
    });
    expect(Object.keys(signature.outputs as Decoded).sort()).to.deep.equal([
      'output_0',
      'output_1',
      'output_2',
      'output_3',
    ]);
    expect((signature.outputs as Record<string, Decoded>).output_0).to.deep.equal({
      name: 'output_0:0',
      dtype: 'DT_FLOAT',
      tensor_shape: {},
    });
  });

  for (const [index, name] of ['dense layer with batch statistics', 'shape surgery and maths'].entries()) {
    it(`loads the ${name} SavedModel with tf.saved_model.load; its outputs match eager tfjs`, () => {
      const signature = index === 0 ? denseSignature : shapesSignature;
      const outputs = answer!.savedModels[index];
      const actual = signature.outputs.map(({ key }) => toTensor(outputs[key]));
      const expected = tf.tidy(() =>
        index === 0
          ? denseEager(kernel, ...(denseInputs as [tf.Tensor, tf.Tensor, tf.Tensor]))
          : shapesEager(shapesInputs[0], shapesInputs[1]),
      );
      expectSameOutputs(actual, expected, `Python TensorFlow on the ${name} SavedModel`);
      tf.dispose([...actual, ...expected]);
    });
  }
});
