/**
 * vmap's batching rules: one row per primitive, as in JAX's `batching.primitive_batchers`.
 *
 * A rule receives the values beneath the innermost `vmap` level, with a flag saying which ones carry that level's
 * batch axis (always at axis 0), and returns the result and whether it is batched. Rules compute with `bind`, so
 * the values they receive may themselves be tracers of outer levels.
 *
 * @packageDocumentation
 */
import { bind } from './bind';
import type { Primitive, PrimitiveParams } from './primitives';
import { formatShape } from './shapes';
import { dtypeOf, type BatchTrace, type Value } from './tracer';

/** The contract of a batching rule (see the file comment). */
export type BatchRule<P extends Primitive> = (
  values: readonly Value[],
  batched: readonly boolean[],
  params: PrimitiveParams[P],
  trace: BatchTrace,
) => [Value, boolean];

/** Per-example shape of a value at this level. */
function exampleShape(value: Value, isBatched: boolean): readonly number[] {
  return isBatched ? value.shape.slice(1) : value.shape;
}

/** Gives an unbatched value the batch axis by broadcasting (JAX's `bdim_at_front` with a broadcast). */
function materialize(value: Value, isBatched: boolean, trace: BatchTrace): Value {
  return isBatched ? value : bind('broadcastTo', [value], { shape: [trace.axisSize, ...value.shape] });
}

/** Elementwise on one operand: the batch axis rides along. */
const unaryRule =
  <P extends Primitive>(primitive: P): BatchRule<P> =>
  ([x], _batched, params) => [bind(primitive, [x], params), true];

/**
 * Elementwise with broadcasting: pad each batched operand with 1s after its batch axis up to the result's
 * per-example rank, so numpy broadcasting lines up example dimensions and leaves the batch axis in front.
 */
const broadcastRule =
  <P extends Primitive>(primitive: P): BatchRule<P> =>
  (values, batched, params) => {
    const rank = Math.max(...values.map((v, i) => exampleShape(v, batched[i]).length));
    const aligned = values.map((v, i) => {
      const shape = exampleShape(v, batched[i]);
      if (!batched[i] || shape.length === rank) return v;
      return bind('reshape', [v], {
        shape: [v.shape[0], ...Array<number>(rank - shape.length).fill(1), ...shape],
      });
    });
    return [bind(primitive, aligned, params), true];
  };

/** Reductions: the example axes move one to the right. */
const reductionRule =
  <P extends 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'any' | 'all' | 'logSumExp'>(
    primitive: P,
  ): BatchRule<P> =>
  ([x], _batched, { axes, keepdims }) => [
    bind(primitive, [x], { axes: axes.map((a) => a + 1), keepdims }),
    true,
  ];

const argRule =
  <P extends 'argmax' | 'argmin'>(primitive: P): BatchRule<P> =>
  ([x], _batched, { axis }) => [bind(primitive, [x], { axis: axis + 1 }), true];

/**
 * numpy matmul of one example. A per-example vector is promoted to a matrix (as matmul does) and squeezed back;
 * a batched operand gets 1s after its batch axis so its example batch dimensions broadcast against the other's.
 */
const matmulRule: BatchRule<'matmul'> = ([a, b], batched, _params, trace) => {
  const shapes = [exampleShape(a, batched[0]), exampleShape(b, batched[1])];
  // A batch of vectors times one matrix (a Dense layer under vmap) is already one 2-D product, without the
  // promote, align and squeeze reshapes below.
  if (batched[0] && !batched[1] && shapes[0].length === 1 && shapes[1].length === 2) {
    return [bind('matmul', [a, b], {}), true];
  }
  const promote = (v: Value, i: number): Value => {
    const shape = shapes[i];
    if (shape.length !== 1) return v;
    const matrix = i === 0 ? [1, shape[0]] : [shape[0], 1];
    return bind('reshape', [v], { shape: batched[i] ? [trace.axisSize, ...matrix] : matrix });
  };
  const operands = [promote(a, 0), promote(b, 1)];
  const ranks = operands.map((v, i) => exampleShape(v, batched[i]).length);
  const rank = Math.max(...ranks);
  const aligned = operands.map((v, i) => {
    if (!batched[i] || ranks[i] === rank) return v;
    const shape = exampleShape(v, true);
    return bind('reshape', [v], {
      shape: [trace.axisSize, ...Array<number>(rank - ranks[i]).fill(1), ...shape],
    });
  });
  // An unbatched operand broadcasts from the right, against the example dimensions only.
  let out = bind('matmul', aligned, {});
  const outShape = out.shape.slice(1);
  const squeezed = outShape.filter(
    (_, axis) =>
      !(shapes[0].length === 1 && axis === outShape.length - 2) &&
      !(shapes[1].length === 1 && axis === outShape.length - 1),
  );
  if (squeezed.length !== outShape.length)
    out = bind('reshape', [out], { shape: [trace.axisSize, ...squeezed] });
  return [out, true];
};

