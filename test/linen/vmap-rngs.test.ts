// Per-example randomness under vmap, as in Flax: one split key per example reaches each module through `rngs`,
// and Dropout, RReLU and initializers draw through the vmap-aware random functions. Dropout's masks and Dense's
// initial kernels are checked against flax 0.12.8 under jax.vmap (fixtures/edges.json, from test/parity/edges.py).
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { nn, np, random, vmap, type NDArray } from '../../src';
import fixture from '../parity/fixtures/edges.json';
import { expectClose } from '../support/close';

const { vmapRngs } = fixture;

describe('linen: per-example rngs under vmap', () => {
  it("Dropout with one split key per example gives flax's masks", () => {
    tf.tidy(() => {
      const model = new nn.Dropout({ rate: vmapRngs.dropoutRate });
      const xs = np.array(vmapRngs.xs);
      const keys = random.split(random.key(vmapRngs.dropoutKeySeed), xs.shape[0]);
      const perExample = vmap((x: NDArray, k: random.Key) =>
        model.apply({}, [x, false], { rngs: { dropout: k } }),
      );
      expectClose(perExample(xs, keys), vmapRngs.dropout);
    });
  });

  it("Dense's init mapped over split keys gives flax's kernels", () => {
    tf.tidy(() => {
      const dense = new nn.Dense({ features: 2 });
      const keys = random.split(random.key(vmapRngs.initKeySeed), vmapRngs.denseKernels.length);
      const init = vmap(
        (k: random.Key) => (dense.init(k, [np.ones([3])]).params as { kernel: NDArray }).kernel,
      );
      expectClose(init(keys), vmapRngs.denseKernels);
    });
  });

  it('RReLU draws its slopes per example', () => {
    tf.tidy(() => {
      const rrelu = new nn.RReLU();
      const xs = np.full([3, 4], -1);
      const keys = random.split(random.key(2), 3);
      const slopes = vmap((x: NDArray, k: random.Key): NDArray =>
        rrelu.apply({}, [x, false], { rngs: { rrelu: k } }),
      )(xs, keys);
      const rows = (slopes as tf.Tensor).arraySync() as number[][];
      const [k0, k1, k2] = keys;
      const single = rows.map((_, i) =>
        (
          rrelu.apply({}, [np.index(xs, i), false], {
            rngs: { rrelu: [k0, k1, k2][i] },
          }) as tf.Tensor
        ).arraySync(),
      );
      expect(rows).to.deep.equal(single);
      expect(new Set(rows.map((r) => r.join())).size).to.equal(3);
    });
  });
});
