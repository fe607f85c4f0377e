// The public random namespace under transforms: one key per example inside vmap, traced keys inside jit.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { jit, makeJaxpr, np, random, vmap, type NDArray } from '../../src';

const values = (x: unknown): unknown => (x as tf.Tensor).arraySync();

describe('core/random', () => {
  it('samples once per example key under vmap, as jax.vmap of the sampler does', () => {
    const keys = random.split(random.key(0), 4);
    const batched = vmap((k: random.Key) => random.normal(k, [2, 3]))(keys);
    const oneByOne = np.stack([...keys].map((k) => random.normal(k, [2, 3])));
    expect(batched.shape).to.deep.equal([4, 2, 3]);
    expect(values(batched)).to.deep.equal(values(oneByOne));
  });

  it('splits, folds in and destructures keys inside vmap', () => {
    const keys = random.split(random.key(1), 3);
    const [first, second] = vmap((k: random.Key) => {
      const [a, b] = random.split(random.foldIn(k, 5));
      return [random.uniform(a, [2]), random.uniform(b, [2])];
    })(keys);
    const expected = [...keys].map((k) =>
      [...random.split(random.foldIn(k, 5))].map((s) => random.uniform(s, [2])),
    );
    expect(values(first)).to.deep.equal(values(np.stack(expected.map((e) => e[0]))));
    expect(values(second)).to.deep.equal(values(np.stack(expected.map((e) => e[1]))));
  });

  it('takes keys as traced inputs under jit: new keys give new numbers, equal to eager ones', () => {
    let traces = 0;
    const draw = jit((k: random.Key) => {
      traces += 1;
      const [a, b] = random.split(k);
      return [random.uniform(a, [3]), random.bernoulli(b, 0.5, [4]), random.truncatedNormal(a, -2, 2, [2])];
    });
    for (const seed of [0, 7]) {
      const k = random.key(seed);
      const [a, b] = random.split(k);
      const eager = [
        random.uniform(a, [3]),
        random.bernoulli(b, 0.5, [4]),
        random.truncatedNormal(a, -2, 2, [2]),
      ];
      expect(draw(k).map(values)).to.deep.equal(eager.map(values));
    }
    expect(traces).to.equal(1);
  });

  it('folds a traced step count into a key under jit', () => {
    const stepKey = jit((k: random.Key, step: NDArray) => random.foldIn(k, step));
    const k = random.key(3);
    for (const step of [0, 1, 2 ** 31 + 5]) {
      const traced = stepKey(k, np.array(step | 0, { dtype: 'int32' }));
      expect(random.keyData(traced)).to.deep.equal(random.keyData(random.foldIn(k, step)));
    }
  });

  it('folds a JavaScript number in as a parameter, never as an int32 tensor (WebGL keeps only 24 bits of those)', () => {
    const hash = 0xdeadbeef; // above 2**31, like Flax's module-path hashes
    const jaxpr = makeJaxpr((k: random.Key) => random.foldIn(k, hash))(random.key(0)).toString();
    expect(jaxpr).to.include(`random_fold_in[data=${hash}] a`);
    expect(jaxpr).not.to.match(/i32/);
    const k = random.key(11);
    const viaArray = random.foldIn(k, np.array(hash | 0, { dtype: 'int32' }));
    expect(random.keyData(random.foldIn(k, hash))).to.deep.equal(random.keyData(viaArray));
  });

  it('draws randint, gumbel, categorical, choice and permutation per example under vmap, and under jit', () => {
    const keys = random.split(random.key(4), 3);
    const logits = np.log(
      np.array([
        [0.1, 0.6, 0.3],
        [0.5, 0.25, 0.25],
      ]),
    );
    const rows = np.reshape(np.arange(8), [4, 2]);
    const draw = (k: random.Key, l: NDArray): NDArray[] => {
      const [a, b, c, d, e] = random.split(k, 5);
      return [
        random.randint(a, [4], -3, 9),
        random.gumbel(b, [2]),
        random.categorical(c, l, { shape: [5, 2] }),
        random.choice(d, rows, [3], { replace: false, p: [0.1, 0.2, 0.3, 0.4] }),
        random.permutation(e, rows, 1),
      ];
    };
    const eager = [...keys].map((k) => draw(k, logits));
    const stacked = eager[0].map((_, i) => values(np.stack(eager.map((e) => e[i]))));
    expect(vmap(draw, { inAxes: [0, null] })(keys, logits).map(values)).to.deep.equal(stacked);
    expect(jit(vmap(draw, { inAxes: [0, null] }))(keys, logits).map(values)).to.deep.equal(stacked);
    expect(jit(draw)(keys.at(1), logits).map(values)).to.deep.equal(eager[1].map(values));
  });

  it('lets a loop reassign the key it started from (random.key is typed as the Key split and foldIn return)', () => {
    let key = random.key(5);
    const draws: number[] = [];
    for (let step = 0; step < 3; step++) {
      const [next, sub] = random.split(key);
      key = random.foldIn(next, step);
      draws.push(random.uniform(sub).item());
    }
    expect(new Set(draws).size).to.equal(3);
  });

  it('refuses a traced key in random.bits, whose words live on the host, and names what to use instead', () => {
    expect(random.bits(random.key(0), [2]).data).to.have.length(2);
    expect(() => jit((k: random.Key) => random.bits(k))(random.key(0))).to.throw(
      'random.bits returns host uint32 words and needs a concrete key, but was given a traced one',
    );
  });
});
