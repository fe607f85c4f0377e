/**
 * The primitive operations every `np` function is built from, and how each runs on concrete tfjs tensors.
 *
 * Keeping the set small matters: `vmap` needs one batching rule per primitive (see `batching.ts`), and autodiff
 * comes from tfjs's own tape because every impl below is made of differentiable tfjs ops.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchTrace, ShapedValue, Value } from './tracer';
import { broadcastShapes } from './shapes';

type NoParams = Record<string, never>;
type Reduction = { readonly axes: readonly number[]; readonly keepdims: boolean };

/** The parameters of each primitive (static, never traced). */
export interface PrimitiveParams {
  // Elementwise, one operand.
  neg: NoParams;
  abs: NoParams;
  sign: NoParams;
  exp: NoParams;
  log: NoParams;
  log1p: NoParams;
  expm1: NoParams;
  sqrt: NoParams;
  rsqrt: NoParams;
  square: NoParams;
  reciprocal: NoParams;
  tanh: NoParams;
  sigmoid: NoParams;
  relu: NoParams;
  softplus: NoParams;
  erf: NoParams;
  sin: NoParams;
  cos: NoParams;
  floor: NoParams;
  ceil: NoParams;
  round: NoParams;
  logicalNot: NoParams;
  isNaN: NoParams;
  stopGradient: NoParams;
  cast: { readonly dtype: tf.DataType };
  oneHot: { readonly depth: number }; // float32 output
  // Elementwise with numpy broadcasting.
  add: NoParams;
  subtract: NoParams;
  multiply: NoParams;
  divide: NoParams;
  power: NoParams;
  maximum: NoParams;
  minimum: NoParams;
  equal: NoParams;
  notEqual: NoParams;
  less: NoParams;
  lessEqual: NoParams;
  greater: NoParams;
  greaterEqual: NoParams;
  logicalAnd: NoParams;
  logicalOr: NoParams;
  where: NoParams;
  // `momentum · average + (1 − momentum) · value`, as one tape entry (see movingAverage below).
  movingAverage: { readonly momentum: number };
  // Reductions over sorted, non-negative axes.
  sum: Reduction;
  mean: Reduction;
  max: Reduction;
  min: Reduction;
  prod: Reduction;
  any: Reduction;
  all: Reduction;
  logSumExp: Reduction;
  argmax: { readonly axis: number };
  argmin: { readonly axis: number };
  // Linear algebra and structure.
  matmul: NoParams;
  reshape: { readonly shape: readonly number[] };
  transpose: { readonly perm: readonly number[] };
  broadcastTo: { readonly shape: readonly number[] };
  concatenate: { readonly axis: number };
  slice: { readonly begin: readonly number[]; readonly size: readonly number[] };
  // Values that are not tensors (PRNG keys): run a function on one key, pick one key of a key array.
  perKey: { readonly name: string; readonly fn: (key: ShapedValue) => Value };
  keyIndex: { readonly axis: number; readonly index: number };
  stackKeys: { readonly axis: number };
  // Collectives over a named vmap axis; the impl runs when the value does not vary along that axis.
  psum: { readonly trace: BatchTrace };
  pmean: { readonly trace: BatchTrace };
}

/** Name of a primitive. */
export type Primitive = keyof PrimitiveParams;

/** Runs a primitive on concrete values. */
export type Impl<P extends Primitive> = (args: readonly Value[], params: PrimitiveParams[P]) => Value;

/** The operations that act on PRNG key arrays; the random layer provides them (see `keys.ts`). */
export interface KeyArrayOps {
  take(keys: ShapedValue, axis: number, index: number): ShapedValue;
  stack(keys: readonly ShapedValue[], axis: number): ShapedValue;
}

let keyOps: KeyArrayOps | undefined;

/** Lets the random layer teach the primitives how to slice and stack its key arrays. */
export function registerKeyArrayOps(ops: KeyArrayOps): void {
  keyOps = ops;
}

function keyArrayOps(): KeyArrayOps {
  if (keyOps === undefined) throw new Error('Internal error: no PRNG key array operations registered.');
  return keyOps;
}

function tensor(value: Value, primitive: string): tf.Tensor {
  if (value instanceof tf.Tensor) return value;
  throw new TypeError(
    `${primitive} expects arrays, but got a PRNG key array; keys only go to random functions.`,
  );
}

