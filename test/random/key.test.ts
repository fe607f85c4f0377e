import { expect } from 'chai';
import { foldIn, Key, key, keyData, PRNGKey, split, singleKeyWords } from '../../src/random/key';

describe('random/key', () => {
  it('key(seed) is a single key holding [0, seed mod 2³²], the same for number and bigint seeds', () => {
    const k = key(42);
    expect(k.shape).to.deep.equal([]);
    expect(Array.from(k.data)).to.deep.equal([0, 42]);
    expect(keyData(key(42n))).to.deep.equal(keyData(k));
    expect(keyData(key(2 ** 32 + 42))).to.deep.equal(keyData(k));
    expect(keyData(key(-1))).to.deep.equal([0, 2 ** 32 - 1]);
    expect(keyData(key(-(2n ** 63n)))).to.deep.equal(keyData(key(0)));
  });

  it('PRNGKey gives the same key as key', () => {
    for (const seed of [0, 7, -3, 2 ** 40 + 1])
      expect(keyData(PRNGKey(seed))).to.deep.equal(keyData(key(seed)));
  });

  it('rejects seeds that are not integers or do not fit in int64, and keys passed as seeds', () => {
    expect(() => key(1.5)).to.throw(TypeError, 'key: PRNG key seed must be an integer; got 1.5.');
    expect(() => key(NaN)).to.throw(TypeError, 'must be an integer');
    expect(() => PRNGKey(2 ** 63)).to.throw(
      RangeError,
      'PRNGKey: seed 9223372036854775808 does not fit in int64.',
    );
    expect(() => key(2n ** 63n)).to.throw(RangeError, 'does not fit in int64');
    expect(() => key(key(0) as unknown as number)).to.throw(
      TypeError,
      'key accepts a scalar seed, but was given a PRNG key.',
    );
  });

  it('is immutable: data is a copy and the shape is frozen', () => {
    const k = split(key(0), 3);
    const words = k.data;
    words[0] = 123;
    expect(k.data[0]).not.to.equal(123);
    expect(Object.isFrozen(k.shape)).to.be.true;
    const source = new Uint32Array([1, 2]);
    const wrapped = new Key([], source);
    source[0] = 9;
    expect(keyData(wrapped)).to.deep.equal([1, 2]);
  });

  it('checks that raw data fits the shape', () => {
    expect(() => new Key([2], new Uint32Array(2))).to.throw(
      'A key array of shape [2] needs 4 uint32 words, got 2.',
    );
  });

  it('split gives num distinct keys of shape [num], deterministically; also a key array of a given shape', () => {
    const keys = split(key(0), 5);
    expect(keys.shape).to.deep.equal([5]);
    const rows = keyData(keys) as number[][];
    expect(new Set(rows.map((r) => r.join())).size).to.equal(5);
    expect(keyData(split(key(0), 5))).to.deep.equal(rows);
    expect(split(key(0)).shape).to.deep.equal([2]);
    expect(split(key(0), [2, 3]).shape).to.deep.equal([2, 3]);
    expect(split(key(0), 0).shape).to.deep.equal([0]);
  });

  it('split(k, n)[i] is foldIn(k, i): both hash the counter (0, i) under k', () => {
    const k = key(1234);
    const keys = split(k, 4);
    for (let i = 0; i < 4; i++) expect(keyData(keys.at(i))).to.deep.equal(keyData(foldIn(k, i)));
  });

  it('destructures and indexes a key array like jax (k1, k2 = split(key)), incl. negative indices', () => {
    const keys = split(key(7), 3);
    const [a, b, c] = keys;
    expect([a, b, c].map(keyData)).to.deep.equal(keyData(keys));
    expect(keyData(keys.at(-1))).to.deep.equal(keyData(c));
    expect(split(key(7), [2, 3]).at(1).shape).to.deep.equal([3]);
  });

  it('names bad indexing: out of bounds, or indexing and iterating a single key', () => {
    const keys = split(key(0));
    expect(() => keys.at(2)).to.throw(RangeError, 'index 2 is out of bounds for axis 0 with size 2');
    expect(() => keys.at(-3)).to.throw(RangeError, 'index -3 is out of bounds');
    expect(() => key(0).at(0)).to.throw(TypeError, 'Too many indices: the key array is 0-dimensional');
    expect(() => [...key(0)]).to.throw(TypeError, 'iteration over a 0-d key array');
  });

  it('split and foldIn accept only a single key, with jax wording', () => {
    const keys = split(key(0));
    expect(() => split(keys)).to.throw(
      'split accepts a single key, but was given a key array of shape [2] != []. Use vmap for batching.',
    );
    expect(() => foldIn(keys, 1)).to.throw(
      'foldIn accepts a single key, but was given a key array of shape [2]',
    );
    expect(() => split(42 as unknown as Key)).to.throw(TypeError, 'split expects a PRNG key');
    expect(() => split(key(0), -1)).to.throw(
      TypeError,
      'split: shapes must be arrays of non-negative integers, got [-1].',
    );
  });

  it('foldIn derives distinct keys for distinct 32-bit data and rejects other data', () => {
    const k = key(0);
    const derived = [0, 1, 2 ** 31, 2 ** 32 - 1].map((d) => keyData(foldIn(k, d)).join());
    expect(new Set(derived).size).to.equal(4);
    expect(foldIn(k, 5).shape).to.deep.equal([]);
    for (const bad of [-1, 2 ** 32, 1.5]) {
      expect(() => foldIn(k, bad)).to.throw(
        RangeError,
        `foldIn data must be an integer in [0, 2**32); got ${bad}.`,
      );
    }
  });

  it('keyData nests the words as [...shape, 2]; toString shows shape and words', () => {
    const keys = split(key(0), [2, 3]);
    const nested = keyData(keys) as number[][][];
    expect([nested.length, nested[0].length, nested[0][0].length]).to.deep.equal([2, 3, 2]);
    expect(nested.flat(2)).to.deep.equal(Array.from(keys.data));
    expect(String(key(3))).to.equal('Key(shape=[], data=[0, 3])');
    const pair = split(key(0));
    expect(String(pair)).to.equal(
      `Key(shape=[2], data=${JSON.stringify(keyData(pair)).replace(/,/g, ', ')})`,
    );
  });

  it('singleKeyWords returns the two words of a single key', () => {
    expect(singleKeyWords('test', key(9))).to.deep.equal([0, 9]);
  });
});
