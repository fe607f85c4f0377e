// Our reverse mode against the real jax 0.10.2 (fixtures/ad.json, from test/parity/ad.py): for every
// differentiable operation, the value, the gradient of L = sum(f(...)·w) and the Hessian-vector product
// grad(sum(grad L · v)), eagerly and under jit, including JAX's choices at kinks.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { grad, jit, nn, np, optax, random, type NDArray } from '../../../src';
import fixture from '../../parity/fixtures/ad.json';
import { expectClose, type Nested, type Tolerance } from '../../support/close';

type Fn = (...args: NDArray[]) => NDArray;

class BatchNormNet extends nn.Module {
  call(x: NDArray): NDArray {
    return new nn.BatchNorm({ useRunningAverage: false }).call(x);
  }
}

const batchNormStats = (): nn.Variables => {
  const { batch_stats } = new BatchNormNet().init(random.key(0), [np.ones([6, 3])]);
  return { batch_stats };
};

/** The indices of the take cases (a repeat, a negative one, one out of bounds). */
const IDX = [3, 0, 3, -1, 7];

/** flax-ts's version of every fixture case, by name. */
const cases: Record<string, Fn> = {
  negative: np.negative,
  abs: np.abs,
  sign: np.sign,
  exp: np.exp,
  log: np.log,
  log1p: np.log1p,
  expm1: np.expm1,
  sqrt: np.sqrt,
  rsqrt: np.rsqrt,
  square: np.square,
  reciprocal: np.reciprocal,
  tanh: np.tanh,
  sigmoid: nn.sigmoid,
  erf: np.erf,
  sin: np.sin,
  cos: np.cos,
  floor: np.floor,
  ceil: np.ceil,
  round: np.round,
  relu: nn.relu,
  softplus: nn.softplus,
  leakyRelu: (x) => nn.leakyRelu(x),
  elu: (x) => nn.elu(x),
  gelu: (x) => nn.gelu(x),
  geluExact: (x) => nn.gelu(x, false),
  silu: nn.silu,
  stopGradient: (x) => np.multiply(x, np.stopGradient(x)),
  cubeTimesTanh: (x) => np.multiply(np.power(x, 3), np.tanh(x)),
  add: np.add,
  subtract: np.subtract,
  multiply: np.multiply,
  divide: np.divide,
  power: np.power,
  maximum: np.maximum,
  minimum: np.minimum,
  where: (x, y) => np.where(np.greater(x, 0), x, np.multiply(y, 2)),
  clip: (x) => np.clip(x, -1, 1),
  greaterTimesX: (x) => np.multiply(np.where(np.greater(x, 0), x, 0), np.greater(x, 0.5)),
  sum: (x) => np.sum(x, 1),
  sumAll: (x) => np.sum(x),
  mean: (x) => np.mean(x, 0, { keepdims: true }),
  max: (x) => np.max(x, 1),
  min: (x) => np.min(x, 0),
  prod: (x) => np.prod(x, 1),
  logsumexp: (x) => np.logsumexp(x, 1),
  var: (x) => np.var(x, 1),
  std: (x) => np.std(x, 0),
  softmax: (x) => nn.softmax(x, -1),
  logSoftmax: (x) => nn.logSoftmax(x, -1),
  softmaxCrossEntropy: (x) =>
    optax.softmaxCrossEntropy(x, nn.oneHot(np.array([2, 0], { dtype: 'int32' }), 3)),
  softmaxCrossEntropyWithIntegerLabels: (x) =>
    optax.softmaxCrossEntropyWithIntegerLabels(x, np.array([1, 2], { dtype: 'int32' })),
  reshape: (x) => np.reshape(x, [3, 2]),
  transpose: (x) => np.transpose(x, [2, 0, 1]),
  broadcastTo: (x) => np.broadcastTo(x, [2, 3]),
  concatenate: (x, y) => np.concatenate([x, y], 1),
  stack: (x, y) => np.stack([x, y], 0),
  expandDimsSqueeze: (x) => np.multiply(np.squeeze(np.expandDims(x, 1), 1), x),
  matmul: np.matmul,
  matmulBatched: np.matmul,
  matmulVectorMatrix: np.matmul,
  matmulMatrixVector: np.matmul,
  dot: np.dot,
  take: (x) => np.take(x, IDX, 1),
  takeClip: (x) => np.take(x, IDX, 0, { mode: 'clip' }),
  indexMixed: (x) => np.index(x, 1, '::-2', null, [3, 0, 3]),
  indexSlices: (x) => np.multiply(np.index(x, ':', '1::2'), np.index(x, ':', ':2')),
  indexArraysSeparated: (x) => np.index(x, [1, 1, 0], ':', [2, 0, 2]),
  takeAlongAxis: (x) => np.takeAlongAxis(x, np.argsort(x, 1), 1),
  atSet: (x, v) => np.at(x, [1, 3, 1]).set(v),
  atSetSlice: (x, v) => np.at(x, ':', '1:3').set(np.multiply(v, v)),
  atAdd: (x, v) => np.at(x, [1, 3, 1, 9]).add(v),
  atMultiply: (x, v) => np.at(x, [4, 0]).multiply(v, { uniqueIndices: true }),
  atMin: (x, v) => np.at(x, [1, 1, 3, 4]).min(v),
  atMax: (x, v) => np.at(x, [1, 1, 2, 0]).max(v),
  atDivide: (x, v) => np.at(x, '1:3').divide(v),
  einsumAttention: (q, k) => np.einsum('qhd,khd->hqk', q, k),
  einsumTrace: (a, b) => np.einsum('ij,jk,ki', a, b, a),
  cumsum: (x) => np.cumsum(x, 1),
  cumprod: (x) => np.cumprod(x, 0),
  cumprodNoZeros: (x) => np.cumprod(x),
  sort: (x) => np.sort(x, 0),
  sortDescending: (x) => np.sort(x, -1, { descending: true }),
  splitConcatenate: (x) => np.concatenate(np.split(x, [1, 3], 1).reverse(), 1),
  pad: (x) =>
    np.pad(
      x,
      [
        [1, 0],
        [2, 1],
      ],
      { constantValues: 2 },
    ),
  padReflect: (x) => np.pad(x, [4, 2], { mode: 'reflect' }),
  tile: (x) => np.tile(x, [2, 3]),
  repeat: (x) => np.repeat(x, [2, 0, 1], 1),
  flipRoll: (x) => np.multiply(np.roll(np.flip(x, 1), 1, 0), x),
  trilTriu: (x) => np.add(np.tril(x), np.multiply(2, np.triu(x, 1))),
  swapaxes: (x) => np.swapaxes(x, 0, 2),
  batchNorm: (x, scale, bias) => {
    const variables = { params: { BatchNorm_0: { scale, bias } }, ...batchNormStats() };
    return new BatchNormNet().apply(variables, [x], { mutable: ['batch_stats'] })[0];
  },
  mlpLoss: (w1, b1, w2, x, y) => {
    const h = np.tanh(np.add(np.matmul(x, w1), b1));
    return np.mean(np.square(np.subtract(np.matmul(h, w2), y)), 0);
  },
};