/** Runs `perKey` once per key of the batch and stacks the results along a new batch axis. */
const perKeyRule: BatchRule<'perKey'> = ([keys], _batched, params, trace) => {
  const outs = Array.from({ length: trace.axisSize }, (_, index) =>
    bind('perKey', [bind('keyIndex', [keys], { axis: 0, index })], params),
  );
  if (outs.every((out) => dtypeOf(out) !== 'key')) {
    const expanded = outs.map((out) => bind('reshape', [out], { shape: [1, ...out.shape] }));
    return [bind('concatenate', expanded, { axis: 0 }), true];
  }
  return [bind('stackKeys', outs, { axis: 0 }), true];
};

function requireAllBatched(primitive: string, batched: readonly boolean[], values: readonly Value[]): void {
  if (batched.every(Boolean)) return;
  const shapes = values.map((v) => formatShape(v.shape)).join(', ');
  throw new Error(
    `vmap of ${primitive} with some key arrays not mapped is not supported (shapes ${shapes}).`,
  );
}

/** Collectives: over their own axis they reduce the batch away; over another level they ride along. */
const collectiveRule =
  <P extends 'psum' | 'pmean'>(primitive: P, reduce: 'sum' | 'mean'): BatchRule<P> =>
  ([x], _batched, params, trace) =>
    params.trace === trace
      ? [bind(reduce, [x], { axes: [0], keepdims: false }), false]
      : [bind(primitive, [x], params), true];

/** The batching rule of every primitive. */
export const batchRules: { readonly [P in Primitive]: BatchRule<P> } = {
  neg: unaryRule('neg'),
  abs: unaryRule('abs'),
  sign: unaryRule('sign'),
  exp: unaryRule('exp'),
  log: unaryRule('log'),
  log1p: unaryRule('log1p'),
  expm1: unaryRule('expm1'),
  sqrt: unaryRule('sqrt'),
  rsqrt: unaryRule('rsqrt'),
  square: unaryRule('square'),
  reciprocal: unaryRule('reciprocal'),
  tanh: unaryRule('tanh'),
  sigmoid: unaryRule('sigmoid'),
  relu: unaryRule('relu'),
  softplus: unaryRule('softplus'),
  erf: unaryRule('erf'),
  sin: unaryRule('sin'),
  cos: unaryRule('cos'),
  floor: unaryRule('floor'),
  ceil: unaryRule('ceil'),
  round: unaryRule('round'),
  logicalNot: unaryRule('logicalNot'),
  isNaN: unaryRule('isNaN'),
  stopGradient: unaryRule('stopGradient'),
  cast: unaryRule('cast'),
  oneHot: unaryRule('oneHot'),
  add: broadcastRule('add'),
  subtract: broadcastRule('subtract'),
  multiply: broadcastRule('multiply'),
  divide: broadcastRule('divide'),
  power: broadcastRule('power'),
  maximum: broadcastRule('maximum'),
  minimum: broadcastRule('minimum'),
  equal: broadcastRule('equal'),
  notEqual: broadcastRule('notEqual'),
  less: broadcastRule('less'),
  lessEqual: broadcastRule('lessEqual'),
  greater: broadcastRule('greater'),
  greaterEqual: broadcastRule('greaterEqual'),
  logicalAnd: broadcastRule('logicalAnd'),
  logicalOr: broadcastRule('logicalOr'),
  where: broadcastRule('where'),
  movingAverage: broadcastRule('movingAverage'),
  sum: reductionRule('sum'),
  mean: reductionRule('mean'),
  max: reductionRule('max'),
  min: reductionRule('min'),
  prod: reductionRule('prod'),
  any: reductionRule('any'),
  all: reductionRule('all'),
  logSumExp: reductionRule('logSumExp'),
  argmax: argRule('argmax'),
  argmin: argRule('argmin'),
  matmul: matmulRule,
  reshape: ([x], _batched, { shape }, trace) => [
    bind('reshape', [x], { shape: [trace.axisSize, ...shape] }),
    true,
  ],
  transpose: ([x], _batched, { perm }) => [
    bind('transpose', [x], { perm: [0, ...perm.map((p) => p + 1)] }),
    true,
  ],
  broadcastTo: ([x], _batched, { shape }, trace) => {
    const example = exampleShape(x, true);
    const padded = [trace.axisSize, ...Array<number>(shape.length - example.length).fill(1), ...example];
    const aligned = bind('reshape', [x], { shape: padded });
    return [bind('broadcastTo', [aligned], { shape: [trace.axisSize, ...shape] }), true];
  },
  concatenate: (values, batched, { axis }, trace) => [
    bind(
      'concatenate',
      values.map((v, i) => materialize(v, batched[i], trace)),
      { axis: axis + 1 },
    ),
    true,
  ],
  slice: ([x], _batched, { begin, size }, trace) => [
    bind('slice', [x], { begin: [0, ...begin], size: [trace.axisSize, ...size] }),
    true,
  ],
  perKey: perKeyRule,
  keyIndex: ([keys], _batched, { axis, index }) => [
    bind('keyIndex', [keys], { axis: axis + 1, index }),
    true,
  ],
  stackKeys: (values, batched, { axis }) => {
    requireAllBatched('stackKeys', batched, values);
    return [bind('stackKeys', values, { axis: axis + 1 }), true];
  },
  psum: collectiveRule('psum', 'sum'),
  pmean: collectiveRule('pmean', 'mean'),
};
