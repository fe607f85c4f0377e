import { jit, nn, np, optax, tree, valueAndGrad, type NDArray } from 'flax-ts';
import { LEARNING_RATE, mlpData, mlpLabel, mlpLayers } from './mlp-data';
import type { Workload } from './workload';

type Layers = { kernel: NDArray; bias: NDArray }[];

/** The bench MLP's SGD step in flax-ts, staged once by `jit` with the parameters donated. */
export const mlpTrainingStepFlaxJit: Workload = {
  label: mlpLabel('flax-ts jit'),
  prepare: () => {
    const { inputs, labels } = mlpData();
    const loss = (layers: Layers): NDArray => {
      let activations: NDArray = inputs;
      layers.forEach(({ kernel, bias }, i) => {
        const preActivation = np.add(np.matmul(activations, kernel), bias);
        activations = i < layers.length - 1 ? nn.relu(preActivation) : preActivation;
      });
      return np.mean(optax.softmaxCrossEntropy(activations, labels));
    };
    const step = jit(
      (layers: Layers): [NDArray, Layers] => {
        const [value, grads] = valueAndGrad(loss)(layers);
        return [
          value,
          tree.map(
            (p: NDArray, g: NDArray) => np.subtract(p, np.multiply(LEARNING_RATE, g)),
            layers,
            grads,
          ) as Layers,
        ];
      },
      { donateArgnums: 0 },
    );
    let layers: Layers = mlpLayers();
    return {
      step: () => {
        const [value, next] = step(layers);
        value.dataSync();
        value.dispose();
        layers = next;
      },
      dispose: () => {
        tree.dispose([inputs, labels, layers]);
      },
    };
  },
};
