/**
 * Elementwise primitives: one operand, two with numpy broadcasting, and `select`. Gradients are JAX's, including
 * its choices at kinks: `abs'(0) = 1`, `relu'(0) = 0`, ties of `max`/`min` split the cotangent in half, comparisons
 * and rounding have none.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { sameShape, type AbstractValue, type DType } from '../avals';
import { runKernel, upload, withIntermediates } from '../executor/kernels';
import { broadcastShapes } from '../shapes';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { maxOrMinWithNaN, signWithNaN } from './nan-and-empty';
import { add, convert, div, mul, neg, scalar, select, sub, unbroadcast, zerosLike } from './ops';
import type { BinaryPrimitive, Primitive, UnaryPrimitive } from './params';
import type { BatchRule, PrimitiveRule, RuleTable } from './rule';
import { broadcastBuffer } from './structure';

const info = (value: ConcreteInfo): TensorInfo => value as TensorInfo;
const call = (p: Primitive, ...args: Value[]): Value => bind(p, args, {});

/** Elementwise on one operand: the batch axis rides along. */
function unaryBatch<P extends Primitive>(primitive: P): BatchRule<P> {
  return ([x], _batched, params) => [bind(primitive, [x], params), true];
}

/**
 * Elementwise with broadcasting: a batched operand whose per-example rank is below the others' gets 1s after its
 * batch axis, so numpy broadcasting lines up the example dimensions and leaves the batch axis in front.
 */
function broadcastBatch<P extends Primitive>(primitive: P): BatchRule<P> {
  return (values, batched, params) => {
    const exampleRank = (v: Value, i: number): number => avalOf(v).shape.length - (batched[i] ? 1 : 0);
    const rank = Math.max(...values.map(exampleRank));
    const aligned = values.map((v, i) => {
      const shape = avalOf(v).shape;
      if (!batched[i] || shape.length - 1 === rank) return v;
      const padded = [shape[0], ...Array<number>(rank - (shape.length - 1)).fill(1), ...shape.slice(1)];
      return bind('reshape', [v], { shape: padded });
    });
    return [bind(primitive, aligned, params), true];
  };
}

/** A unary row: the kernel, optionally another output dtype, and the VJP as `(ct, x, out) => dx`. */
function unary<P extends Primitive>(
  jaxName: string,
  kernel: string,
  primitive: P,
  vjp?: (ct: Value, x: Value, out: Value) => Value,
  outDType?: DType,
): PrimitiveRule<P> {
  return {
    jaxName,
    abstractEval: ([x]) => ({ shape: x.shape, dtype: outDType ?? x.dtype }),
    impl: ([x]) => runKernel(kernel, { x: info(x) }),
    batch: unaryBatch(primitive),
    ...(vjp === undefined
      ? {}
      : { vjp: (ct, [x], out, _params, needs) => [needs[0] ? vjp(ct, x, out) : null] }),
  };
}

/** Kernels with no bool version on some backend: bool operands go through int32 (add is or, multiply is and, …). */
const BOOL_THROUGH_INT = new Set([
  'Add',
  'Multiply',
  'Maximum',
  'Minimum',
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
]);

/** Runs a binary kernel; bool operands of an arithmetic kernel compute in int32 and come back as bool. */
function runBinary(kernel: string, a: TensorInfo, b: TensorInfo, comparison: boolean): TensorInfo {
  if (a.dtype !== 'bool' || !BOOL_THROUGH_INT.has(kernel)) return runKernel(kernel, { a, b });
  return withIntermediates((temp) => {
    const asInt = (x: TensorInfo): TensorInfo => temp(runKernel('Cast', { x }, { dtype: 'int32' }));
    const out = runKernel(kernel, { a: asInt(a), b: asInt(b) });
    if (comparison) return out;
    // `!= 0` rather than a Cast: wasm's int32 → bool Cast does not make 2 a true.
    return runKernel('NotEqual', { a: temp(out), b: temp(upload(Int32Array.of(0), [], 'int32')) });
  });
}

/** `Cast`, except to bool: `x != 0` there, since wasm's Cast keeps an int32 2 (or a float 0.5) as it is. */
function castKernel(x: TensorInfo, dtype: DType): TensorInfo {
  if (dtype !== 'bool' || x.dtype === 'bool') return runKernel('Cast', { x }, { dtype });
  const zero = x.dtype === 'int32' ? Int32Array.of(0) : Float32Array.of(0);
  return withIntermediates((temp) => runKernel('NotEqual', { a: x, b: temp(upload(zero, [], x.dtype)) }));
}

function broadcastAval(operands: readonly AbstractValue[], dtype?: DType): AbstractValue {
  const shape = operands.reduce<readonly number[]>((s, o) => broadcastShapes(s, o.shape), []);
  return { shape, dtype: dtype ?? operands[operands.length - 1].dtype };
}

