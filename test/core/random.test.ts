// The public random namespace: straight through outside vmap, one key per example inside it.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { np, random, vmap, type NDArray } from '../../src';
import * as sampling from '../../src/random';

const values = (x: unknown): unknown => (x as tf.Tensor).arraySync();

describe('core/random', () => {
  it('calls the samplers directly on concrete keys', () => {
    const k = random.key(3);
    expect(values(random.uniform(k, [4]))).to.deep.equal(values(sampling.uniform(k, [4])));
    expect(random.keyData(random.foldIn(k, 7))).to.deep.equal(sampling.keyData(sampling.foldIn(k, 7)));
  });

  it('samples once per example key under vmap, as jax.vmap of the sampler does', () => {
    const keys = random.split(random.key(0), 4);
    const batched = vmap((k: random.Key) => random.normal(k, [2, 3]))(keys);
    const oneByOne = np.stack([...keys].map((k) => sampling.normal(k, [2, 3])));
    expect(batched.shape).to.deep.equal([4, 2, 3]);
    expect(values(batched)).to.deep.equal(values(oneByOne));
  });

  it('splits and folds in per example, and destructures split keys inside vmap', () => {
    const keys = random.split(random.key(1), 3);
    const drawn = vmap((k: random.Key) => {
      const [a, b] = random.split(k);
      return np.stack([random.uniform(a), random.uniform(random.foldIn(b, 5))]);
    })(keys);
    const expected = [...keys].map((k) => {
      const [a, b] = sampling.split(k);
      return [sampling.uniform(a).arraySync(), sampling.uniform(sampling.foldIn(b, 5)).arraySync()];
    });
    expect(values(drawn)).to.deep.equal(expected);
  });

  it('returns batched key arrays from vmap', () => {
    const keys = random.split(random.key(2), 2);
    const children = vmap((k: random.Key) => random.split(k, 3))(keys);
    expect(children.shape).to.deep.equal([2, 3]);
    expect(random.keyData(children.at(1).at(2))).to.deep.equal(
      random.keyData(sampling.split(keys.at(1), 3).at(2)),
    );
  });

  it('maps keys against data, with bernoulli masks per example', () => {
    const keys = random.split(random.key(4), 2);
    const x = np.ones([2, 5]);
    const masked = vmap((k: random.Key, row: NDArray) => np.where(random.bernoulli(k, 0.5, [5]), row, 0))(
      keys,
      x,
    );
    const expected = [...keys].map((k) =>
      (sampling.bernoulli(k, 0.5, [5]).arraySync() as number[]).map(Number),
    );
    expect(values(masked)).to.deep.equal(expected);
  });

  it('keeps single-key errors for key arrays passed outside vmap', () => {
    expect(() => random.uniform(random.split(random.key(0)), [2])).to.throw(
      /uniform accepts a single key, but was given a key array of shape \[2\] != \[\]. Use vmap for batching./,
    );
  });
});