const unary =
  (name: string, op: (x: tf.Tensor) => tf.Tensor): Impl<Primitive> =>
  ([x]) =>
    op(tensor(x, name));

const binary =
  (name: string, op: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor): Impl<Primitive> =>
  ([x, y]) =>
    op(tensor(x, name), tensor(y, name));

const reduction =
  (name: string, op: (x: tf.Tensor, axes: number[], keepdims: boolean) => tf.Tensor): Impl<Primitive> =>
  ([x], params) => {
    const { axes, keepdims } = params as Reduction;
    return op(tensor(x, name), [...axes], keepdims);
  };

/** stop_gradient: identity forwards, zero cotangent backwards. */
const stopGradient = tf.customGrad((x) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** numpy's matmul: vectors are promoted then squeezed, leading (batch) dimensions broadcast (np checks shapes). */
function matmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const lhs = a.rank === 1 ? a.reshape([1, a.shape[0]]) : a;
  const rhs = b.rank === 1 ? b.reshape([b.shape[0], 1]) : b;
  const [rows, inner] = lhs.shape.slice(-2);
  const cols = rhs.shape[rhs.rank - 1];
  let out: tf.Tensor;
  if (lhs.rank === 2 && rhs.rank === 2) {
    // The common case (a Dense layer): no reshapes, each of which would be a kernel, and a tape entry under grad.
    out = tf.matMul(lhs, rhs);
  } else if (rhs.rank === 2) {
    // Fold every leading dimension of lhs into rows: one 2-D product, no copies of rhs.
    out = tf.matMul(lhs.reshape([-1, inner]), rhs as tf.Tensor2D).reshape([...lhs.shape.slice(0, -1), cols]);
  } else {
    const batch = broadcastShapes(lhs.shape.slice(0, -2), rhs.shape.slice(0, -2));
    const lhs3 = tf.broadcastTo(lhs, [...batch, rows, inner]).reshape<tf.Tensor3D>([-1, rows, inner]);
    const rhs3 = tf.broadcastTo(rhs, [...batch, inner, cols]).reshape<tf.Tensor3D>([-1, inner, cols]);
    out = tf.matMul(lhs3, rhs3).reshape([...batch, rows, cols]);
  }
  if (a.rank === 1) out = out.squeeze([out.rank - 2]);
  if (b.rank === 1) out = out.squeeze([out.rank - 1]);
  return out;
}

function where(cond: tf.Tensor, x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape), y.shape);
  return tf.where(tf.broadcastTo(cond, shape), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape));
}

/**
 * A running average's update, `momentum · average + (1 − momentum) · value`, computed by the same three kernels as
 * the np expression (so the result is bit-identical) but recorded on tfjs's tape as one custom-gradient entry:
 * tfjs does not tape the kernels inside a custom gradient's forward pass, nor clone their inputs to save them.
 * BatchNorm updates its statistics this way inside every differentiated training step; the gradient stays exact.
 */
function movingAverage(average: tf.Tensor, value: tf.Tensor, momentum: number): tf.Tensor {
  const update = tf.customGrad((a, v) => ({
    value: tf.add(tf.mul(momentum, a as tf.Tensor), tf.mul(1 - momentum, v as tf.Tensor)),
    // Reduce to each operand's shape first, then scale: the order the np expression's tape would use.
    gradFunc: (dy: tf.Tensor) => [
      tf.mul(sumToShape(dy, (a as tf.Tensor).shape), momentum),
      tf.mul(sumToShape(dy, (v as tf.Tensor).shape), 1 - momentum),
    ],
  }));
  return update(average, value);
}

/** Sums a broadcast gradient back down to the shape of the operand it was broadcast from, as tfjs's add does. */
function sumToShape(gradient: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, gradient.shape);
  return axes.length === 0 ? gradient : tf.reshape(tf.sum(gradient, axes), shape);
}

/**
 * How each primitive runs on concrete tensors. An impl that makes intermediate tensors (reshapes, broadcasts, a
 * scalar operand) runs in `tf.tidy`, so that an np call outside any tidy leaves only its result behind.
 */
