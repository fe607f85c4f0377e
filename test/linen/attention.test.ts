// Parity with flax 0.12.8 for attention (test/parity/attention.py → fixtures/attention.json): init bit for bit,
// apply and the gradients of sum(y · cot) within float32 tolerances, eagerly and under jit, dropout masks bit for
// bit, autoregressive decoding step by step; masks, vmap, memory, and Flax's error messages.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { jit } from '../../src';
import { grad, np, vmap, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key, type Key } from '../../src/random';
import { MODES } from '../support/modes';
import { camelAttrs, expectClose, tensor, tensors, type StoredArray, type StoredTree } from './fixture';

interface ModuleCase {
  name: string;
  layer: 'MultiHeadDotProductAttention' | 'MultiHeadAttention' | 'SelfAttention';
  attrs: Record<string, unknown>;
  seed: number;
  inputs: StoredArray[];
  mask: StoredArray | null;
  call: { deterministic?: boolean; dropout_rng?: number };
  dropoutSeed: number | null;
  variables: StoredTree;
  y: StoredArray;
  cot: StoredArray;
  gradParams: StoredTree;
  gradInputs: StoredArray[];
}

interface FunctionCase {
  name: string;
  kwargs: {
    bias?: StoredArray;
    mask?: StoredArray;
    dropout_rng?: number;
    dropout_rate?: number;
    broadcast_dropout?: boolean;
    deterministic?: boolean;
  };
  batchless?: boolean;
  weights: StoredArray;
  y: StoredArray;
  cot: StoredArray;
  grads: StoredArray[];
}

interface DecodeStep {
  y: StoredArray;
  cache: StoredTree;
  cot: StoredArray;
  gradParams: StoredTree;
  gradX: StoredArray;
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'attention.json'), 'utf8'),
) as {
  modules: ModuleCase[];
  sow: { seed: number; x: StoredArray; attentionWeights: StoredArray };
  decode: {
    attrs: Record<string, unknown>;
    seed: number;
    x: StoredArray;
    variables: StoredTree;
    steps: DecodeStep[];
  };
  functions: { q: StoredArray; k: StoredArray; v: StoredArray; cases: FunctionCase[] };
  masks: Record<
    'qTokens' | 'kTokens' | 'padding' | 'greaterEqualExtraDims' | 'causal' | 'causalExtraDims' | 'combined',
    StoredArray
  > & {
    dtypes: Record<'padding' | 'greaterEqualExtraDims' | 'combined', string>;
  };
  errors: Record<string, string>;
};

// Gradients sum many float32 products (and a softmax): a little more room than a single apply.
const APPLY_TOLERANCE = { atol: 1e-5, rtol: 1e-5 };
const GRAD_TOLERANCE = { atol: 2e-5, rtol: 2e-4 };
const EXACT = { atol: 0, rtol: 0 };

/** The initializers attention.py names by string. */
const INITIALIZERS: Record<string, nn.Initializer> = {
  xavier_uniform: nn.initializers.xavierUniform(),
  normal: nn.initializers.normal(0.5),
  zeros_init: nn.initializers.zerosInit(),
};

function layerOf(c: { layer: ModuleCase['layer']; attrs: Record<string, unknown> }): nn.AttentionLayer {
  const attrs = camelAttrs(
    Object.fromEntries(
      Object.entries(c.attrs).map(([k, v]) => [k, k.endsWith('_init') ? INITIALIZERS[v as string] : v]),
    ),
  ) as unknown as nn.MultiHeadDotProductAttentionAttrs;
  return new nn[c.layer](attrs);
}

type Entry = (
  rngs: Key | Record<string, Key>,
  args: unknown[],
  options?: { rngs?: Record<string, Key> },
) => unknown;

