// Parity with flax 0.12.8 for the layers of issue 15 (test/parity/layers.py → fixtures/layers.json): init bit for
// bit, apply and the gradients of sum(y · cot) within float32 tolerances, eagerly and under jit; vmap and memory.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { grad, np, vmap, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';
import type { WindowPadding } from '../../src/core/windowed';
import { MODES } from '../support/modes';
import {
  applyAndGrads,
  camelAttrs,
  expectClose,
  expectModuleCase,
  GRAD_TOLERANCE,
  maskedAttrs,
  tensor,
  tensors,
  type MaskedCase,
  type ModuleCase,
  type StoredArray,
  type StoredTree,
} from './fixture';

interface PoolCase {
  name: string;
  fn: 'avg_pool' | 'max_pool' | 'min_pool';
  kwargs: {
    window_shape: number[];
    strides?: number[];
    padding?: WindowPadding;
    count_include_pad?: boolean;
  };
  x: StoredArray;
  y: StoredArray;
  cot: StoredArray;
  gradX: StoredArray;
}

interface EmbedCase {
  name: string;
  seed: number;
  attrs: { num_embeddings: number; features: number };
  ids: StoredArray;
  variables: StoredTree;
  y: StoredArray;
  cot: StoredArray;
  gradParams: StoredTree;
  query: StoredArray;
  logits: StoredArray;
  logitsCot: StoredArray;
  gradAttendParams: StoredTree;
  gradQuery: StoredArray;
}

/** A stored array of ids as an int32 tensor. */
function ids(stored: StoredArray): NDArray {
  return tf.tensor(stored.data, stored.shape, 'int32');
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'layers.json'), 'utf8'),
) as {
  conv: MaskedCase[];
  pool: PoolCase[];
  norm: (ModuleCase & { layer: 'LayerNorm' | 'RMSNorm' })[];
  embed: EmbedCase[];
  denseGeneral: ModuleCase[];
};

function poolFn(c: PoolCase): (x: NDArray) => NDArray {
  const { window_shape: window, strides, padding, count_include_pad: countIncludePad } = c.kwargs;
  const options = { strides, padding };
  if (c.fn === 'avg_pool') return (x) => nn.avgPool(x, window, { ...options, countIncludePad });
  return c.fn === 'max_pool' ? (x) => nn.maxPool(x, window, options) : (x) => nn.minPool(x, window, options);
}

