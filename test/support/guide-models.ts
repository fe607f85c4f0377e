// The state guide's two models, shared by the linen parity test and the guide's training-loop parity test.
import { nn, np, type NDArray } from '../../src';
import type { Key } from '../../src/core/random';

/** A bias plus a running mean of the inputs (a `batch_stats` variable updated once initialised). */
export class BiasAdderWithRunningMean extends nn.Module<{ momentum?: number }> {
  readonly momentum = this.attr('momentum', 0.9);

  call(x: NDArray): NDArray {
    const isInitialized = this.hasVariable('batch_stats', 'mean');
    const mean = this.variable(
      'batch_stats',
      'mean',
      (shape: number[]): NDArray => np.zeros(shape),
      x.shape.slice(1),
    );
    const bias = this.param('bias', (_rng: Key, shape: number[]) => np.zeros(shape), x.shape.slice(1));
    if (isInitialized) {
      mean.value = np.add(
        np.multiply(this.momentum, mean.value),
        np.multiply(1 - this.momentum, np.mean(x, { axis: 0, keepdims: true })),
      );
    }
    return np.add(mean.value, bias);
  }
}

/** Dense → BatchNorm (over the vmap axis 'batch') → relu, twice, then Dense: the guide's vmap example. */
export class StateMLP extends nn.Module<{ hiddenSize: number; outSize: number }> {
  readonly hiddenSize = this.attr('hiddenSize');
  readonly outSize = this.attr('outSize');

  call(x: NDArray, train = false): NDArray {
    const norm = nn.partial(nn.BatchNorm, {
      useRunningAverage: !train,
      momentum: 0.9,
      epsilon: 1e-5,
      axisName: 'batch',
    });
    let h = new nn.Dense({ features: this.hiddenSize }).call(x);
    h = nn.relu(norm().call(h));
    h = new nn.Dense({ features: this.hiddenSize }).call(h);
    h = nn.relu(norm().call(h));
    return new nn.Dense({ features: this.outSize }).call(h);
  }
}