/** The case's init and apply, as functions of the inputs (and the variables). */
function caller(c: ModuleCase): {
  init: (inputs: NDArray[]) => nn.Variables;
  run: (variables: nn.Variables, inputs: NDArray[]) => NDArray;
} {
  const layer = layerOf(c);
  const rngs: Record<string, Key> = c.dropoutSeed === null ? {} : { dropout: key(c.dropoutSeed) };
  const mask = c.mask === null ? undefined : tensor(c.mask);
  const dropoutRng = c.call.dropout_rng === undefined ? undefined : key(c.call.dropout_rng);
  const { deterministic } = c.call;
  // SelfAttention takes the keyword arguments positionally; the others take them as a trailing object.
  const args = (inputs: NDArray[]): unknown[] =>
    layer instanceof nn.SelfAttention
      ? [inputs[0], mask, deterministic, dropoutRng]
      : [...inputs, { mask, deterministic, dropoutRng }];
  const [init, apply] = [layer.init, layer.apply] as unknown as [Entry, Entry];
  return {
    init: (inputs) => init({ params: key(c.seed), ...rngs }, args(inputs)) as nn.Variables,
    run: (variables, inputs) => apply(variables as never, args(inputs), { rngs }) as NDArray,
  };
}

function functionOptions(c: FunctionCase): nn.DotProductAttentionOptions {
  const { bias, mask, dropout_rng: rng, dropout_rate: dropoutRate } = c.kwargs;
  return {
    bias: bias && tensor(bias),
    mask: mask && tensor(mask),
    dropoutRng: rng === undefined ? undefined : key(rng),
    dropoutRate,
    broadcastDropout: c.kwargs.broadcast_dropout,
    deterministic: c.kwargs.deterministic,
  };
}

