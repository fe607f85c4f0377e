import * as tf from '@tensorflow/tfjs';
import type { Workload } from './workload';

const LAYER_SIZES = [784, 512, 512, 10];
const BATCH = 256;
const LEARNING_RATE = 0.01;

/**
 * One SGD step of a ReLU MLP with softmax cross-entropy, written in raw tfjs (`tf.variableGrads`): forward,
 * backward and update, the work a training loop repeats.
 */
export const mlpTrainingStep: Workload = {
  label: `MLP ${LAYER_SIZES.join('-')} SGD step, batch ${BATCH}`,
  prepare: () => {
    const layers = LAYER_SIZES.slice(1).map((fanOut, i) => {
      const fanIn = LAYER_SIZES[i];
      return {
        kernel: tf.variable(tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), 'float32', 10 + i)),
        bias: tf.variable(tf.zeros([fanOut])),
      };
    });
    const inputs = tf.randomNormal([BATCH, LAYER_SIZES[0]], 0, 1, 'float32', 3);
    const classes = LAYER_SIZES[LAYER_SIZES.length - 1];
    const labels = tf.oneHot(tf.randomUniform([BATCH], 0, classes, 'int32', 4), classes);
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
