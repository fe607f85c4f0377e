/**
 * Guide 05's model (Flax's Quick Start CNN on the 8×8 digits): Conv 16 → relu → avgPool → Conv 32 → relu → avgPool
 * → Dense 64 → relu → Dense 10, softmax cross-entropy on integer labels, SGD with momentum 0.9 and a cosine-decay
 * schedule, as a jitted `TrainState` step with the state donated, as the guide runs it. The images and labels are
 * random (the work, not the numbers, is measured); bench/python_steps.py runs the same step in Flax and TensorFlow.
 */
import { jit, nn, np, optax, random, training, tree, valueAndGrad, type NDArray } from 'flax-ts';
import type { Workload } from './workload';

export const CNN_BATCH = 32;
const SIDE = 8;
const CLASSES = 10;
const TOTAL_STEPS = 500;

class CNN extends nn.Module {
  call(x: NDArray): NDArray {
    x = nn.relu(new nn.Conv({ features: 16, kernelSize: [3, 3] }).call(x));
    x = nn.avgPool(x, [2, 2], { strides: [2, 2] });
    x = nn.relu(new nn.Conv({ features: 32, kernelSize: [3, 3] }).call(x));
    x = nn.avgPool(x, [2, 2], { strides: [2, 2] });
    x = nn.relu(new nn.Dense({ features: 64 }).call(np.reshape(x, [x.shape[0], -1])));
    return new nn.Dense({ features: CLASSES }).call(x);
  }
}

export const digitsCnnFlaxJit: Workload = {
  label: `digits CNN (guide 05) step, batch ${CNN_BATCH}: flax-ts jit`,
  prepare: () => {
    const [dataKey, labelKey, initKey] = random.split(random.key(5), 3);
    const images = random.uniform(dataKey, [CNN_BATCH, SIDE, SIDE, 1]);
    const labels = random.randint(labelKey, [CNN_BATCH], 0, CLASSES);
    const model = new CNN();
    const create = () =>
      training.TrainState.create({
        applyFn: (vars: nn.Variables, args: [NDArray]) => model.apply(vars, args),
        params: model.init(initKey, [images]).params,
        tx: optax.sgd(optax.cosineDecaySchedule(0.1, TOTAL_STEPS), { momentum: 0.9 }),
      });
    type State = ReturnType<typeof create>;
    const trainStep = jit(
      (state: State, image: NDArray, label: NDArray): [NDArray, State] => {
        const lossFn = (params: nn.Collection): NDArray =>
          np.mean(optax.softmaxCrossEntropyWithIntegerLabels(state.applyFn({ params }, [image]), label));
        const [loss, grads] = valueAndGrad(lossFn)(state.params);
        return [loss, state.applyGradients({ grads })];
      },
      { donateArgnums: 0 },
    );
    let state = create();
    return {
      step: () => {
        const [loss, next] = trainStep(state, images, labels);
        loss.dataSync();
        loss.dispose();
        state = next;
      },
      dispose: () => {
        tree.dispose([images, labels, state as unknown]);
      },
    };
  },
};
