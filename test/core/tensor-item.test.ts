// item(): JAX's scalar accessor on tensors and tracers.
import { expect } from 'chai';
import { ConcretizationError, jit, np, type NDArray } from '../../src';

describe('core/tensor-item', () => {
  it('gives the value of a one-element array as a number', () => {
    expect(np.array(2.5).item()).to.equal(2.5);
    expect(np.array([[7]], { dtype: 'int32' }).item()).to.equal(7);
    expect(np.array(true).item()).to.equal(1);
  });

  it('refuses arrays of other sizes, naming the shape', () => {
    expect(() => np.ones([2, 3]).item()).to.throw(
      TypeError,
      'item() needs an array of size 1 (a scalar), but this one has shape [2, 3].',
    );
  });

  it('is a concretization error on a traced value, as in JAX', () => {
    expect(() => jit((x: NDArray) => np.multiply(x, x.item()))(np.array(3))).to.throw(
      ConcretizationError,
      /item\(\)/,
    );
  });
});