/** A binary row: the kernel, an output dtype for comparisons, and VJPs `(ct, x, y, out) => [dx, dy]` before unbroadcasting. */
function binary<P extends Primitive>(
  jaxName: string,
  kernel: string,
  primitive: P,
  vjp?: (
    ct: Value,
    x: Value,
    y: Value,
    out: Value,
    needs: readonly boolean[],
  ) => [Value | null, Value | null],
  outDType?: DType,
): PrimitiveRule<P> {
  return {
    jaxName,
    abstractEval: (operands) => broadcastAval(operands, outDType),
    impl: ([a, b]) => runBinary(kernel, info(a), info(b), outDType === 'bool'),
    batch: broadcastBatch(primitive),
    ...(vjp === undefined
      ? {}
      : {
          vjp: (ct, [x, y], out, _params, needs) =>
            vjp(ct, x, y, out, needs).map((d, i) =>
              d === null || !needs[i] ? null : unbroadcast(d, avalOf(i === 0 ? x : y).shape),
            ),
        }),
  };
}

/** `max`/`min`: a binary row whose impl gives NaN wherever an operand is NaN, as `lax.max`/`lax.min` do. */
function maxOrMin<P extends 'max' | 'min'>(
  primitive: P,
  kernel: string,
  vjp: Parameters<typeof binary<P>>[3],
): PrimitiveRule<P> {
  return {
    ...binary(primitive, kernel, primitive, vjp),
    impl: ([a, b]) => maxOrMinWithNaN((x, y) => runBinary(kernel, x, y, false), info(a), info(b)),
  };
}

/** JAX's `_balanced_eq`: 1 where `x` is the result and the other operand is not, ½ on ties, 0 elsewhere. */
function balancedEq(x: Value, out: Value, other: Value): Value {
  const dtype = avalOf(out).dtype;
  const tie = select(call('eq', other, out), scalar(0.5, dtype), scalar(1, dtype));
  return select(call('eq', x, out), tie, scalar(0, dtype));
}

/** x where x is not 0, else 1 (JAX's `_replace_zero`, so `log` of the base stays finite in pow's gradient). */
function replaceZero(x: Value): Value {
  const { dtype } = avalOf(x);
  return select(call('eq', x, scalar(0, dtype)), scalar(1, dtype), x);
}

/** x where finite, else 0 (JAX's `_replace_inf`, used by logaddexp's gradient and hence softplus's). */
function replaceInf(x: Value): Value {
  return select(call('isFinite', x), x, scalar(0, avalOf(x).dtype));
}

const half = (v: Value): Value => scalar(0.5, avalOf(v).dtype);
const one = (v: Value): Value => scalar(1, avalOf(v).dtype);

type Elementwise = UnaryPrimitive | BinaryPrimitive | 'convertElementType' | 'select';

