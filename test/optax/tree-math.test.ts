import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '../../src/core/tree';
import {
  biasCorrection,
  copyTree,
  safeIncrement,
  updateMoment,
  zeroCount,
  zerosLikeTree,
} from '../../src/optax/tree-math';
import { treeValues, values } from './support';

describe('optax tree math', () => {
  it('zerosLikeTree keeps structure, shapes and dtypes', () => {
    const tree = { w: tf.ones([2, 3]), n: tf.tensor([1, 2], [2], 'int32') };
    const zeros = zerosLikeTree(tree) as { w: tf.Tensor; n: tf.Tensor };
    expect(zeros.w.shape).to.deep.equal([2, 3]);
    expect(zeros.n.dtype).to.equal('int32');
    expect(treeValues(zeros)).to.deep.equal([
      [0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    dispose([tree, zeros]);
  });

  it('copyTree gives independent handles on the same values', () => {
    const tree = { a: tf.tensor([4, 5]) };
    const copy = copyTree(tree) as { a: tf.Tensor };
    expect(copy.a).to.not.equal(tree.a);
    copy.a.dispose();
    expect(values(tree.a)).to.deep.equal([4, 5]);
    dispose(tree);
  });

  it('safeIncrement counts up from zeroCount and stops at the int32 maximum', () => {
    const zero = zeroCount();
    expect(zero.dtype).to.equal('int32');
    const one = safeIncrement(zero);
    const max = tf.scalar(2 ** 31 - 1, 'int32');
    const stuck = safeIncrement(max);
    expect(values(one)).to.deep.equal([1]);
    expect(values(stuck)).to.deep.equal([2 ** 31 - 1]);
    dispose([zero, one, max, stuck]);
  });

  it('updateMoment is (1 − decay)·g^order + decay·t', () => {
    const g = [0.5, -2, 3];
    const t = [1, 0.25, -1];
    const [gs, ts] = [tf.tensor(g), tf.tensor(t)];
    const first = updateMoment(gs, ts, 0.9, 1);
    const second = updateMoment(gs, ts, 0.9, 2);
    const want1 = g.map((x, i) => 0.1 * x + 0.9 * t[i]);
    const want2 = g.map((x, i) => 0.1 * x * x + 0.9 * t[i]);
    values(first).forEach((v, i) => expect(v).to.be.closeTo(want1[i], 1e-6));
    values(second).forEach((v, i) => expect(v).to.be.closeTo(want2[i], 1e-6));
    dispose([gs, ts, first, second]);
  });

  it('biasCorrection divides by 1 − decay^count', () => {
    const m = tf.tensor([0.3, -0.6]);
    const count = tf.scalar(3, 'int32');
    const corrected = biasCorrection({ m }, 0.9, count) as { m: tf.Tensor };
    const factor = 1 - 0.9 ** 3;
    values(corrected.m).forEach((v, i) => expect(v).to.be.closeTo([0.3, -0.6][i] / factor, 1e-6));
    dispose([m, count, corrected]);
  });
});