interface Case {
  readonly name: string;
  readonly args: Nested[];
  readonly w: Nested;
  readonly v: Nested[];
  readonly value: Nested;
  readonly grads: Nested[];
  readonly hvp: Nested[];
}

/** Non-finite floats are stored as strings ("Infinity", "NaN"); Number() reads them. */
const numbers = (x: unknown): Nested => (Array.isArray(x) ? x.map(numbers) : Number(x));
const array = (x: unknown): NDArray => np.array(numbers(x));

/**
 * The float32 rule; twice as wide for second derivatives, whose rounding is that of two backward passes (the MLP
 * bias's Hessian-vector product, summed over the batch twice, measured 1.1–1.5× the first-order rule).
 */
const FIRST: Tolerance = { rtol: 1e-5, atolScale: 1e-6 };
const SECOND: Tolerance = { rtol: 2e-5, atolScale: 2e-6 };

function derivatives(f: Fn, args: NDArray[], w: NDArray, v: NDArray[]): [NDArray, NDArray[], NDArray[]] {
  const argnums = args.map((_, i) => i);
  const loss = (...a: NDArray[]): NDArray => np.sum(np.multiply(f(...a), w));
  const gradient = grad(loss, { argnums });
  const directional = (...a: NDArray[]): NDArray =>
    gradient(...a)
      .map((g, i) => np.sum(np.multiply(g, v[i])))
      .reduce((s, t) => np.add(s, t));
  const hvp = grad(directional, { argnums });
  return [f(...args), gradient(...args), hvp(...args)];
}

const groups = ['unary', 'binary', 'reductions', 'structure', 'indexing', 'models'] as const;

describe('core/interpreters/ad parity with jax 0.10.2', () => {
  it('has a flax-ts function for every fixture case, and a fixture case for every function', () => {
    const names = groups.flatMap((g) => (fixture[g] as Case[]).map((c) => c.name));
    expect(names.sort()).to.deep.equal(Object.keys(cases).sort());
  });

  for (const group of groups) {
    for (const c of fixture[group] as Case[]) {
      for (const compiled of [false, true]) {
        it(`${group}/${c.name}${compiled ? ' under jit' : ''}: value, gradient and Hessian-vector product`, () => {
          const f = cases[c.name];
          const run = compiled ? jit(derivatives, { staticArgnums: 0 }) : derivatives;
          const [value, grads, hvp] = tf.tidy(() => {
            const result = run(f, c.args.map(array), array(c.w), c.v.map(array));
            return [result[0] as tf.Tensor, result[1] as tf.Tensor[], result[2] as tf.Tensor[]];
          });
          expectClose(value, numbers(c.value), FIRST, 'value');
          grads.forEach((g, i) => expectClose(g, numbers(c.grads[i]), FIRST, `grad ${i}`));
          hvp.forEach((h, i) => expectClose(h, numbers(c.hvp[i]), SECOND, `hvp ${i}`));
          tf.dispose([value, ...grads, ...hvp]);
        });
      }
    }
  }
});
