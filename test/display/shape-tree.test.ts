import { expect } from 'chai';
import { formatShapeTree } from '../../src/display/shape-tree';

describe('display/shape-tree', () => {
  it('prints a variables tree on one line with keys sorted like Flax', () => {
    const tree = { params: { Dense_0: { kernel: [3, 4], bias: [4] } } };
    expect(formatShapeTree(tree)).to.equal('{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }');
  });

  it('sorts collections and modules too, and prints scalars as []', () => {
    const tree = {
      params: { BatchNorm_0: { scale: [2], bias: [2] } },
      batch_stats: { BatchNorm_0: { var: [2], mean: [] } },
    };
    expect(formatShapeTree(tree, { width: 120 })).to.equal(
      '{ batch_stats: { BatchNorm_0: { mean: [], var: [2] } }, params: { BatchNorm_0: { bias: [2], scale: [2] } } }',
    );
  });

  it('splits a tree wider than the line over indented lines, keeping short subtrees on one line', () => {
    const tree = {
      params: { Dense_0: { bias: [4], kernel: [3, 4] }, Dense_1: { bias: [1], kernel: [4, 1] } },
    };
    expect(formatShapeTree(tree, { width: 50 })).to.equal(
      [
        '{',
        '  params: {',
        '    Dense_0: { bias: [4], kernel: [3, 4] },',
        '    Dense_1: { bias: [1], kernel: [4, 1] },',
        '  },',
        '}',
      ].join('\n'),
    );
  });

  it('quotes keys that are not identifiers and prints lists of subtrees and non-shape leaves', () => {
    const tree = { 'my-layer': [{ w: [2] }, 'none'], step: 3, empty: {} };
    expect(formatShapeTree(tree)).to.equal("{ empty: {}, 'my-layer': [{ w: [2] }, 'none'], step: 3 }");
  });
});