for (const { name: mode, stage } of MODES)
  describe(`linen layers: parity with flax 0.12.8, ${mode}`, () => {
    describe('Conv', () => {
      for (const c of fixture.conv) {
        it(`${c.name}: init bit for bit, apply and gradients`, () => {
          const conv = new nn.Conv(maskedAttrs(c) as unknown as nn.ConvAttrs);
          expectModuleCase(`Conv ${c.name}`, conv, c, stage);
        });
      }
    });

    describe('LayerNorm and RMSNorm', () => {
      for (const c of fixture.norm) {
        it(`${c.name}: init bit for bit, apply and gradients`, () => {
          const attrs = camelAttrs(c.attrs);
          const x = tensor(c.x);
          const [layerNorm, rmsNorm] = [new nn.LayerNorm(attrs), new nn.RMSNorm(attrs)];
          const init = c.layer === 'LayerNorm' ? stage(layerNorm.init) : stage(rmsNorm.init);
          expectClose(`${c.name} init`, init(key(c.seed), [x]), c.variables, { atol: 0, rtol: 0 });
          const apply = (v: nn.Variables, input: NDArray): NDArray =>
            c.layer === 'LayerNorm' ? layerNorm.apply(v, [input]) : rmsNorm.apply(v, [input]);
          const [y, [gradParams, gradX]] = stage(applyAndGrads)(
            apply,
            tensors(c.variables),
            x,
            tensor(c.cot),
          );
          expectClose(`${c.name} apply`, y, c.y, { atol: 1e-5, rtol: 1e-5 });
          expectClose(`${c.name} grad params`, gradParams, c.gradParams, GRAD_TOLERANCE);
          expectClose(`${c.name} grad x`, gradX, c.gradX, GRAD_TOLERANCE);
        });
      }
    });

    describe('Embed', () => {
      for (const c of fixture.embed) {
        it(`${c.name}: init bit for bit, lookup, attend and their gradients`, () => {
          const embed = new nn.Embed(camelAttrs(c.attrs) as unknown as nn.EmbedAttrs);
          const x = ids(c.ids);
          expectClose(`${c.name} init`, stage(embed.init)(key(c.seed), [x]), c.variables, {
            atol: 0,
            rtol: 0,
          });
          const variables = tensors(c.variables);
          const lookup = (params: nn.Collection): NDArray => embed.apply({ params }, [x]);
          const cot = tensor(c.cot);
          const [y, gradParams] = stage((params: nn.Collection): [NDArray, nn.Collection] => [
            lookup(params),
            grad((p: nn.Collection) => np.sum(np.multiply(lookup(p), cot)))(params),
          ])(variables.params);
          expectClose(`${c.name} apply`, y, c.y, { atol: 0, rtol: 0 });
          expectClose(`${c.name} grad params`, gradParams, c.gradParams, GRAD_TOLERANCE);
          const [logits, [gradAttendParams, gradQuery]] = stage(applyAndGrads)(
            (v, query) => embed.apply(v, [query], { method: 'attend' }),
            variables,
            tensor(c.query),
            tensor(c.logitsCot),
          );
          expectClose(`${c.name} attend`, logits, c.logits, { atol: 1e-5, rtol: 1e-5 });
          expectClose(`${c.name} grad attend params`, gradAttendParams, c.gradAttendParams, GRAD_TOLERANCE);
          expectClose(`${c.name} grad query`, gradQuery, c.gradQuery, GRAD_TOLERANCE);
        });
      }
    });

    describe('DenseGeneral', () => {
      for (const c of fixture.denseGeneral) {
        it(`${c.name}: init bit for bit, apply and gradients`, () => {
          const layer = new nn.DenseGeneral(camelAttrs(c.attrs) as unknown as nn.DenseGeneralAttrs);
          expectModuleCase(`DenseGeneral ${c.name}`, layer, c, stage);
        });
      }
    });

    describe('pooling', () => {
      for (const c of fixture.pool) {
        it(`${c.name}: output and the gradient of the input (JAX's tie rule)`, () => {
          const fn = poolFn(c);
          const x = tensor(c.x);
          const cot = tensor(c.cot);
          const y = stage(fn)(x);
          expectClose(`${c.name} apply`, y, c.y, { atol: 1e-5, rtol: 1e-5 });
          const gradX = stage(grad((v: NDArray) => np.sum(np.multiply(fn(v), cot))))(x);
          expectClose(`${c.name} grad x`, gradX, c.gradX, GRAD_TOLERANCE);
        });
      }
    });
  });

