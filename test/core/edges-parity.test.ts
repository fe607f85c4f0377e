// JAX's answers at the edges (fixtures/edges.json, from test/parity/edges.py with the real jax 0.10.2 and optax
// 0.2.8): NaN through arg-reductions and max/min, infinities in logsumexp and softmax, zero-size arrays, var/std
// with ddof ≥ n, exact int32 matmul, integer-label cross-entropy with out-of-range labels; and a table of np/nn
// functions applied to NaN, ±inf, −0, empty, int32, bool and scalar inputs. Each case runs eagerly and under jit;
// where jax raises, flax-ts must raise too (with JAX's words for the numerics cases).
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { jit, nn, np, optax, tidy, type NDArray } from '../../src';
import fixture from '../parity/fixtures/edges.json';
import { expectOutputs, fixtureArgument, type FixtureCase } from '../support/fixture-cases';

type Fn = (...args: NDArray[]) => NDArray | NDArray[];

/** flax-ts's version of every `numerics` case, by name. */
const numerics: Record<string, Fn> = {
  argmaxNaN: (x) => np.argmax(x),
  argminNaN: (x) => np.argmin(x),
  argmaxNaNRows: (x) => np.argmax(x, 1),
  argminNaNColumns: (x) => np.argmin(x, 0),
  argmaxAllNegInf: (x) => np.argmax(x, 1),
  maximumNaN: (x, y) => np.maximum(x, y),
  minimumNaN: (x, y) => np.minimum(x, y),
  maxNaN: (x) => np.max(x, 1),
  minNaN: (x) => np.min(x, 0),
  maxNaNAll: (x) => np.max(x),
  logsumexpInfinities: (x) => np.logsumexp(x, 1),
  logsumexpAllNegInf: (x) => np.logsumexp(x),
  logSoftmaxInfinities: (x) => nn.logSoftmax(x),
  softmaxMasked: (x) => nn.softmax(x),
  meanEmpty: (x) => np.mean(x),
  sumEmptyAxis: (x) => np.sum(x, 0),
  meanEmptyAxis: (x) => np.mean(x, 0),
  prodEmpty: (x) => np.prod(x),
  anyAllEmpty: (x) => [np.any(x), np.all(x)],
  logsumexpEmpty: (x) => np.logsumexp(x),
  maxEmptyRows: (x) => np.max(x, 1),
  matmulEmptyInner: (a, b) => np.matmul(a, b),
  matmulEmptyOuter: (a, b) => np.matmul(a, b),
  maxEmpty: (x) => np.max(x),
  minEmptyAxis: (x) => np.min(x, 0),
  argmaxEmpty: (x) => np.argmax(x),
  varDdofN: (x) => np.var(x, { ddof: 3 }),
  varDdofAboveN: (x) => np.var(x, { ddof: 5 }),
  stdDdofN: (x) => np.std(x, 1, { ddof: 2 }),
  varEmpty: (x) => np.var(x),
  matmulInt: (a, b) => np.matmul(a, b),
  matmulIntBatched: (a, b) => np.matmul(a, b),
  crossEntropyLabelsOutOfRange: (logits, labels) =>
    optax.softmaxCrossEntropyWithIntegerLabels(logits, labels),
  crossEntropyLabelsFarOutOfRange: (logits, labels) =>
    optax.softmaxCrossEntropyWithIntegerLabels(logits, labels),
  crossEntropyLabelsWrongShape: (logits, labels) =>
    optax.softmaxCrossEntropyWithIntegerLabels(logits, labels),
};

/** The table's functions of one operand, by the name the fixture gives them. */
const unary: Record<string, (x: NDArray) => NDArray> = {
  abs: np.abs,
  negative: np.negative,
  sign: np.sign,
  exp: np.exp,
  log: np.log,
  log1p: np.log1p,
  expm1: np.expm1,
  sqrt: np.sqrt,
  square: np.square,
  tanh: np.tanh,
  sin: np.sin,
  cos: np.cos,
  floor: np.floor,
  ceil: np.ceil,
  round: np.round,
  isnan: np.isnan,
  sum: (x) => np.sum(x),
  mean: (x) => np.mean(x),
  max: (x) => np.max(x),
  min: (x) => np.min(x),
  prod: (x) => np.prod(x),
  any: (x) => np.any(x),
  all: (x) => np.all(x),
  var: (x) => np.var(x),
  std: (x) => np.std(x),
  logsumexp: (x) => np.logsumexp(x),
  argmax: (x) => np.argmax(x),
  argmin: (x) => np.argmin(x),
  cumsum: (x) => np.cumsum(x),
  sort: (x) => np.sort(x),
  relu: nn.relu,
  sigmoid: nn.sigmoid,
  softplus: nn.softplus,
  silu: nn.silu,
  leakyRelu: (x) => nn.leakyRelu(x),
  elu: (x) => nn.elu(x),
  gelu: (x) => nn.gelu(x),
  softmax: (x) => nn.softmax(x),
  logSoftmax: (x) => nn.logSoftmax(x),
};

/** The table's functions of two operands. */
const binary: Record<string, (x: NDArray, y: NDArray) => NDArray> = {
  add: np.add,
  subtract: np.subtract,
  multiply: np.multiply,
  divide: np.divide,
  power: np.power,
  maximum: np.maximum,
  minimum: np.minimum,
  equal: np.equal,
  less: np.less,
  greaterEqual: np.greaterEqual,
};

