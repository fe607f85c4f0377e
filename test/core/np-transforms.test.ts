// The indexing and array functions of issue 15 under the transforms: vmap equals a per-example loop (batched
// indices and values included), per-example gradients through take and .at[].add, jit of vmap and vmap of jit,
// and jitted loops that leave memory flat.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { grad, jit, np, random, vmap, type NDArray } from '../../src';
import { expectClose, type Nested } from '../support/close';

type Fn = (...args: NDArray[]) => NDArray;

const ints = (values: Nested, shape: number[]): NDArray =>
  np.reshape(np.array(values, { dtype: 'int32' }), shape);

/** `fn` applied to example `i` of every batched argument (`axes[k]` null: passed whole), results stacked. */
function loop(fn: Fn, args: NDArray[], axes: (number | null)[], size: number): NDArray {
  const rows = Array.from({ length: size }, (_, i) =>
    fn(...args.map((a, k) => (axes[k] === null ? a : np.take(a, i, axes[k])))),
  );
  return np.stack(rows);
}

function expectVmapMatchesLoop(fn: Fn, args: NDArray[], axes: (number | null)[]): void {
  tf.tidy(() => {
    const mapped = axes.findIndex((a) => a !== null);
    const size = args[mapped].shape[axes[mapped] as number];
    const expected = loop(fn, args, axes, size) as tf.Tensor;
    const batched = vmap(fn, { inAxes: axes })(...args);
    const jitted = jit(vmap(fn, { inAxes: axes }))(...args);
    const inside = vmap(jit(fn), { inAxes: axes })(...args);
    for (const [what, actual] of [
      ['vmap', batched],
      ['jit of vmap', jitted],
      ['vmap of jit', inside],
    ] as const) {
      expect(actual.shape, what).to.deep.equal(expected.shape);
      if (expected.dtype === 'float32') expectClose(actual, expected.arraySync(), undefined, what);
      else expect((actual as tf.Tensor).arraySync(), what).to.deep.equal(expected.arraySync());
    }
  });
}

describe('core/np indexing under vmap, grad and jit', () => {
  const x = (): NDArray => random.normal(random.key(0), [4, 5, 3]);

  it('vmap of np.index with batched integer arrays, slices and new axes', () => {
    const idx = ints([0, 4, 2, 4, 1, 1, 3, 0], [4, 2]);
    expectVmapMatchesLoop((a, i) => np.index(a, i, '::-1', null), [x(), idx], [0, 0]);
    expectVmapMatchesLoop((a, i) => np.index(a, ':', i), [x(), ints([2, 0, 1], [3])], [0, null]);
    expectVmapMatchesLoop((a, i) => np.index(a, 1, i), [x(), idx], [null, 0]);
  });

  it('vmap of an embedding lookup: a shared table, batched token ids', () => {
    const table = random.normal(random.key(1), [10, 4]);
    const tokens = ints([1, 9, 3, 3, 0, 7], [3, 2]);
    expectVmapMatchesLoop((t, ids) => np.take(t, ids, 0), [table, tokens], [null, 0]);
    tf.tidy(() => {
      const batched = vmap((ids: NDArray) => np.take(table, ids, 0))(tokens);
      expectClose(batched, (np.take(table, tokens, 0) as tf.Tensor).arraySync());
    });
  });

  it('vmap of .at[] updates with batched operands, indices and values', () => {
    const idx = ints([1, 1, 4, 0, 2, 2], [3, 2]);
    const v = random.normal(random.key(2), [3, 2, 3]);
    const base = random.normal(random.key(3), [3, 5, 3]);
    expectVmapMatchesLoop((a, i, u) => np.at(a, i).add(u), [base, idx, v], [0, 0, 0]);
    expectVmapMatchesLoop((a, i, u) => np.at(a, i).set(u), [np.index(base, 0), idx, v], [null, 0, 0]);
    expectVmapMatchesLoop((a, i, u) => np.at(a, i).max(u), [base, idx, v], [0, null, 0]);
    expectVmapMatchesLoop((a, u) => np.at(a, '1:3', 0).multiply(u), [base, np.ones([3, 2])], [0, 0]);
  });

  it('vmap of takeAlongAxis, sort, argsort, cumsum, cumprod, einsum, pad, split and tril', () => {
    expectVmapMatchesLoop((a) => np.takeAlongAxis(a, np.argsort(a, 0), 0), [x()], [0]);
    expectVmapMatchesLoop((a) => np.sort(a, 1, { descending: true }), [x()], [0]);
    expectVmapMatchesLoop((a) => np.cumsum(a, 0), [x()], [0]);
    expectVmapMatchesLoop((a) => np.cumprod(a, 1), [x()], [0]);
    expectVmapMatchesLoop(
      (a, b) => np.einsum('ij,kj->ik', a, b),
      [x(), random.normal(random.key(6), [5, 3, 4])],
      [0, 2],
    );
    expectVmapMatchesLoop(
      (a) =>
        np.pad(
          a,
          [
            [1, 0],
            [0, 2],
          ],
          { mode: 'reflect' },
        ),
      [x()],
      [2],
    );
    expectVmapMatchesLoop((a) => np.concatenate(np.split(a, [2], 0).reverse()), [x()], [0]);
    expectVmapMatchesLoop((a) => np.tril(a, 1), [x()], [2]);
  });

  it('per-example gradients through take and .at[].add equal the loop of gradients', () => {
    const idx = ints([0, 4, 4, 2, 1, 1], [3, 2]);
    const loss = (table: NDArray, i: NDArray): NDArray =>
      np.sum(np.square(np.at(np.take(table, i, 0), 0).add(np.index(table, 3))));
    const table = random.normal(random.key(4), [5, 3]);
    tf.tidy(() => {
      const perExample = vmap(grad(loss), { inAxes: [null, 0] })(table, idx);
      const expected = np.stack([0, 1, 2].map((b) => grad(loss)(table, np.index(idx, b))));
      expectClose(perExample, (expected as tf.Tensor).arraySync());
      const jitted = jit(vmap(grad(loss), { inAxes: [null, 0] }))(table, idx);
      expectClose(jitted, (expected as tf.Tensor).arraySync());
    });
  });

  it('a jitted step with indexing and updates keeps memory flat', () => {
    const step = jit(
      (state: NDArray, ids: NDArray) => np.at(state, ids).add(np.multiply(np.take(state, ids, 0), -0.5)),
      { donateArgnums: 0 },
    );
    let state = random.normal(random.key(5), [6, 2]);
    const ids = ints([1, 3, 3], [3]);
    state = step(state, ids);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) state = step(state, ids);
    expect(tf.memory().numTensors).to.equal(before);
    tf.dispose([state as tf.Tensor, ids as tf.Tensor]);
  });
});
