import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {
  dispose,
  shapes,
  treeDefToString,
  treeFlatten,
  treeLeaves,
  treeMap,
  treeStructure,
  treeUnflatten,
} from '../../src/core/tree';

describe('core/tree', () => {
  it('flattens objects in sorted key order, arrays in index order, and skips null', () => {
    const [leaves, def] = treeFlatten({ b: [1, 2], a: 3, c: null });
    expect(leaves).to.deep.equal([3, 1, 2]);
    expect(treeDefToString(def)).to.equal('{a: *, b: [*, *], c: null}');
  });

  it('unflattens to the same structure with new leaves', () => {
    const def = treeStructure({ x: [1, { y: 2 }] });
    expect(treeUnflatten(def, ['p', 'q'])).to.deep.equal({ x: ['p', { y: 'q' }] });
    expect(() => treeUnflatten(def, ['p'])).to.throw(/too few leaves/);
    expect(() => treeUnflatten(def, ['p', 'q', 'r'])).to.throw(/2 leaves but 3/);
  });

  it('treats class instances (tensors) as leaves', () => {
    const t = tf.scalar(1);
    expect(treeLeaves({ t })).to.deep.equal([t]);
    t.dispose();
  });

  it('maps over several trees of one structure, whatever their key order', () => {
    expect(treeMap((a: number, b: number) => a + b, { a: 1, b: 2 }, { b: 20, a: 10 })).to.deep.equal({
      a: 11,
      b: 22,
    });
    expect(() => treeMap((a: number) => a, { a: 1 }, { a: 1, b: 2 })).to.throw(
      /tree 1 has structure \{a: \*, b: \*\}/,
    );
  });

  it('maps array leaves to their shapes', () => {
    const params = { dense: { kernel: tf.zeros([3, 4]), bias: tf.zeros([4]) } };
    expect(shapes(params)).to.deep.equal({ dense: { bias: [4], kernel: [3, 4] } });
    dispose(params);
  });

  it('disposes every tensor leaf', () => {
    const before = tf.memory().numTensors;
    const tree = [tf.ones([2]), { x: tf.zeros([3]) }];
    expect(tf.memory().numTensors).to.equal(before + 2);
    dispose(tree);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('names the path of a cycle instead of overflowing the stack', () => {
    const inner: unknown[] = [1];
    const outer = { a: { list: inner } };
    inner.push(outer.a);
    expect(() => treeLeaves(outer)).to.throw(
      TypeError,
      'A tree cannot contain itself: the value at .a.list[1] is the container at .a (a cycle).',
    );
    // The same object twice, side by side, is not a cycle.
    const shared = { w: 1 };
    expect(treeLeaves({ left: shared, right: shared })).to.deep.equal([1, 1]);
  });
});