/** The elementwise rows of the primitive table. */
export const elementwiseRules: RuleTable<Elementwise> = {
  neg: unary('neg', 'Neg', 'neg', (ct) => neg(ct)),
  abs: unary('abs', 'Abs', 'abs', (ct, x) => select(call('ge', x, scalar(0, avalOf(x).dtype)), ct, neg(ct))),
  sign: { ...unary('sign', 'Sign', 'sign'), impl: ([x]) => signWithNaN(info(x)) },
  exp: unary('exp', 'Exp', 'exp', (ct, _x, out) => mul(ct, out)),
  log: unary('log', 'Log', 'log', (ct, x) => div(ct, x)),
  log1p: unary('log1p', 'Log1p', 'log1p', (ct, x) => div(ct, add(x, one(x)))),
  expm1: unary('expm1', 'Expm1', 'expm1', (ct, _x, out) => mul(ct, add(out, one(out)))),
  sqrt: unary('sqrt', 'Sqrt', 'sqrt', (ct, _x, out) => mul(ct, div(half(out), out))),
  rsqrt: unary('rsqrt', 'Rsqrt', 'rsqrt', (ct, x, out) => mul(ct, mul(scalar(-0.5), div(out, x)))),
  square: unary('square', 'Square', 'square', (ct, x) => mul(ct, mul(scalar(2, avalOf(x).dtype), x))),
  tanh: unary('tanh', 'Tanh', 'tanh', (ct, _x, out) => mul(add(ct, mul(ct, out)), sub(one(out), out))),
  logistic: unary('logistic', 'Sigmoid', 'logistic', (ct, _x, out) => mul(ct, mul(out, sub(one(out), out)))),
  erf: unary('erf', 'Erf', 'erf', (ct, x) =>
    mul(scalar(2 / Math.sqrt(Math.PI)), mul(ct, call('exp', neg(call('square', x))))),
  ),
  sin: unary('sin', 'Sin', 'sin', (ct, x) => mul(ct, call('cos', x))),
  cos: unary('cos', 'Cos', 'cos', (ct, x) => mul(ct, neg(call('sin', x)))),
  floor: unary('floor', 'Floor', 'floor'),
  ceil: unary('ceil', 'Ceil', 'ceil'),
  round: unary('round', 'Round', 'round'),
  // jax.nn.relu's custom JVP: the derivative at 0 is 0.
  relu: unary('relu', 'Relu', 'relu', (ct, x) => select(call('gt', x, scalar(0)), ct, zerosLike(ct))),
  // jax.nn.softplus is logaddexp(x, 0), whose gradient is exp(x − out) with infinities replaced by 0.
  softplus: unary('softplus', 'Softplus', 'softplus', (ct, x, out) =>
    mul(ct, call('exp', sub(replaceInf(x), replaceInf(out)))),
  ),
  isFinite: unary('is_finite', 'IsFinite', 'isFinite', undefined, 'bool'),
  not: unary('not', 'LogicalNot', 'not', undefined, 'bool'),
  stopGradient: {
    jaxName: 'stop_gradient',
    abstractEval: ([x]) => x,
    impl: ([x]) => runKernel('Identity', { x: info(x) }),
    batch: unaryBatch('stopGradient'),
  },
  convertElementType: {
    jaxName: 'convert_element_type',
    abstractEval: ([x], { dtype }) => ({ shape: x.shape, dtype }),
    impl: ([x], { dtype }) => castKernel(info(x), dtype),
    batch: unaryBatch('convertElementType'),
    // Only float → float conversions carry a gradient (the AD trace records no other).
    vjp: (ct, [x], _out, _params, needs) => [needs[0] ? convert(ct, avalOf(x).dtype) : null],
  },
  add: binary('add', 'Add', 'add', (ct) => [ct, ct]),
  sub: binary('sub', 'Sub', 'sub', (ct, _x, _y, _out, needs) => [ct, needs[1] ? neg(ct) : null]),
  mul: binary('mul', 'Multiply', 'mul', (ct, x, y, _out, needs) => [
    needs[0] ? mul(ct, y) : null,
    needs[1] ? mul(ct, x) : null,
  ]),
  // d/dx = ct/y; d/dy = −ct·x/y² = −(ct/y)·out.
  div: binary('div', 'RealDiv', 'div', (ct, _x, y, out, needs) => {
    const dx = div(ct, y);
    return [dx, needs[1] ? neg(mul(dx, out)) : null];
  }),
  // JAX's jvps: y·x^(y−1) for float exponents (integer ones, never differentiated here, guard y = 0).
  pow: binary('pow', 'Pow', 'pow', (ct, x, y, out, needs) => {
    const dx = needs[0] ? mul(ct, mul(y, call('pow', x, sub(y, one(y))))) : null;
    const dy = needs[1] ? mul(ct, mul(call('log', replaceZero(x)), out)) : null;
    return [dx, dy];
  }),
  max: maxOrMin('max', 'Maximum', (ct, x, y, out, needs) => [
    needs[0] ? mul(ct, balancedEq(x, out, y)) : null,
    needs[1] ? mul(ct, balancedEq(y, out, x)) : null,
  ]),
  min: maxOrMin('min', 'Minimum', (ct, x, y, out, needs) => [
    needs[0] ? mul(ct, balancedEq(x, out, y)) : null,
    needs[1] ? mul(ct, balancedEq(y, out, x)) : null,
  ]),
  eq: binary('eq', 'Equal', 'eq', undefined, 'bool'),
  ne: binary('ne', 'NotEqual', 'ne', undefined, 'bool'),
  lt: binary('lt', 'Less', 'lt', undefined, 'bool'),
  le: binary('le', 'LessEqual', 'le', undefined, 'bool'),
  gt: binary('gt', 'Greater', 'gt', undefined, 'bool'),
  ge: binary('ge', 'GreaterEqual', 'ge', undefined, 'bool'),
  and: binary('and', 'LogicalAnd', 'and', undefined, 'bool'),
  or: binary('or', 'LogicalOr', 'or', undefined, 'bool'),
  select: {
    jaxName: 'select_n',
    abstractEval: (operands) => broadcastAval(operands),
    // tfjs's Select kernel wants three operands of one shape (or a vector predicate): broadcast them first.
    impl: ([pred, onTrue, onFalse]) => {
      const operands = [pred, onTrue, onFalse].map(info);
      const shape = broadcastAval(operands.map((o) => ({ shape: o.shape, dtype: 'bool' }))).shape;
      if (operands.every((o) => sameShape(o.shape, shape))) {
        return runKernel('Select', { condition: operands[0], t: operands[1], e: operands[2] });
      }
      return withIntermediates((temp) => {
        const [c, t, e] = operands.map((o) =>
          sameShape(o.shape, shape) ? o : temp(broadcastBuffer(o, shape)),
        );
        return runKernel('Select', { condition: c, t, e });
      });
    },
    batch: broadcastBatch('select'),
    vjp: (ct, [pred, onTrue, onFalse], _out, _params, needs) => {
      const zeros = zerosLike(ct);
      return [
        null,
        needs[1] ? unbroadcast(select(pred, ct, zeros), avalOf(onTrue).shape) : null,
        needs[2] ? unbroadcast(select(pred, zeros, ct), avalOf(onFalse).shape) : null,
      ];
    },
  },
};