describe('linen layers: vmap and memory', () => {
  it('Conv under vmap equals Conv on the batch (an unbatched example inside)', () => {
    const c = fixture.conv[0];
    const conv = new nn.Conv(camelAttrs(c.attrs) as unknown as nn.ConvAttrs);
    const variables = tensors(c.variables);
    const x = tensor(c.x);
    const perExample = vmap((v: NDArray) => conv.apply(variables, [v]))(x);
    expectClose('Conv vmap', perExample, c.y, { atol: 1e-5, rtol: 1e-5 });
  });

  it('per-example gradients of Conv under vmap equal one gradient per example', () => {
    const c = fixture.conv[2];
    const conv = new nn.Conv(camelAttrs(c.attrs) as unknown as nn.ConvAttrs);
    const variables = tensors(c.variables);
    const x = tensor(c.x);
    const lossOf = (params: nn.Collection, v: NDArray): NDArray =>
      np.sum(np.square(conv.apply({ params }, [v])));
    const batched = vmap(grad(lossOf), { inAxes: [null, 0] })(variables.params, x);
    for (let i = 0; i < x.shape[0]; i++) {
      const one = grad(lossOf)(variables.params, np.index(x, i));
      for (const name of ['kernel', 'bias']) {
        const single = one[name] as tf.Tensor;
        const expected = { shape: single.shape, data: Array.from(single.dataSync()) };
        expectClose(
          `vmap grad ${name} ${i}`,
          np.index(batched[name] as NDArray, i),
          expected,
          GRAD_TOLERANCE,
        );
      }
    }
  });

  it('maxPool and avgPool under vmap equal them on the batch', () => {
    for (const c of fixture.pool.filter((p) => p.x.shape.length === 4)) {
      const fn = poolFn(c);
      expectClose(`${c.name} vmap`, vmap(fn)(tensor(c.x)), c.y, { atol: 1e-5, rtol: 1e-5 });
    }
  });

  it('LayerNorm under vmap equals LayerNorm on the batch; apply leaves exactly its result', () => {
    const c = fixture.norm[0];
    const layer = new nn.LayerNorm();
    const variables = tensors(c.variables);
    const x = tensor(c.x);
    expectClose('LayerNorm vmap', vmap((v: NDArray) => layer.apply(variables, [v]))(x), c.y, {
      atol: 1e-5,
      rtol: 1e-5,
    });
    const before = tf.memory().numTensors;
    const y = layer.apply(variables, [x]);
    expect(tf.memory().numTensors).to.equal(before + 1);
    (y as tf.Tensor).dispose();
  });

  it('Conv apply and pooling leave exactly their result', () => {
    const c = fixture.conv[2];
    const conv = new nn.Conv(camelAttrs(c.attrs) as unknown as nn.ConvAttrs);
    const variables = tensors(c.variables);
    const x = tensor(c.x);
    let before = tf.memory().numTensors;
    const y = conv.apply(variables, [x]) as tf.Tensor;
    expect(tf.memory().numTensors).to.equal(before + 1);
    before = tf.memory().numTensors;
    const pooled = [
      nn.maxPool(y, [2, 2], { padding: 'SAME' }),
      nn.avgPool(y, [2, 2], { countIncludePad: false, padding: 'SAME' }),
    ];
    expect(tf.memory().numTensors).to.equal(before + 2);
    tf.dispose([y, ...(pooled as tf.Tensor[])]);
  });

  it('Embed and DenseGeneral under vmap equal them on the batch; apply leaves exactly its result', () => {
    const e = fixture.embed[0];
    const embed = new nn.Embed(camelAttrs(e.attrs) as unknown as nn.EmbedAttrs);
    const embedVariables = tensors(e.variables);
    const x = ids(e.ids);
    expectClose('Embed vmap', vmap((v: NDArray) => embed.apply(embedVariables, [v]))(x), e.y, {
      atol: 0,
      rtol: 0,
    });
    const d = fixture.denseGeneral[1];
    const layer = new nn.DenseGeneral(camelAttrs(d.attrs) as unknown as nn.DenseGeneralAttrs);
    // Per example the batch axis is gone, so the contracted axes (1, -1) become (0, -1).
    const perExample = new nn.DenseGeneral({ features: [4, 5], axis: [0, -1] });
    const variables = tensors(d.variables);
    expectClose(
      'DenseGeneral vmap',
      vmap((v: NDArray) => perExample.apply(variables, [v]))(tensor(d.x)),
      d.y,
      {
        atol: 1e-5,
        rtol: 1e-5,
      },
    );
    const [query, dx] = [tensor(e.query), tensor(d.x)];
    const before = tf.memory().numTensors;
    const outputs = [
      embed.apply(embedVariables, [x]),
      embed.apply(embedVariables, [query], { method: 'attend' }),
      layer.apply(variables, [dx]),
    ];
    expect(tf.memory().numTensors).to.equal(before + 3);
    tf.dispose(outputs as tf.Tensor[]);
  });

  it("errors: Flax's wording for non-integer ids and for batch dims that are not leading", () => {
    const embed = new nn.Embed({ numEmbeddings: 3, features: 2 });
    expect(() => embed.init(key(0), [np.ones([2])])).to.throw(
      'Input type must be an integer or unsigned integer.',
    );
    expect(() =>
      new nn.DenseGeneral({ features: 2, batchDims: 1 }).init(key(0), [np.ones([2, 3, 4])]),
    ).to.throw('batch_dims (1,) must be consecutive leading dimensions starting from 0.');
    expect(() => new nn.DenseGeneral({ features: [2, 0] })).to.throw(
      'DenseGeneral: the attribute "features" must be a positive integer or a list of them',
    );
    expect(() =>
      new nn.DenseGeneral({ features: [1, 1, 1] }).init(key(0), [np.ones(new Array<number>(50).fill(1))]),
    ).to.throw(
      "DenseGeneral: the input's axes and the features' axes number 53, more than einsum's 52 labels.",
    );
  });

  it("errors: Flax's wording for a bad padding, string padding with input dilation, and a mask's shape", () => {
    const x = np.ones([1, 4, 4, 1]);
    expect(() =>
      new nn.Conv({ features: 2, kernelSize: [2, 2], mask: np.ones([2, 2, 1]) }).init(key(0), [x]),
    ).to.throw('Mask needs to have the same shape as weights. Shapes are: (2, 2, 1), (2, 2, 1, 2)');
    expect(() =>
      new nn.Conv({ features: 1, kernelSize: [2, 2], padding: [1, 2, 3] }).init(key(0), [x]),
    ).to.throw('Invalid padding format: [1,2,3], should be str, int, or a sequence of len 2');
    expect(() =>
      new nn.Conv({ features: 1, kernelSize: [2, 2], inputDilation: 2 }).init(key(0), [x]),
    ).to.throw('String padding is not implemented for transposed convolution');
  });
});
