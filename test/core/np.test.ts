import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { nn, np, valueAndGrad, type NDArray } from '../../src';

const values = (x: unknown): unknown => (x as tf.Tensor).arraySync();

describe('core/np', () => {
  describe('creation', () => {
    it('builds float32 arrays from numbers and nested lists, bool from booleans', () => {
      expect(
        np.array([
          [1, 2],
          [3, 4],
        ]).dtype,
      ).to.equal('float32');
      expect(np.array([true, false]).dtype).to.equal('bool');
      expect(np.array([1, 2], { dtype: 'int32' }).dtype).to.equal('int32');
      expect(np.array(2.5).shape).to.deep.equal([]);
      expect(() => np.array([[1, 2], [3]])).to.throw(/ragged/);
    });

    it('creates filled arrays, ranges and identities', () => {
      expect(values(np.zeros([2, 1]))).to.deep.equal([[0], [0]]);
      expect(values(np.ones(3))).to.deep.equal([1, 1, 1]);
      expect(values(np.full([2], 7))).to.deep.equal([7, 7]);
      expect(np.arange(4).dtype).to.equal('int32');
      expect(values(np.arange(1, 2, 0.5))).to.deep.equal([1, 1.5]);
      expect(values(np.eye(2))).to.deep.equal([
        [1, 0],
        [0, 1],
      ]);
      expect(values(np.zerosLike(np.ones([2])))).to.deep.equal([0, 0]);
      expect(() => np.zeros([2, -1])).to.throw(/non-negative integers, got \[2, -1\]/);
    });
  });

  describe('elementwise', () => {
    it('broadcasts like numpy', () => {
      const out = np.add(np.array([[1], [2]]), np.array([10, 20, 30]));
      expect(values(out)).to.deep.equal([
        [11, 21, 31],
        [12, 22, 32],
      ]);
    });

    it('names both shapes when they cannot broadcast', () => {
      expect(() => np.add(np.ones([2, 3]), np.ones([4]))).to.throw(
        /Incompatible shapes for broadcasting: \[2, 3\] and \[4\]/,
      );
    });

    it('types plain numbers weakly, as JAX does', () => {
      const ints = np.array([1, 2], { dtype: 'int32' });
      expect(np.add(ints, 1).dtype).to.equal('int32');
      expect(np.add(ints, 0.5).dtype).to.equal('float32');
      expect(np.multiply(np.ones([2]), 2).dtype).to.equal('float32');
      expect(np.divide(ints, 2).dtype).to.equal('float32');
      expect(values(np.divide(ints, 2))).to.deep.equal([0.5, 1]);
    });

    it('computes the usual unary functions', () => {
      expect(values(np.sqrt(np.array([4, 9])))).to.deep.equal([2, 3]);
      expect(values(np.rsqrt(np.array([4])))).to.deep.equal([0.5]);
      expect(values(np.square(np.array([3])))).to.deep.equal([9]);
      expect(values(np.abs(np.array([-2, 2])))).to.deep.equal([2, 2]);
      expect(values(np.negative(np.array([1])))).to.deep.equal([-1]);
      expect(values(np.exp(0))).to.equal(1);
    });

    it('compares, selects and clips', () => {
      const x = np.array([-1, 0, 2]);
      // tfjs reads booleans back as 0/1.
      expect(np.greater(x, 0).dtype).to.equal('bool');
      expect(values(np.greater(x, 0))).to.deep.equal([0, 0, 1]);
      expect(values(np.where(np.greater(x, 0), x, 0))).to.deep.equal([0, 0, 2]);
      expect(values(np.clip(x, -0.5, 1))).to.deep.equal([-0.5, 0, 1]);
      expect(values(np.maximum(x, 0))).to.deep.equal([0, 0, 2]);
      expect(values(np.minimum(x, 0))).to.deep.equal([-1, 0, 0]);
      expect(values(np.equal(x, 0))).to.deep.equal([0, 1, 0]);
      expect(values(np.astype(x, 'int32'))).to.deep.equal([-1, 0, 2]);
    });

    it('logical functions read numbers as truth values (nonzero is true), as numpy', () => {
      const x = np.array([-1.5, 0, 2, 0]);
      const y = np.array([3, 1, 0, 0], { dtype: 'int32' });
      const truth = (v: NDArray): NDArray => np.notEqual(v, 0);
      for (const [fn, name] of [
        [np.logicalAnd, 'logicalAnd'],
        [np.logicalOr, 'logicalOr'],
      ] as const) {
        const out = fn(x, y);
        expect(out.dtype, name).to.equal('bool');
        expect(values(out), name).to.deep.equal(values(fn(truth(x), truth(y))));
      }
      expect(values(np.logicalNot(x))).to.deep.equal(values(np.logicalNot(truth(x))));
      expect(np.logicalNot(x).dtype).to.equal('bool');
    });
  });

  describe('reductions', () => {
    let x: tf.Tensor;
    before(() => {
      x = np.array([
        [1, 2, 3],
        [4, 5, 6],
      ]) as tf.Tensor;
    });

    it('reduce all axes, one axis, several axes, with keepdims', () => {
      expect(values(np.sum(x))).to.equal(21);
      expect(values(np.sum(x, 0))).to.deep.equal([5, 7, 9]);
      expect(values(np.mean(x, -1, { keepdims: true }))).to.deep.equal([[2], [5]]);
      expect(values(np.max(x, { axis: [0, 1] }))).to.equal(6);
      expect(values(np.min(x, 1))).to.deep.equal([1, 4]);
      expect(values(np.prod(x, 1))).to.deep.equal([6, 120]);
    });

    it('computes var and std (biased unless ddof)', () => {
      expect(values(np.var(np.array([1, 2, 3, 4])))).to.be.closeTo(1.25, 1e-6);
      expect(values(np.var(np.array([1, 2, 3, 4]), { ddof: 1 }))).to.be.closeTo(5 / 3, 1e-6);
      expect(values(np.std(np.array([1, 3])))).to.be.closeTo(1, 1e-6);
    });

    it('finds argmax of the flattened array or along an axis', () => {
      expect(values(np.argmax(x))).to.equal(5);
      expect(values(np.argmax(x, 0))).to.deep.equal([1, 1, 1]);
      expect(values(np.argmin(x, 1, { keepdims: true }))).to.deep.equal([[0], [0]]);
    });

    it('rejects axes out of range and duplicates', () => {
      expect(() => np.sum(x, 2)).to.throw(/axis 2 is out of bounds for an array of rank 2/);
      expect(() => np.sum(x, [0, -2])).to.throw(/Duplicate axes/);
    });

    it('computes logsumexp stably', () => {
      expect(values(np.logsumexp(np.array([1000, 1000])))).to.be.closeTo(1000 + Math.log(2), 1e-3);
    });
  });

  describe('shapes and products', () => {
    it('reshapes with -1 and names both shapes on error', () => {
      expect(np.reshape(np.zeros([2, 3]), [-1]).shape).to.deep.equal([6]);
      expect(() => np.reshape(np.zeros([2, 3]), [4, -1])).to.throw(
        /Cannot reshape an array of shape \[2, 3\] into shape \[4, -1\]/,
      );
    });

    it('transposes, expands, squeezes, broadcasts, concatenates and stacks', () => {
      expect(np.transpose(np.zeros([2, 3, 4])).shape).to.deep.equal([4, 3, 2]);
      expect(np.transpose(np.zeros([2, 3, 4]), [0, 2, 1]).shape).to.deep.equal([2, 4, 3]);
      expect(np.expandDims(np.zeros([2, 3]), -1).shape).to.deep.equal([2, 3, 1]);
      expect(np.squeeze(np.zeros([1, 2, 1])).shape).to.deep.equal([2]);
      expect(() => np.squeeze(np.zeros([2]), 0)).to.throw(/cannot remove axis 0 of size 2/);
      expect(np.broadcastTo(np.zeros([3]), [2, 3]).shape).to.deep.equal([2, 3]);
      expect(() => np.broadcastTo(np.zeros([3]), [2, 4])).to.throw(/Cannot broadcast/);
      expect(np.concatenate([np.zeros([2, 3]), np.ones([1, 3])]).shape).to.deep.equal([3, 3]);
      expect(() => np.concatenate([np.zeros([2, 3]), np.ones([2, 2])])).to.throw(/differ outside axis 0/);
      expect(np.stack([np.zeros([3]), np.ones([3])], 1).shape).to.deep.equal([3, 2]);
    });

    it('broadcasts every value bit for bit (-0, NaN, ±inf, large int32, bool) on the active backend', () => {
      const floats = np.broadcastTo(np.array([-0, NaN, Infinity, -Infinity, 1.5]), [3, 5]);
      const bits = new Uint32Array(new Float32Array(floats.dataSync()).buffer);
      const row = Array.from(new Uint32Array(Float32Array.of(-0, NaN, Infinity, -Infinity, 1.5).buffer));
      expect(Array.from(bits)).to.deep.equal([...row, ...row, ...row]);
      const ints = np.broadcastTo(np.array([[2 ** 31 - 1], [-(2 ** 31)]], { dtype: 'int32' }), [2, 3]);
      expect(values(ints)).to.deep.equal([
        [2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1],
        [-(2 ** 31), -(2 ** 31), -(2 ** 31)],
      ]);
      const flags = np.broadcastTo(np.array([true, false]), [2, 2]);
      expect([flags.dtype, values(flags)]).to.deep.equal([
        'bool',
        [
          [1, 0],
          [1, 0],
        ],
      ]);
    });

    it('multiplies matrices, vectors and batches like numpy', () => {
      const a = np.array([
        [1, 2],
        [3, 4],
      ]);
      expect(values(np.matmul(a, np.array([1, 1])))).to.deep.equal([3, 7]);
      expect(values(np.matmul(np.array([1, 1]), a))).to.deep.equal([4, 6]);
      expect(np.matmul(np.ones([5, 2, 3]), np.ones([3, 4])).shape).to.deep.equal([5, 2, 4]);
      expect(np.matmul(np.ones([2, 3]), np.ones([5, 3, 4])).shape).to.deep.equal([5, 2, 4]);
      expect(np.matmul(np.ones([5, 1, 2, 3]), np.ones([4, 3, 2])).shape).to.deep.equal([5, 4, 2, 2]);
      expect(values(np.dot(np.array([1, 2]), np.array([3, 4])))).to.equal(11);
      expect(() => np.matmul(np.ones([2, 3]), np.ones([2, 3]))).to.throw(
        /contracting dimensions differ: \[2, 3\] @ \[2, 3\]/,
      );
    });

    it('stops gradients without changing values', () => {
      expect(values(np.stopGradient(np.array([1, 2])))).to.deep.equal([1, 2]);
    });
  });

  describe('memory outside tidy', () => {
    it('disposes what promotion made (scalars for numbers, arrays for lists, casts) once the op has run', () => {
      const x = np.ones([2, 3]);
      const ints = np.array([1, 2], { dtype: 'int32' });
      const xT = np.transpose(x);
      const ops: [string, () => unknown][] = [
        ['multiply by a number', () => np.multiply(x, 2)],
        ['add a nested list', () => np.add(x, [1, 2, 3])],
        ['exp of int32 (cast to float32)', () => np.exp(ints)],
        ['mean of a list', () => np.mean([1, 2, 3])],
        ['matmul of a list', () => np.matmul([[1, 2, 3]], xT)],
        ['dot of two numbers', () => np.dot(2, 3)],
        ['nn.relu of a list', () => nn.relu([1, -1])],
        ['nn.oneHot of a list (made, then cast to int32)', () => nn.oneHot([0, 2], 3)],
      ];
      for (const [name, op] of ops) {
        const before = tf.memory().numTensors;
        const result = op() as tf.Tensor;
        expect(tf.memory().numTensors - before, name).to.equal(1);
        result.dispose();
      }
      for (const t of [x, ints, xT]) t.dispose();
    });

    it('still differentiates through ops whose number operands were disposed', () => {
      const [value, gradient] = valueAndGrad((w: NDArray) => np.sum(np.multiply(np.add(w, 1), 3)))(
        np.array([1, 2]),
      );
      expect(values(value)).to.equal(15);
      expect(values(gradient)).to.deep.equal([3, 3]);
    });

    it('leaves only the result of ops whose impls make intermediates (matmul, where, nn.oneHot)', () => {
      const operands = {
        batch: np.ones([2, 3, 4]),
        matrix: np.ones([4, 5]),
        vector: np.ones([4]),
        condition: np.array([true, false, true]),
        row: np.ones([3]),
        grid: np.ones([2, 3]),
        labels: np.array([0, 2], { dtype: 'int32' }),
      };
      const { batch, matrix, vector, condition, row, grid, labels } = operands;
      const ops: [string, () => unknown][] = [
        ['matmul of a stack of matrices', () => np.matmul(batch, matrix)],
        ['matmul of a vector', () => np.matmul(vector, matrix)],
        ['where with broadcasting', () => np.where(condition, row, grid)],
        ['nn.oneHot', () => nn.oneHot(labels, 3)],
      ];
      for (const [name, op] of ops) {
        const before = tf.memory().numTensors;
        const result = op() as tf.Tensor;
        expect(tf.memory().numTensors - before, name).to.equal(1);
        result.dispose();
      }
      for (const t of Object.values(operands)) t.dispose();
    });
  });
});