export const impls: { readonly [P in Primitive]: Impl<P> } = {
  neg: unary('neg', tf.neg),
  abs: unary('abs', tf.abs),
  sign: unary('sign', tf.sign),
  exp: unary('exp', tf.exp),
  log: unary('log', tf.log),
  log1p: unary('log1p', tf.log1p),
  expm1: unary('expm1', tf.expm1),
  sqrt: unary('sqrt', tf.sqrt),
  rsqrt: unary('rsqrt', tf.rsqrt),
  square: unary('square', tf.square),
  reciprocal: unary('reciprocal', tf.reciprocal),
  tanh: unary('tanh', tf.tanh),
  sigmoid: unary('sigmoid', tf.sigmoid),
  relu: unary('relu', tf.relu),
  softplus: unary('softplus', tf.softplus),
  erf: unary('erf', tf.erf),
  sin: unary('sin', tf.sin),
  cos: unary('cos', tf.cos),
  floor: unary('floor', tf.floor),
  ceil: unary('ceil', tf.ceil),
  round: unary('round', tf.round),
  logicalNot: unary('logicalNot', tf.logicalNot),
  isNaN: unary('isNaN', tf.isNaN),
  stopGradient: unary('stopGradient', (x) => stopGradient(x)),
  cast: ([x], { dtype }) => tf.cast(tensor(x, 'cast'), dtype),
  // float32, as jax.nn.one_hot: tfjs's oneHot gives int32, and a separate cast would leave that behind.
  oneHot: ([x], { depth }) =>
    tf.tidy(() => tf.cast(tf.oneHot(tf.cast(tensor(x, 'oneHot'), 'int32'), depth), 'float32')),
  add: binary('add', tf.add),
  subtract: binary('subtract', tf.sub),
  multiply: binary('multiply', tf.mul),
  divide: binary('divide', tf.div),
  power: binary('power', tf.pow),
  maximum: binary('maximum', tf.maximum),
  minimum: binary('minimum', tf.minimum),
  equal: binary('equal', tf.equal),
  notEqual: binary('notEqual', tf.notEqual),
  less: binary('less', tf.less),
  lessEqual: binary('lessEqual', tf.lessEqual),
  greater: binary('greater', tf.greater),
  greaterEqual: binary('greaterEqual', tf.greaterEqual),
  logicalAnd: binary('logicalAnd', tf.logicalAnd),
  logicalOr: binary('logicalOr', tf.logicalOr),
  where: ([c, x, y]) => tf.tidy(() => where(tensor(c, 'where'), tensor(x, 'where'), tensor(y, 'where'))),
  movingAverage: ([average, value], { momentum }) =>
    movingAverage(tensor(average, 'movingAverage'), tensor(value, 'movingAverage'), momentum),
  sum: reduction('sum', tf.sum),
  mean: reduction('mean', tf.mean),
  max: reduction('max', tf.max),
  min: reduction('min', tf.min),
  prod: reduction('prod', tf.prod),
  any: reduction('any', tf.any),
  all: reduction('all', tf.all),
  logSumExp: reduction('logSumExp', tf.logSumExp),
  argmax: ([x], { axis }) => tf.argMax(tensor(x, 'argmax'), axis),
  argmin: ([x], { axis }) => tf.argMin(tensor(x, 'argmin'), axis),
  matmul: ([a, b]) => tf.tidy(() => matmul(tensor(a, 'matmul'), tensor(b, 'matmul'))),
  reshape: ([x], { shape }) => tf.reshape(tensor(x, 'reshape'), [...shape]),
  transpose: ([x], { perm }) => tf.transpose(tensor(x, 'transpose'), [...perm]),
  broadcastTo: ([x], { shape }) => tf.broadcastTo(tensor(x, 'broadcastTo'), [...shape]),
  concatenate: (xs, { axis }) =>
    tf.concat(
      xs.map((x) => tensor(x, 'concatenate')),
      axis,
    ),
  slice: ([x], { begin, size }) => tf.slice(tensor(x, 'slice'), [...begin], [...size]),
  perKey: ([key], { fn }) => fn(key),
  keyIndex: ([keys], { axis, index }) => keyArrayOps().take(keys, axis, index),
  stackKeys: (keys, { axis }) => keyArrayOps().stack(keys, axis),
  // A value that does not vary along the axis: its sum is `size` copies of it, its mean is itself.
  psum: ([x], { trace }) => tf.tidy(() => tf.mul(tensor(x, 'psum'), trace.axisSize)),
  pmean: ([x]) => tf.clone(tensor(x, 'pmean')),
};
