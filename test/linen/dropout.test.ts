// Dropout's modes and edge cases (the masks themselves are checked against flax in parity.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { np, vmap, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';

describe('linen/dropout', () => {
  let x: tf.Tensor;
  beforeEach(() => {
    x = tf.reshape(tf.range(1, 25), [4, 6]);
  });

  it('deterministic, or rate 0, returns the input itself; rate 1 returns zeros', () => {
    expect(new nn.Dropout({ rate: 0.5 }).apply({}, [x, true])).to.equal(x);
    expect(new nn.Dropout({ rate: 0, deterministic: false }).apply({}, [x])).to.equal(x);
    const zeros = new nn.Dropout({ rate: 1 }).apply({}, [x, false]);
    expect(zeros.arraySync()).to.deep.equal(tf.zerosLike(x).arraySync());
  });

  it('keeps elements scaled by 1/(1 - rate) and zeroes the rest; broadcastDims share the mask', () => {
    const y = new nn.Dropout({ rate: 0.25 }).apply({}, [x, false], {
      rngs: { dropout: key(0) },
    }) as tf.Tensor;
    const kept = tf.notEqual(y, 0);
    const expected = tf.where(kept, tf.div(x, 0.75), tf.zerosLike(x));
    expect(y.arraySync()).to.deep.equal(expected.arraySync());
    const rows = new nn.Dropout({ rate: 0.5, broadcastDims: [0] }).apply({}, [x, false], {
      rngs: { dropout: key(1) },
    }) as tf.Tensor;
    const mask = tf.notEqual(rows, 0).arraySync() as number[][];
    for (const row of mask) expect(row).to.deep.equal(mask[0]);
  });

  it("an explicit rng overrides the stream; the 'dropout' stream falls back to 'params'", () => {
    const layer = new nn.Dropout({ rate: 0.5 });
    const withRng = layer.apply({}, [x, false, key(3)]);
    const fromStream = layer.apply({}, [x, false], { rngs: { dropout: key(3) } });
    const fromParams = layer.apply({}, [x, false], { rngs: key(3) });
    expect(fromStream.arraySync()).to.deep.equal(fromParams.arraySync());
    expect(withRng.arraySync()).to.not.deep.equal(fromStream.arraySync());
  });

  it('rejects a rate outside [0, 1] when constructed', () => {
    expect(() => new nn.Dropout({ rate: 1.5 })).to.throw(
      RangeError,
      'Dropout: the attribute "rate" must be a number in [0, 1], got 1.5.',
    );
  });

  it('under vmap with one (unbatched) key every example gets the same mask, as in jax', () => {
    const layer = new nn.Dropout({ rate: 0.5 });
    const perExample = (row: NDArray): NDArray =>
      layer.apply({}, [np.onesLike(row), false], { rngs: { dropout: key(2) } });
    const masks = vmap(perExample)(x) as tf.Tensor;
    const rows = masks.arraySync() as number[][];
    for (const row of rows) expect(row).to.deep.equal(rows[0]);
  });
});
