// A program as a user writes it in their own project: a model with BatchNorm and Dropout, `init`, `apply` with
// `mutable`, a jitted TrainState step with valueAndGrad that donates the old state, keys split by destructuring.
// strict-user-program.test.ts compiles it against the built package under strict + noUncheckedIndexedAccess +
// exactOptionalPropertyTypes and runs it; no cast and no `!` below.
import { jit, nn, np, optax, random, tidy, training, valueAndGrad, type NDArray } from 'flax-ts';

class Regressor extends nn.Module<{ hidden: number }, 'params' | 'batch_stats'> {
  readonly hidden = this.attr('hidden');

  call(x: NDArray, train: boolean): NDArray {
    let h = new nn.Dense({ features: this.hidden }).call(x);
    h = new nn.BatchNorm({ useRunningAverage: !train, momentum: 0.9 }).call(h);
    h = new nn.Dropout({ rate: 0.1, deterministic: !train }).call(nn.relu(h));
    return new nn.Dense({ features: 1 }).call(h);
  }
}

/** What one run reports: the loss before and after training, and the first layer's kernel. */
export interface RunReport {
  readonly losses: NDArray[];
  readonly kernel: NDArray;
  readonly runningMean: NDArray;
}

/** Trains the regressor on y = sum(x) for `steps` steps. */
export function trainRegressor(steps: number): RunReport {
  const model = new Regressor({ hidden: 8 });
  const x = random.normal(random.key(1), [64, 4]);
  const y = np.sum(x, { axis: -1, keepdims: true });
  const variables = model.init(random.key(0), [x, false]);

  let state = training.TrainState.create({
    applyFn: model.apply,
    params: variables.params,
    batchStats: variables.batch_stats,
    tx: optax.adam(0.05),
  });
  type State = typeof state;

  const mse = (prediction: NDArray): NDArray => np.mean(np.square(np.subtract(prediction, y)));
  // Jitted as in Flax: traced once, then every call runs the staged program; the old state is donated, so the
  // loop below needs no dispose.
  const trainStep = jit(
    (current: State, dropoutKey: random.Key): [State, NDArray] => {
      const lossFn = (params: nn.Collection): [NDArray, nn.Collection] => {
        const [prediction, updates] = current.applyFn(
          { params, batch_stats: current.batchStats },
          [x, true],
          { mutable: ['batch_stats'], rngs: { dropout: dropoutKey } },
        );
        return [mse(prediction), updates.batch_stats];
      };
      const [[loss, batchStats], grads] = valueAndGrad(lossFn, { hasAux: true })(current.params);
      return [current.applyGradients({ grads, batchStats }), loss];
    },
    { donateArgnums: 0 },
  );

  const evaluate = (current: State): NDArray =>
    tidy(() => mse(model.apply({ params: current.params, batch_stats: current.batchStats }, [x, false])));

  const losses = [evaluate(state)];
  let key = random.key(2);
  for (let step = 0; step < steps; step++) {
    // Keys live on the host (JAX's threefry, bit for bit): nothing to dispose.
    const [nextKey, dropoutKey] = random.split(key);
    key = nextKey;
    const [next, loss] = trainStep(state, dropoutKey);
    loss.dispose();
    state = next;
  }
  losses.push(evaluate(state));
  return {
    losses,
    kernel: nn.readVariable(state.params, 'Dense_0', 'kernel'),
    runningMean: nn.readVariable(state.batchStats, 'BatchNorm_0', 'mean'),
  };
}
