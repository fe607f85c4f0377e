import * as tf from '@tensorflow/tfjs-core';
import { LEARNING_RATE, mlpData, mlpLabel, mlpLayers } from './mlp-data';
import type { Workload } from './workload';

/**
 * One SGD step of the bench MLP written in raw tfjs (`tf.variableGrads`): forward, backward and update, the work a
 * training loop repeats.
 */
export const mlpTrainingStep: Workload = {
  label: mlpLabel('hand-written tfjs'),
  prepare: () => {
    const layers = mlpLayers().map(({ kernel, bias }) => ({
      kernel: tf.variable(kernel),
      bias: tf.variable(bias),
    }));
    const { inputs, labels } = mlpData();
    const variables = layers.flatMap(({ kernel, bias }) => [kernel, bias]);

    const loss = (): ReturnType<typeof tf.scalar> => {
      let activations = inputs;
      layers.forEach(({ kernel, bias }, i) => {
        const preActivation = tf.add(tf.matMul(activations, kernel), bias);
        activations = i < layers.length - 1 ? tf.relu(preActivation) : preActivation;
      });
      return tf.losses.softmaxCrossEntropy(labels, activations);
    };

    return {
      step: () => {
        const { value, grads } = tf.variableGrads(loss, variables);
        tf.tidy(() => {
          for (const variable of variables) {
            variable.assign(tf.sub(variable, tf.mul(grads[variable.name], LEARNING_RATE)));
          }
        });
        value.dataSync();
        tf.dispose([value, ...Object.values(grads)]);
      },
      dispose: () => {
        tf.dispose([inputs, labels, ...variables]);
      },
    };
  },
};
