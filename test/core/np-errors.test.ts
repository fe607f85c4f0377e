// Bad input to the indexing and array functions of issue 15 gets an error that names the problem, in JAX's words
// where JAX has them; and each public function leaves exactly its result behind.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { grad, jit, np, vmap, type NDArray } from '../../src';

describe('core/np indexing errors and memory', () => {
  const x = (): NDArray => np.reshape(np.arange(24), [2, 3, 4]);

  it('names bad indices', () => {
    expect(() => np.index(x(), 0, 0, 0, 0)).to.throw(
      'Too many indices: 3-dimensional array indexed with 4 regular indices.',
    );
    expect(() => np.index(x(), '...', 0, '...')).to.throw(/single ellipsis/);
    expect(() => np.index(x(), np.array([0.5]))).to.throw(
      'Indexer must have integer or boolean type, got indexer with type float32 at position 0.',
    );
    expect(() => np.index(x(), 1.5)).to.throw(/Indices must be integers, got 1.5/);
    expect(() => np.index(x(), '1:a' as ':')).to.throw(/Slice bounds must be integers, got 'a'/);
    expect(() => np.index(x(), '::0')).to.throw('slice step cannot be zero');
    expect(() => np.index(x(), [true, false, true])).to.throw(
      /boolean index did not match indexed array along axis 0; size of axis is 2/,
    );
    expect(() => np.index(x(), [0, 1], ':', [0, 1, 2])).to.throw(
      'shape mismatch: indexing arrays could not be broadcast together with shapes [2] [3].',
    );
    expect(() => jit((a: NDArray) => np.index(a, np.greater(a, 3)))(np.arange(5))).to.throw(
      /Array boolean indices must be concrete/,
    );
  });

  it('names bad arguments of take, updates and the array functions', () => {
    expect(() => np.take(x(), [0], 1, { mode: 'raise' as 'clip' })).to.throw(
      "Invalid mode 'raise' for np.take.",
    );
    expect(() => np.take(np.zeros([0]), [0])).to.throw(
      'Cannot do a non-empty jnp.take() from an empty axis.',
    );
    expect(() => np.takeAlongAxis(x(), [0], 1)).to.throw(
      'indices and arr must have the same number of dimensions; 1 vs. 3.',
    );
    expect(() => np.at(x(), 0).set(np.ones([4, 3]))).to.throw(
      'Cannot broadcast the values of shape [4, 3] to the indexed shape [3, 4].',
    );
    expect(() => np.at(np.array([true]), 0).add(true)).to.throw(
      'at(...).add needs a numeric array, got a bool array.',
    );
    expect(() => np.split(np.arange(5), 2)).to.throw(
      'array split does not result in an equal division: rest is 1',
    );
    expect(() => np.split(np.arange(5), [3, 1])).to.throw(
      'Sizes passed to split must be nonnegative, got [3, -2, 4]',
    );
    expect(() => np.einsum('ij,jk->ik', np.ones([2, 3]), np.ones([4, 2]))).to.throw(
      "einsum: subscript 'j' has size 3 in one operand and 4 in another (operand 1 has shape [4, 2]).",
    );
    expect(() => np.einsum('ij->k', np.ones([2, 3]))).to.throw(/output subscript 'k' names no axis/);
    expect(() => np.einsum('ij', np.ones([2]))).to.throw(/names 2 axes, but the operand has rank 1/);
    expect(() => np.pad(np.ones([2]), -1)).to.throw(/padWidth must hold non-negative integers/);
    expect(() =>
      np.pad(np.ones([2, 2]), [
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    ).to.throw(/one \(before, after\) pair per axis/);
    expect(() => np.tril(np.ones([3]))).to.throw('tril requires an array of rank at least 2, got shape [3].');
    expect(() =>
      jit((r: NDArray) => np.repeat(np.ones([2]), r))(np.array([1, 2], { dtype: 'int32' })),
    ).to.throw(/the total number of repeats must be static/);
  });

  it("refuses gradients of multiply's values with repeated indices unless promised unique, as JAX", () => {
    const scaled = (v: NDArray): NDArray => np.sum(np.at(np.ones([3]), [0, 2]).multiply(v));
    expect(() => grad(scaled)(np.ones([2]))).to.throw(
      /scatter_mul gradients are only implemented if `unique_indices=True`/,
    );
    const promised = (v: NDArray): NDArray =>
      np.sum(np.at(np.ones([3]), [0, 2]).multiply(v, { uniqueIndices: true }));
    expect((grad(promised)(np.ones([2])) as tf.Tensor).arraySync()).to.deep.equal([1, 1]);
  });

  it('leaves exactly its result behind, also when it throws', () => {
    const a = np.reshape(np.arange(24, undefined, undefined, { dtype: 'float32' }), [2, 3, 4]);
    const rows = np.index(a, ':', 0);
    const before = tf.memory().numTensors;
    const results = [
      np.index(a, 1, '::-2', null, [3, 0]),
      np.take(a, [0, 9], 2),
      np.takeAlongAxis(a, [[[1, 0, 2, 2]]], 1),
      np.at(a, [1, 1], ':', 0).add([[1, 2, 3]]),
      np.at(a, ':', 0).max(5),
      np.einsum('ijk,ik->j', a, rows),
      np.pad(a, 1, { mode: 'symmetric' }),
      np.repeat(a, [1, 2, 0], 1),
      np.sort(a, 0, { descending: true }),
      np.cumprod(a, 2),
      np.tril(a),
      np.tile(a, [2, 1, 1]),
      vmap((r: NDArray) => np.index(r, [2, 0]))(a),
    ];
    expect(tf.memory().numTensors).to.equal(before + results.length);
    tf.dispose(results as tf.Tensor[]);
    expect(() => np.index(a, 0, 0, 0, 0)).to.throw();
    expect(() => np.einsum('ij,jk', a, a)).to.throw();
    expect(tf.memory().numTensors).to.equal(before);
    tf.dispose([a, rows] as tf.Tensor[]);
  });
});