/**
 * Table cases where flax-ts knowingly differs from jax, with the reason. Each is still run, and must not crash with
 * a backend's internal error: it must either return or throw an Error of flax-ts's own.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'abs/bool': 'flax-ts promotes bool to int32 for abs; jax keeps bool',
  'floor/int': 'flax-ts rounds in float32; jax keeps int32 unchanged',
  'floor/bool': 'flax-ts rounds in float32; jax keeps bool unchanged',
  'ceil/int': 'flax-ts rounds in float32; jax keeps int32 unchanged',
  'ceil/bool': 'flax-ts rounds in float32; jax keeps bool unchanged',
  'round/int': 'flax-ts rounds in float32; jax keeps int32 unchanged',
  'round/bool': 'flax-ts rounds in float32; jax refuses bool',
  'relu/int': 'nn functions compute in float32; jax.nn.relu keeps int32',
  'relu/bool': 'nn functions compute in float32; jax.nn.relu gives int32',
  'sigmoid/int': 'nn functions promote ints to float32; jax.nn.sigmoid refuses them',
  'sigmoid/bool': 'nn functions promote bools to float32; jax.nn.sigmoid refuses them',
  'silu/int': 'nn functions promote ints to float32; jax.nn.silu refuses them',
  'silu/bool': 'nn functions promote bools to float32; jax.nn.silu refuses them',
  'softmax/bool': 'nn functions promote bools to float32; jax.nn.softmax refuses them',
  'logSoftmax/bool': 'nn functions promote bools to float32; jax.nn.log_softmax refuses them',
  'power/int':
    "an int32 to a negative int32 power: jax returns XLA's wrapped repeated squaring, flax-ts raises the kernel's error",
};

function tableFunction(name: string): Fn {
  const fn = name.split('/')[0];
  return unary[fn] ?? binary[fn];
}

/** Runs the case eagerly or under jit, and checks its outputs, or that it throws where jax raised. */
function check(fn: Fn, c: FixtureCase, compiled: boolean, exactError: boolean): void {
  const run = compiled ? jit(fn) : fn;
  tf.tidy(() => {
    const args = c.args.map(fixtureArgument);
    if (c.error === undefined) {
      expectOutputs(run(...args), c, c.name);
      return;
    }
    expect(() => run(...args), c.name).to.throw(exactError ? c.error : undefined);
  });
}

/** A known difference still returns, or throws an Error (a kernel's crash would throw too: the message is checked). */
function runsOrThrowsError(fn: Fn, c: FixtureCase, compiled: boolean): void {
  const run = compiled ? jit(fn) : fn;
  tf.tidy(() => {
    try {
      run(...c.args.map(fixtureArgument));
    } catch (error) {
      expect(error).to.be.instanceOf(Error);
    }
  });
}

/**
 * Outside `tidy`, the function leaves exactly the tensors it returns, also when it throws: every temporary of
 * promotion and of composite ops is freed. Runs over the whole table, so a new function is checked by being listed.
 */
function checkLeavesOnlyItsResult(fn: Fn, c: FixtureCase): void {
  const args = tidy(() => c.args.map(fixtureArgument));
  const before = tf.memory().numTensors;
  let result: NDArray | NDArray[] = [];
  try {
    result = fn(...args);
  } catch {
    // Where jax raises, flax-ts throws too (checked above); here only what it leaves behind counts.
  }
  const returned = (Array.isArray(result) ? result : [result]).filter((t) => !args.includes(t));
  expect(tf.memory().numTensors - before, `${c.name}: tensors left besides its result`).to.equal(
    returned.length,
  );
  tf.dispose([...returned, ...args] as tf.Tensor[]);
}

describe('core edge values: parity with jax 0.10.2', () => {
  it('has a flax-ts function for every fixture case, and a fixture case for every function', () => {
    expect(fixture.numerics.map((c) => c.name).sort()).to.deep.equal(Object.keys(numerics).sort());
    const tableFunctions = new Set(fixture.table.map((c) => c.name.split('/')[0]));
    expect([...tableFunctions].sort()).to.deep.equal([...Object.keys(unary), ...Object.keys(binary)].sort());
  });

  for (const compiled of [false, true]) {
    const under = compiled ? ' under jit' : '';
    for (const c of fixture.numerics as FixtureCase[]) {
      it(`numerics/${c.name}${under}`, () => {
        check(numerics[c.name], c, compiled, true);
      });
    }
    for (const c of fixture.table as FixtureCase[]) {
      const known = KNOWN_DIFFERENCES[c.name] as string | undefined;
      it(`table/${c.name}${under}${known === undefined ? '' : ` (known difference: ${known})`}`, () => {
        if (known === undefined) check(tableFunction(c.name), c, compiled, false);
        else runsOrThrowsError(tableFunction(c.name), c, compiled);
      });
    }
  }

  for (const c of fixture.table as FixtureCase[]) {
    it(`table/${c.name} outside tidy leaves exactly its result`, () => {
      checkLeavesOnlyItsResult(tableFunction(c.name), c);
    });
  }
});
