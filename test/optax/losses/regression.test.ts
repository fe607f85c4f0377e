import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { vmap, type NDArray } from '../../../src/core';
import { dispose } from '../../../src/core/tree';
import { l2Loss, squaredError } from '../../../src/optax';
import { values } from '../support';

describe('optax squaredError and l2Loss', () => {
  const p = [1.5, -2, 0.25];
  const t = [1, 1, 0];

  it('are (p − t)² and half of it, elementwise; targets default to zero', () => {
    const [pt, tt] = [tf.tensor(p), tf.tensor(t)];
    const outs = [squaredError(pt, tt), l2Loss(pt, tt), squaredError(pt), l2Loss(pt)];
    const square = (x: number) => x * x;
    expect(values(outs[0])).to.deep.equal(p.map((x, i) => square(x - t[i])));
    expect(values(outs[1])).to.deep.equal(p.map((x, i) => 0.5 * square(x - t[i])));
    expect(values(outs[2])).to.deep.equal(p.map(square));
    expect(values(outs[3])).to.deep.equal(p.map((x) => 0.5 * square(x)));
    dispose([pt, tt, outs]);
  });

  it('work per example under vmap', () => {
    const [pt, tt] = [tf.tensor([p, t]), tf.tensor([t, p])];
    const mapped = vmap((a: NDArray, b: NDArray) => l2Loss(a, b))(pt, tt);
    const direct = l2Loss(pt, tt);
    expect(values(mapped)).to.deep.equal(values(direct));
    dispose([pt, tt, mapped, direct]);
  });

  it('refuse to broadcast mismatched shapes, naming both', () => {
    const [a, b] = [tf.zeros([3]), tf.zeros([3, 1])];
    expect(() => squaredError(a, b)).to.throw('Shape mismatch: got [3] and [3, 1].');
    expect(() => l2Loss(a, b)).to.throw('Shape mismatch');
    dispose([a, b]);
  });
});
