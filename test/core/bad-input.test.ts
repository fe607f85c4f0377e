// Bad input to np.array and the np functions gets a clear TypeError naming what was found, never NaN; typed arrays
// tfjs does not store (Float64Array, Int16Array) are accepted with their values; a disposed array says so.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, random, type ArrayLike } from '../../src';

describe('core: bad input to np', () => {
  const bad = (value: unknown): ArrayLike => value as ArrayLike;

  it('names strings, undefined, null, plain objects and lists of arrays', () => {
    expect(() => np.array(bad('abc'))).to.throw(TypeError, 'Cannot make an array from a string ("abc")');
    expect(() => np.array(bad(undefined))).to.throw(TypeError, 'Cannot make an array from undefined');
    expect(() => np.array(bad(null))).to.throw(TypeError, 'Cannot make an array from null');
    expect(() => np.array(bad({ a: 1 }))).to.throw(TypeError, 'an object with keys [a]');
    expect(() => np.array(bad([1, [2, 'x']]))).to.throw(TypeError, 'a string ("x") at [1][1]');
    tf.tidy(() => {
      expect(() => np.array(bad([np.ones([2]), np.ones([2])]))).to.throw(
        TypeError,
        'stack them with np.stack',
      );
      expect(() => np.add(bad('a'), 1)).to.throw(TypeError, 'a string ("a")');
      expect(() => np.add(bad(undefined), 1)).to.throw(TypeError, 'undefined');
      expect(() => np.add(1, bad({}))).to.throw(TypeError, 'an object');
    });
  });

  it('accepts typed arrays tfjs does not store, with their values', () => {
    tf.tidy(() => {
      const doubles = np.array(bad(new Float64Array([1.5, -2])));
      expect([doubles.dtype, (doubles as tf.Tensor).arraySync()]).to.deep.equal(['float32', [1.5, -2]]);
      const shorts = np.array(bad(new Int16Array([3, -4])));
      expect([shorts.dtype, (shorts as tf.Tensor).arraySync()]).to.deep.equal(['int32', [3, -4]]);
    });
  });

  it('says a disposed array was disposed', () => {
    const gone = np.ones([2]);
    (gone as tf.Tensor).dispose();
    expect(() => np.add(gone, 1)).to.throw(/has been disposed/);
  });
});

describe('core: sizes too large to allocate fail fast', () => {
  it('arange and linspace name the size', () => {
    expect(() => np.arange(0, Infinity)).to.throw(RangeError, 'arange: Infinity elements');
    expect(() => np.linspace(0, 1, 1e9)).to.throw(RangeError, 'linspace: 1000000000 elements');
  });

  it('random.split and the samplers name the size instead of filling gigabytes of key words', () => {
    const key = random.key(0);
    expect(() => random.split(key, 2 ** 31)).to.throw(RangeError, 'split: 2147483648 elements');
    expect(() => random.normal(key, [2 ** 20, 2 ** 20])).to.throw(RangeError, '1099511627776 elements');
  });
});
