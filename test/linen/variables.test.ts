// Variable dicts: reading one variable by its path, with errors that name the path.
import { expect } from 'chai';
import { np, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';

class DenseThenNorm extends nn.Module<object, 'params' | 'batch_stats'> {
  call(x: NDArray): NDArray {
    return new nn.BatchNorm({ useRunningAverage: false }).call(new nn.Dense({ features: 2 }).call(x));
  }
}

describe('linen/variables: readVariable', () => {
  let variables: nn.InitVariables<'params' | 'batch_stats'>;
  before(() => {
    variables = new DenseThenNorm().init(key(0), [np.ones([3, 4])]);
  });

  it('reads a variable through a collection or through all collections, as the same array', () => {
    const kernel = nn.readVariable(variables.params, 'Dense_0', 'kernel');
    expect(kernel.shape).to.deep.equal([4, 2]);
    expect(nn.readVariable(variables, 'params', 'Dense_0', 'kernel')).to.equal(kernel);
    expect(nn.readVariable(variables.batch_stats, 'BatchNorm_0', 'var').shape).to.deep.equal([2]);
  });

  it('names the missing step and what is there instead', () => {
    expect(() => nn.readVariable(variables.params, 'Dense_1', 'kernel')).to.throw(
      'readVariable: "Dense_1" not found at / (there: Dense_0, BatchNorm_0).',
    );
    expect(() => nn.readVariable(variables.params, 'Dense_0', 'kernel', 'x')).to.throw(
      'readVariable: /Dense_0/kernel is a variable; the path cannot go on to "x".',
    );
  });

  it('a path that stops at a subtree is an error listing its entries', () => {
    expect(() => nn.readVariable(variables.params, 'Dense_0')).to.throw(
      'readVariable: /Dense_0 is a subtree (kernel, bias), not a variable: add the name of one of its entries to ' +
        'the path.',
    );
  });
});