for (const { name: mode, stage } of MODES)
  describe(`linen attention: parity with flax 0.12.8, ${mode}`, () => {
    describe('MultiHeadDotProductAttention, MultiHeadAttention, SelfAttention', () => {
      for (const c of fixture.modules) {
        it(`${c.name}: init bit for bit, apply and gradients`, () => {
          const { init, run } = caller(c);
          const inputs = c.inputs.map(tensor);
          expectClose(`${c.name} init`, stage(init)(inputs), c.variables, EXACT);
          const cot = tensor(c.cot);
          const [y, grads] = stage((params: nn.Collection, xs: NDArray[]): [NDArray, unknown[]] => {
            const loss = (p: nn.Collection, ...vs: NDArray[]): NDArray =>
              np.sum(np.multiply(run({ params: p }, vs), cot));
            const argnums = xs.map((_, i) => i + 1);
            return [run({ params }, xs), grad(loss, { argnums: [0, ...argnums] })(params, ...xs)];
          })(tensors(c.variables).params, inputs);
          expectClose(`${c.name} apply`, y, c.y, APPLY_TOLERANCE);
          expectClose(`${c.name} grad params`, grads[0], c.gradParams, GRAD_TOLERANCE);
          c.gradInputs.forEach((g, i) => {
            expectClose(`${c.name} grad input ${i}`, grads[i + 1], g, GRAD_TOLERANCE);
          });
        });
      }

      it('sowWeights: the attention weights in intermediates', () => {
        const { seed, x, attentionWeights } = fixture.sow;
        const layer = new nn.MultiHeadDotProductAttention({ numHeads: 2 });
        const input = tensor(x);
        const variables = layer.init(key(seed), [input]);
        const [, state] = stage((v: nn.Variables, xs: NDArray) =>
          layer.apply(v, [xs, { sowWeights: true }], { mutable: ['intermediates'] }),
        )(variables, input);
        const sown = (state.intermediates as unknown as Record<string, NDArray[]>).attention_weights;
        expect(sown).to.have.length(1);
        // Without a mutable 'intermediates' nothing is sown and apply returns the output alone, as in Flax.
        expect(layer.apply(variables, [input, { sowWeights: true }])).to.have.property('shape');
        expectClose('sown attention weights', sown[0], attentionWeights, APPLY_TOLERANCE);
      });
    });

    describe('decode: one position per step through the cache', () => {
      it("init creates the zero cache bit for bit; each step gives Flax's output, cache and gradients", () => {
        const d = fixture.decode;
        const layer = new nn.MultiHeadDotProductAttention(
          camelAttrs(d.attrs) as unknown as nn.MultiHeadDotProductAttentionAttrs,
        );
        const x = tensor(d.x);
        const variables = stage(layer.init)(key(d.seed), [x]);
        expectClose('decode init', variables, d.variables, EXACT);
        // The fixture stores floats: the steps start from init's own cache, whose index is int32 as in Flax.
        expect(variables.cache.cache_index.dtype).to.equal('int32');
        const { params } = variables;
        let cache = variables.cache;
        d.steps.forEach((s, t) => {
          const input = np.index(x, ':', `${t % 4}:${(t % 4) + 1}`);
          const cot = tensor(s.cot);
          const step = (p: nn.Collection, c: nn.Collection, v: NDArray): [NDArray, nn.Collection] => {
            const [out, updated] = layer.apply({ params: p, cache: c }, [v], { mutable: ['cache'] });
            return [out as NDArray, updated.cache];
          };
          type StepResult = [[NDArray, nn.Collection], [nn.Collection, NDArray]];
          const [[y, next], grads] = stage((p: nn.Collection, c: nn.Collection, v: NDArray): StepResult => [
            step(p, c, v),
            grad((q: nn.Collection, w: NDArray) => np.sum(np.multiply(step(q, c, w)[0], cot)), {
              argnums: [0, 1],
            })(p, v),
          ])(params, cache, input);
          expectClose(`decode step ${t} y`, y, s.y, APPLY_TOLERANCE);
          expectClose(`decode step ${t} cache`, next, s.cache, APPLY_TOLERANCE);
          expectClose(`decode step ${t} grad params`, grads[0], s.gradParams, GRAD_TOLERANCE);
          expectClose(`decode step ${t} grad x`, grads[1], s.gradX, GRAD_TOLERANCE);
          cache = next;
        });
      });
    });

    describe('dotProductAttentionWeights and dotProductAttention', () => {
      for (const c of fixture.functions.cases) {
        it(`${c.name}: weights, output and the gradients of q, k, v`, () => {
          const [q, k, v] = [fixture.functions.q, fixture.functions.k, fixture.functions.v].map(tensor);
          const options = functionOptions(c);
          const [qs, ks, vs] = c.batchless ? [q, k, v].map((a) => np.index(a, 0)) : [q, k, v];
          const cot = tensor(c.cot);
          type Result = [NDArray, NDArray, NDArray[]];
          const [weights, y, grads] = stage((a: NDArray, b: NDArray, e: NDArray): Result => [
            nn.dotProductAttentionWeights(a, b, options),
            nn.dotProductAttention(a, b, e, options),
            grad(
              (...qkv: [NDArray, NDArray, NDArray]) =>
                np.sum(np.multiply(nn.dotProductAttention(...qkv, options), cot)),
              {
                argnums: [0, 1, 2],
              },
            )(a, b, e),
          ])(qs, ks, vs);
          expectClose(`${c.name} weights`, weights, c.weights, APPLY_TOLERANCE);
          expectClose(`${c.name} output`, y, c.y, APPLY_TOLERANCE);
          c.grads.forEach((g, i) => {
            expectClose(`${c.name} grad ${'qkv'[i]}`, grads[i], g, GRAD_TOLERANCE);
          });
        });
      }
    });

    describe('makeAttentionMask, makeCausalMask, combineMasks', () => {
      it("Flax's masks: values and dtypes", () => {
        const m = fixture.masks;
        const [qTokens, kTokens] = [tensor(m.qTokens), tensor(m.kTokens)];
        const [padding, greaterEqual, causal, causalExtra, combined] = stage((a: NDArray, b: NDArray) => {
          const keyPadding = nn.makeAttentionMask(np.greater(b, 0), np.greater(b, 0));
          const keyCausal = nn.makeCausalMask(b);
          return [
            nn.makeAttentionMask(np.greater(a, 0), np.greater(b, 0)),
            nn.makeAttentionMask(a, b, { pairwiseFn: np.greaterEqual, extraBatchDims: 1, dtype: 'int32' }),
            keyCausal,
            nn.makeCausalMask(b, { extraBatchDims: 2 }),
            nn.combineMasks(keyPadding, null, keyCausal, { dtype: 'bool' }) as NDArray,
          ];
        })(qTokens, kTokens);
        expectClose('padding mask', padding, m.padding, EXACT);
        expectClose('greaterEqual mask', np.astype(greaterEqual, 'float32'), m.greaterEqualExtraDims, EXACT);
        expectClose('causal mask', causal, m.causal, EXACT);
        expectClose('causal mask, extra dims', causalExtra, m.causalExtraDims, EXACT);
        expectClose('combined mask', np.astype(combined, 'float32'), m.combined, EXACT);
        expect([padding.dtype, greaterEqual.dtype, combined.dtype]).to.deep.equal([
          m.dtypes.padding,
          m.dtypes.greaterEqualExtraDims,
          m.dtypes.combined,
        ]);
        expect(nn.combineMasks(null, undefined)).to.equal(null);
      });
    });
  });

