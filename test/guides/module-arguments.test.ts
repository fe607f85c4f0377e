// notebooks/en/01_module_arguments: every dropout mask and model output the notebook prints, with its keys and
// inputs, against what flax 0.12.8 gives for the same modules written in Python (test/parity/guides.py).
import { nn, np, random, type NDArray } from '../../src';
import fixture from '../parity/fixtures/guides.json';
import { expectClose, FLOAT32_PARITY } from '../support/close';

type DropoutTemplate = () => nn.Dropout;

class ResidualBlock extends nn.Module<{ dropout: DropoutTemplate }> {
  readonly dropout = this.attr('dropout');
  call(h: NDArray): NDArray {
    const width = h.shape[h.shape.length - 1];
    return this.dropout().call(nn.relu(new nn.Dense({ features: width }).call(h)));
  }
}

class ResidualModel extends nn.Module<{ dropRate: number }> {
  readonly dropRate = this.attr('dropRate');
  call(h: NDArray, train: boolean): NDArray {
    const dropout = nn.partial(nn.Dropout, { rate: this.dropRate, deterministic: !train });
    for (let i = 0; i < 10; i++) h = np.add(h, new ResidualBlock({ dropout }).call(h));
    return h;
  }
}

class SetupModule extends nn.Module<{ dropRate: number }> {
  readonly dropRate = this.attr('dropRate');
  dropout!: nn.Dropout;
  override setup(): void {
    this.dropout = new nn.Dropout({ rate: this.dropRate });
  }
  call(h: NDArray, train: boolean): NDArray {
    return this.dropout.call(h, !train);
  }
}

class MyDropout extends nn.Module<{ rate: number; deterministic?: boolean }> {
  readonly rate = this.attr('rate');
  readonly deterministic = this.attr('deterministic', undefined);
  call(h: NDArray, deterministic?: boolean): NDArray {
    const resolved = nn.mergeParam('deterministic', this.deterministic, deterministic);
    return new nn.Dropout({ rate: this.rate, deterministic: resolved }).call(h);
  }
}

describe('guides: module arguments (parity with flax 0.12.8)', () => {
  const expected = fixture.module_arguments;
  let ones: NDArray;
  let row: NDArray;
  const dropoutKey = { rngs: { dropout: random.key(2) } };

  before(() => {
    ones = np.ones([2, 6]);
    row = np.ones([1, 6]);
  });

  it("draws flax's Dropout mask, also from a setup field, inside MyDropout and from an explicit key", () => {
    const half = new nn.Dropout({ rate: 0.5 });
    expectClose(half.apply({}, [ones, false], dropoutKey), expected.dropout, FLOAT32_PARITY, 'Dropout');
    const setup = new SetupModule({ dropRate: 0.5 }).apply({}, [ones, true], dropoutKey);
    expectClose(setup, expected.setup_train, FLOAT32_PARITY, 'SetupModule');
    const mine = new MyDropout({ rate: 0.5 }).apply({}, [row, false], dropoutKey);
    expectClose(mine, expected.my_dropout_train, FLOAT32_PARITY, 'MyDropout');
    const explicit = half.apply({}, [row, false, random.key(2)]);
    expectClose(explicit, expected.explicit_key_train, FLOAT32_PARITY, 'explicit key');
  });

  it('gives the ten-block residual model the outputs of flax in both modes', () => {
    const features = random.normal(random.key(3), [2, 4]);
    expectClose(features, expected.features, FLOAT32_PARITY, 'features');
    const model = new ResidualModel({ dropRate: 0.5 });
    const variables = model.init(random.key(4), [features, false]);
    expectClose(model.apply(variables, [features, false]), expected.residual_eval, FLOAT32_PARITY, 'eval');
    const train = model.apply(variables, [features, true], { rngs: { dropout: random.key(5) } });
    expectClose(train, expected.residual_train, FLOAT32_PARITY, 'train');
  });
});
