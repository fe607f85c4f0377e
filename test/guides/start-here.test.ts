// notebooks/en/00_start_here: the keys, the Dense layer's output and DenseRelu's output the notebook prints, with
// its keys and input, against what jax 0.10.2 / flax 0.12.8 give (test/parity/guides.py).
import { expect } from 'chai';
import { nn, random, type NDArray } from '../../src';
import fixture from '../parity/fixtures/guides.json';
import { expectClose, FLOAT32_PARITY } from '../support/close';

class DenseRelu extends nn.Module<{ features: number }> {
  readonly features = this.attr('features');
  call(input: NDArray): NDArray {
    return nn.relu(new nn.Dense({ features: this.features }).call(input));
  }
}

describe('guides: start here (parity with jax 0.10.2 and flax 0.12.8)', () => {
  const expected = fixture.start_here;
  const [paramsKey, dataKey] = random.split(random.key(0));

  it('splits key(0) into the words jax prints', () => {
    expect([random.keyData(paramsKey), random.keyData(dataKey)]).to.deep.equal(expected.keys);
  });

  it("gives Dense's and DenseRelu's outputs for the same keys and input", () => {
    const x = random.normal(dataKey, [2, 3]);
    expectClose(x, expected.x, FLOAT32_PARITY, 'x');
    const dense = new nn.Dense({ features: 4 });
    expectClose(dense.apply(dense.init(paramsKey, [x]), [x]), expected.dense, FLOAT32_PARITY, 'Dense');
    const block = new DenseRelu({ features: 2 });
    expectClose(
      block.apply(block.init(paramsKey, [x]), [x]),
      expected.dense_relu,
      FLOAT32_PARITY,
      'DenseRelu',
    );
  });
});
