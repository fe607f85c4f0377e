/**
 * The state guide's MLP: Dense → BatchNorm → relu, twice, then Dense. BatchNorm averages its statistics over the
 * `vmap` axis named 'batch', so the model is written for one example and mapped over the batch, as in Flax's guide.
 */
import { nn, type NDArray } from 'flax-ts';

export class MLP extends nn.Module<{ hiddenSize: number; outSize: number }> {
  readonly hiddenSize = this.attr('hiddenSize');
  readonly outSize = this.attr('outSize');

  call(x: NDArray, train = false): NDArray {
    const norm = nn.partial(nn.BatchNorm, {
      useRunningAverage: !train,
      momentum: 0.9,
      epsilon: 1e-5,
      axisName: 'batch',
    });
    x = nn.relu(norm().call(new nn.Dense({ features: this.hiddenSize }).call(x)));
    x = nn.relu(norm().call(new nn.Dense({ features: this.hiddenSize }).call(x)));
    return new nn.Dense({ features: this.outSize }).call(x);
  }
}
