/**
 * Reductions over sorted axes (`reduceSum`, `mean`, `reduceMax`, …) and `argmax`/`argmin`. The gradient of
 * `reduceMax`/`reduceMin` is shared evenly between tied maxima, as JAX's; `reduceProd`'s is exact with zeros.
 *
 * @packageDocumentation
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf, type AbstractValue, type DType } from '../avals';
import { runKernel } from '../executor/kernels';
import { reducedShape } from '../shapes';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { argReductionFirstNaN, emptyReduction, reducedMaxOrMinWithNaN } from './nan-and-empty';
import { broadcastTo, convert, div, mul, reshape, scalar } from './ops';
import type { Primitive, ReduceParams } from './params';
import type { PrimitiveRule, RuleTable } from './rule';

type Reduction = 'reduceSum' | 'reduceMax' | 'reduceMin' | 'reduceProd' | 'reduceAnd' | 'reduceOr' | 'mean';

const info = (value: ConcreteInfo): TensorInfo => value as TensorInfo;
const call = (p: Primitive, ...args: Value[]): Value => bind(p, args, {});

/** `ct` of a reduction's result, broadcast back over the reduced axes to the operand's shape. */
function expandBack(ct: Value, operand: Value, { axes, keepdims }: ReduceParams): Value {
  const shape = avalOf(operand).shape;
  const kept = keepdims ? ct : reshape(ct, reducedShape(shape, axes, true));
  return broadcastTo(kept, shape);
}

/** JAX's `_reduce_chooser_jvp_rule`: the cotangent goes to the locations equal to the result, split evenly. */
function chooserVjp(ct: Value, x: Value, out: Value, params: ReduceParams): Value {
  const { dtype } = avalOf(x);
  const location = convert(call('eq', x, expandBack(out, x, params)), dtype);
  const counts = bind('reduceSum', [location], params);
  return mul(expandBack(div(ct, counts), x, params), location);
}

/**
 * Products along the last axis of everything before (`reverse` false) or after each element, exclusive: a
 * Hillis–Steele scan of log₂(n) shifted multiplications. Only products, so every derivative of it is exact.
 */
function exclusiveProducts(x: Value, reverse: boolean): Value {
  const shape = avalOf(x).shape;
  const n = shape[shape.length - 1];
  const rank = shape.length;
  const ones = (k: number): Value =>
    bind('full', [], { shape: [...shape.slice(0, -1), k], dtype: 'float32', value: 1 });
  // `v` moved by `k` along the last axis (towards the end, or the start when reversed), filled with ones.
  const shift = (v: Value, k: number): Value => {
    const kept = bind('slice', [v], {
      begin: shape.map((_, i) => (i === rank - 1 && reverse ? k : 0)),
      size: [...shape.slice(0, -1), n - k],
    });
    return bind('concatenate', reverse ? [kept, ones(k)] : [ones(k), kept], { axis: rank - 1 });
  };
  if (n <= 1) return ones(n);
  let inclusive = x;
  for (let k = 1; k < n; k *= 2) inclusive = mul(inclusive, shift(inclusive, k));
  return shift(inclusive, 1);
}

/**
 * For each element, the product of the other elements of its reduced group, as products only (so it stays exact
 * with zeros, and so do its own derivatives, as in JAX): the reduced axes are gathered into one last axis.
 */
function productOfOthers(x: Value, { axes }: ReduceParams): Value {
  const shape = avalOf(x).shape;
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const grouped = reshape(bind('transpose', [x], { perm }), [
    ...kept.map((i) => shape[i]),
    sizeOf(axes.map((a) => shape[a])),
  ]);
  const others = mul(exclusiveProducts(grouped, false), exclusiveProducts(grouped, true));
  const back = reshape(
    others,
    perm.map((p) => shape[p]),
  );
  return bind('transpose', [back], { perm: perm.map((_, i) => perm.indexOf(i)) });
}

function reductionAval([x]: readonly AbstractValue[], { axes, keepdims }: ReduceParams): AbstractValue {
  return { shape: reducedShape(x.shape, axes, keepdims), dtype: x.dtype };
}

