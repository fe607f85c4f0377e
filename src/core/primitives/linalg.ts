/**
 * `matmul`: the matrix product of operands of rank ≥ 2 with numpy-broadcast batch dimensions and optional
 * transposes of the last two axes (one kernel, `BatchMatMul`). Its VJP is two more products with transpose flags,
 * so a Dense layer's backward pass needs no transpose kernels.
 *
 * @packageDocumentation
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { sameShape, sizeOf, type AbstractValue } from '../avals';
import { activeBackendName, runKernel, withIntermediates } from '../executor/kernels';
import { broadcastShapes } from '../shapes';
import { bind } from '../trace';
import { avalOf, type ConcreteInfo, type Value } from '../values';
import { reshape, unbroadcast } from './ops';
import type { PrimitiveParams } from './params';
import type { RuleTable } from './rule';
import { broadcastBuffer } from './structure';

const info = (value: ConcreteInfo): TensorInfo => value as TensorInfo;

const matmul = (a: Value, b: Value, transposeA: boolean, transposeB: boolean): Value =>
  bind('matmul', [a, b], { transposeA, transposeB });

/**
 * `lhs · rhs` for int32 operands as `sum(lhs[…, m, k, 1] · rhs[…, 1, k, n], k)`: the `Multiply` kernel broadcasts the
 * batch dimensions and the new axes, and `Sum` reduces the inner axis.
 */
function intProduct(
  lhs: TensorInfo,
  rhs: TensorInfo,
  { transposeA, transposeB }: PrimitiveParams['matmul'],
): TensorInfo {
  return withIntermediates((temp) => {
    // The operand as [..., rows, cols] (transposed back if flagged), with a 1 inserted before axis `at` from the end.
    const prepare = (x: TensorInfo, transposed: boolean, at: number): TensorInfo => {
      const rank = x.shape.length;
      const perm = x.shape.map((_, i) => (i < rank - 2 ? i : transposed ? 2 * rank - 3 - i : i));
      const upright = transposed ? temp(runKernel('Transpose', { x }, { perm })) : x;
      const shape = perm.map((p) => x.shape[p]);
      shape.splice(rank - at, 0, 1);
      return temp(runKernel('Reshape', { x: upright }, { shape }));
    };
    const products = temp(
      runKernel('Multiply', { a: prepare(lhs, transposeA, 0), b: prepare(rhs, transposeB, 2) }),
    );
    return runKernel('Sum', { x: products }, { axis: [products.shape.length - 2], keepDims: false });
  });
}

/** The matmul row of the primitive table. */
export const linalgRules: RuleTable<'matmul'> = {
  matmul: {
    jaxName: 'dot_general',
    abstractEval: ([a, b], { transposeA, transposeB }) => {
      const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)];
      const cols = b.shape[b.shape.length - (transposeB ? 2 : 1)];
      const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
      return { shape: [...batch, rows, cols], dtype: a.dtype };
    },
    impl: ([a, b], params) => {
      const [lhs, rhs] = [info(a), info(b)];
      const [batchA, batchB] = [lhs.shape.slice(0, -2), rhs.shape.slice(0, -2)];
      const inner = lhs.shape[lhs.shape.length - (params.transposeA ? 2 : 1)];
      // A sum of no products: zeros (the kernels would leave the buffer uninitialised on wasm).
      if (inner === 0) {
        const { shape, dtype } = linalgRules.matmul.abstractEval([lhs, rhs] as AbstractValue[], params);
        return runKernel('Fill', {}, { shape: [...shape], value: 0, dtype });
      }
      // tfjs-backend-wasm's BatchMatMul takes float32 only, which is inexact past 2²⁴: int32 products there are
      // elementwise products summed over the inner axis, exact and wrapping like XLA's.
      if (lhs.dtype === 'int32' && activeBackendName() === 'wasm') return intProduct(lhs, rhs, params);
      return withIntermediates((temp) => {
        const product = (x: TensorInfo, y: TensorInfo): TensorInfo =>
          runKernel('BatchMatMul', { a: x, b: y }, { ...params });
        // tfjs's cpu and wasm kernels pair batch entries by index modulo the smaller batch: right when the batch
        // shapes are equal or one of them has a single entry, wrong otherwise. Broadcast such operands first.
        if (sameShape(batchA, batchB) || sizeOf(batchA) === 1 || sizeOf(batchB) === 1)
          return product(lhs, rhs);
        const batch = broadcastShapes(batchA, batchB);
        const full = (x: TensorInfo): TensorInfo =>
          sameShape(x.shape.slice(0, -2), batch)
            ? x
            : temp(broadcastBuffer(x, [...batch, ...x.shape.slice(-2)]));
        return product(full(lhs), full(rhs));
      });
    },
    batch: ([a, b], batched, params, { axisSize }) => {
      const [shapeA, shapeB] = [avalOf(a).shape, avalOf(b).shape];
      // A batch of matrices times one matrix (a Dense layer under vmap): fold the batch into the rows, one product.
      if (batched[0] && !batched[1] && shapeB.length === 2 && !params.transposeA) {
        const k = shapeA[shapeA.length - 1];
        const product = matmul(reshape(a, [sizeOf(shapeA.slice(0, -1)), k]), b, false, params.transposeB);
        return [reshape(product, [...shapeA.slice(0, -1), avalOf(product).shape[1]]), true];
      }
      // Otherwise give every batched operand the same example rank, so the batch axis broadcasts as a batch dim.
      const exampleRank = Math.max(
        shapeA.length - (batched[0] ? 1 : 0),
        shapeB.length - (batched[1] ? 1 : 0),
      );
      const align = (v: Value, isBatched: boolean): Value => {
        const shape = avalOf(v).shape;
        if (!isBatched || shape.length - 1 === exampleRank) return v;
        return reshape(v, [
          axisSize,
          ...Array<number>(exampleRank - (shape.length - 1)).fill(1),
          ...shape.slice(1),
        ]);
      };
      return [bind('matmul', [align(a, batched[0]), align(b, batched[1])], params), true];
    },
    // With op(X) = Xᵀ when X is transposed: d op(A) = ct · op(B)ᵀ and d op(B) = op(A)ᵀ · ct, each written as one
    // product with transpose flags, then summed over broadcast batch dimensions.
    vjp: (ct, [a, b], _out, { transposeA, transposeB }, needs) => {
      const da = !needs[0]
        ? null
        : transposeA
          ? matmul(b, ct, transposeB, true)
          : matmul(ct, b, false, !transposeB);
      const db = !needs[1]
        ? null
        : transposeB
          ? matmul(ct, a, true, transposeA)
          : matmul(a, ct, !transposeA, false);
      return [da && unbroadcast(da, avalOf(a).shape), db && unbroadcast(db, avalOf(b).shape)];
    },
  },
};