describe('linen attention: vmap, naming, memory, errors', () => {
  it('self-attention under vmap equals it on the batch (an unbatched example inside)', () => {
    const c = fixture.modules[0];
    const { run } = caller(c);
    const variables = tensors(c.variables);
    const perExample = vmap((x: NDArray) => run(variables, [x]))(tensor(c.inputs[0]));
    expectClose('attention vmap', perExample, c.y, APPLY_TOLERANCE);
  });

  it('attentionFn replaces the attention and receives the keyword arguments', () => {
    const c = fixture.modules[0]; // no mask
    const seen: nn.DotProductAttentionOptions[] = [];
    const ignoringMask: nn.AttentionFn = (query, k, value, options) => {
      seen.push(options);
      return nn.dotProductAttention(query, k, value, { ...options, mask: null });
    };
    const layer = new nn.MultiHeadDotProductAttention({ numHeads: 2, attentionFn: ignoringMask });
    const x = tensor(c.inputs[0]);
    const mask = nn.makeCausalMask(np.ones(x.shape.slice(0, -1)));
    expectClose('custom attentionFn', layer.apply(tensors(c.variables), [x, { mask }]), c.y, APPLY_TOLERANCE);
    expect(seen).to.have.length(1);
    expect(seen[0]).to.include({ mask, dropoutRate: 0, broadcastDropout: true, deterministic: true });
  });

  it("inputsKv (Flax's deprecated keyword) gives keys and values at once", () => {
    const c = fixture.modules[4]; // cross-attention, keys doubling as values
    const { run } = caller(c);
    const [q, kv] = c.inputs.map(tensor);
    const variables = tensors(c.variables);
    const layer = new nn.MultiHeadDotProductAttention({ numHeads: 1 });
    const mask = c.mask === null ? undefined : tensor(c.mask);
    const viaInputsKv = layer.apply(variables, [q, { inputsKv: kv, mask }]);
    const values = (t: NDArray): number[] => Array.from((t as tf.Tensor).dataSync());
    expect(values(viaInputsKv)).to.deep.equal(values(run(variables, [q, kv])));
    expectClose('inputsKv', viaInputsKv, c.y, APPLY_TOLERANCE);
  });

  it('inside a parent, MultiHeadAttention and MultiHeadDotProductAttention are auto-named by their class', () => {
    class Encoder extends nn.Module {
      call(x: NDArray): NDArray {
        const first = new nn.MultiHeadAttention({ numHeads: 1 }).call(x);
        return new nn.MultiHeadDotProductAttention({ numHeads: 1 }).call(first);
      }
    }
    const variables = new Encoder().init(key(0), [np.ones([1, 2, 2])]);
    expect(Object.keys(variables.params)).to.deep.equal([
      'MultiHeadAttention_0',
      'MultiHeadDotProductAttention_0',
    ]);
    expect(Object.keys(variables.params.MultiHeadAttention_0)).to.deep.equal([
      'query',
      'key',
      'value',
      'out',
    ]);
  });

  it('a jitted apply keeps the tensor count flat; eager apply and the functions leave exactly their result', () => {
    const c = fixture.modules[6]; // causal mask and dropout from the rngs
    const { run } = caller(c);
    const variables = tensors(c.variables);
    const x = tensor(c.inputs[0]);
    const step = jit((v: nn.Variables, input: NDArray) => run(v, [input]));
    (step(variables, x) as tf.Tensor).dispose();
    const before = tf.memory();
    for (let i = 0; i < 10; i++) (step(variables, x) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).to.equal(before.numTensors);
    expect(tf.memory().numBytes).to.equal(before.numBytes);

    const [ones, tokens] = [np.ones([2, 3, 2, 4]), np.ones([2, 3])];
    const count = tf.memory().numTensors;
    const outputs = [
      run(variables, [x]),
      nn.dotProductAttention(ones, ones, ones, { dropoutRng: key(1), dropoutRate: 0.5 }),
      nn.makeCausalMask(tokens),
    ];
    outputs.push(nn.combineMasks(outputs[2], outputs[2]) as NDArray);
    expect(tf.memory().numTensors).to.equal(count + outputs.length);
    tf.dispose([...outputs, ones, tokens] as tf.Tensor[]);
  });

  it("errors: Flax's wording for mismatched q, k, v, heads, masks, the cache and the inputs", () => {
    const e = fixture.errors;
    const q = np.ones([2, 3, 2, 4]);
    expect(() => nn.dotProductAttentionWeights(q, np.ones([3, 2, 4]))).to.throw(e.qkRank);
    expect(() => nn.dotProductAttentionWeights(q, np.ones([3, 3, 2, 4]))).to.throw(e.qkBatch);
    expect(() => nn.dotProductAttentionWeights(q, np.ones([2, 3, 3, 4]))).to.throw(e.qkHeads);
    expect(() => nn.dotProductAttentionWeights(q, np.ones([2, 3, 2, 5]))).to.throw(e.qkDepth);
    expect(() => nn.dotProductAttention(q, q, np.ones([3, 2, 4]))).to.throw(e.qkvRank);
    expect(() => nn.dotProductAttention(q, q, np.ones([3, 3, 2, 4]))).to.throw(e.qkvBatch);
    expect(() => nn.dotProductAttention(q, q, np.ones([2, 3, 1, 4]))).to.throw(e.qkvHeads);
    expect(() => nn.dotProductAttention(q, q, np.ones([2, 4, 2, 4]))).to.throw(e.kvLength);
    expect(() => nn.combineMasks(np.ones([2, 1, 3, 3]), np.ones([3, 3]))).to.throw(e.maskRanks);
    expect(() => nn.dotProductAttention(q, q, q, { mask: np.ones([2, 1, 3, 4]) })).to.throw(
      'Incompatible shapes for broadcasting',
    );
    expect(() => nn.dotProductAttention(q, q, q, { dropoutRate: 0.5 })).to.throw(
      'Attention dropout needs a key: pass dropoutRng, or set deterministic: true.',
    );

    const x = np.ones([2, 4, 6]);
    expect(() => new nn.MultiHeadDotProductAttention({ numHeads: 4 }).init(key(0), [x])).to.throw(
      e.memoryDimension,
    );
    const decoder = new nn.MultiHeadDotProductAttention({ numHeads: 2, decode: true });
    const decoderVariables = decoder.init(key(0), [x]);
    expect(() => decoder.apply(decoderVariables, [np.ones([2, 2, 6])], { mutable: ['cache'] })).to.throw(
      e.decodeShape,
    );
    const mha = new nn.MultiHeadDotProductAttention({ numHeads: 2 });
    const variables = mha.init(key(0), [x]);
    expect(() => mha.apply(variables, [x, null, x])).to.throw(e.valuesWithoutKeys);
    expect(() => mha.apply(variables, [x, x, { inputsKv: x }])).to.throw(e.kvWithKeys);
    expect(() =>
      new nn.MultiHeadDotProductAttention({ numHeads: 2, dropoutRate: 0.1 }).init(key(0), [x]),
    ).to.throw(e.dropoutDeterministic);
    expect(() => new nn.MultiHeadDotProductAttention({ numHeads: 0 })).to.throw(
      'MultiHeadDotProductAttention: the attribute "numHeads" must be a positive integer, got 0.',
    );
  });
});