/** What each reduction gives over no elements: lax's identities, and NaN for the mean (0/0). */
const EMPTY_RESULT: Readonly<Record<Reduction, (dtype: DType) => number>> = {
  reduceSum: () => 0,
  reduceProd: () => 1,
  reduceAnd: () => 1,
  reduceOr: () => 0,
  mean: () => NaN,
  reduceMax: (dtype) => (dtype === 'bool' ? 0 : dtype === 'int32' ? INT32_MIN : -Infinity),
  reduceMin: (dtype) => (dtype === 'bool' ? 1 : dtype === 'int32' ? INT32_MAX : Infinity),
};
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** A reduction row; `axisAttr` is the kernel's name for its axes (tfjs's Max calls it reductionIndices). */
function reduction<P extends Reduction>(
  jaxName: string,
  kernel: string,
  primitive: P,
  vjp?: (ct: Value, x: Value, out: Value, params: ReduceParams) => Value,
  axisAttr = 'axis',
): PrimitiveRule<P> {
  const choosesAnElement = primitive === 'reduceMax' || primitive === 'reduceMin';
  return {
    jaxName,
    abstractEval: reductionAval,
    impl: ([x], { axes, keepdims }) => {
      const operand = info(x);
      if (axes.length === 0) return runKernel('Identity', { x: operand });
      const outShape = reducedShape(operand.shape, axes, keepdims);
      const empty = emptyReduction(operand, axes, outShape, EMPTY_RESULT[primitive]);
      if (empty !== undefined) return empty;
      // The largest of bools is whether any is true, the smallest whether all are (no backend has a bool Max).
      const boolKernel = primitive === 'reduceMax' ? 'Any' : primitive === 'reduceMin' ? 'All' : undefined;
      if (operand.dtype === 'bool' && boolKernel !== undefined) {
        return runKernel(boolKernel, { x: operand }, { axis: [...axes], keepDims: keepdims });
      }
      const attrs: NamedAttrMap = { [axisAttr]: [...axes], keepDims: keepdims };
      const reduce = (v: TensorInfo): TensorInfo => runKernel(kernel, { x: v }, attrs);
      return choosesAnElement ? reducedMaxOrMinWithNaN(reduce, operand, axes, keepdims) : reduce(operand);
    },
    batch: ([x], _batched, { axes, keepdims }) => [
      bind(primitive, [x], { axes: axes.map((a) => a + 1), keepdims }),
      true,
    ],
    ...(vjp === undefined
      ? {}
      : {
          vjp: (ct: Value, [x]: readonly Value[], out: Value, params: ReduceParams) => [
            vjp(ct, x, out, params),
          ],
        }),
  };
}

function argReduction<P extends 'argmax' | 'argmin'>(
  jaxName: string,
  kernel: string,
  primitive: P,
): PrimitiveRule<P> {
  return {
    jaxName,
    abstractEval: ([x], { axis }) => ({ shape: x.shape.filter((_, i) => i !== axis), dtype: 'int32' }),
    impl: ([x], { axis }) => argReductionFirstNaN(kernel, info(x), axis),
    batch: ([x], _batched, { axis }) => [bind(primitive, [x], { axis: axis + 1 }), true],
  };
}

/** The reduction rows of the primitive table. */
export const reductionRules: RuleTable<Reduction | 'argmax' | 'argmin'> = {
  reduceSum: reduction('reduce_sum', 'Sum', 'reduceSum', (ct, x, _out, params) => expandBack(ct, x, params)),
  mean: reduction('reduce_mean', 'Mean', 'mean', (ct, x, _out, params) => {
    const count = sizeOf(params.axes.map((a) => avalOf(x).shape[a]));
    return expandBack(div(ct, scalar(count)), x, params);
  }),
  reduceMax: reduction('reduce_max', 'Max', 'reduceMax', chooserVjp, 'reductionIndices'),
  reduceMin: reduction('reduce_min', 'Min', 'reduceMin', chooserVjp),
  reduceProd: reduction('reduce_prod', 'Prod', 'reduceProd', (ct, x, _out, params) =>
    mul(expandBack(ct, x, params), productOfOthers(x, params)),
  ),
  reduceAnd: reduction('reduce_and', 'All', 'reduceAnd'),
  reduceOr: reduction('reduce_or', 'Any', 'reduceOr'),
  argmax: argReduction('argmax', 'ArgMax', 'argmax'),
  argmin: argReduction('argmin', 'ArgMin', 'argmin'),
};
