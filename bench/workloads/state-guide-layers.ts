/**
 * The state guide's training step with tfjs-layers: the same model as a `tf.sequential` with batchNormalization
 * layers, compiled with SGD and mean squared error, one `trainOnBatch` per step.
 */
import * as tf from '@tensorflow/tfjs';
import {
  EPSILON,
  FEATURES,
  HIDDEN,
  LEARNING_RATE,
  MOMENTUM,
  stateGuideData,
  stateGuideLabel,
} from './state-guide-data';
import type { Workload } from './workload';

export const stateGuideLayers: Workload = {
  label: stateGuideLabel('tfjs-layers trainOnBatch'),
  prepare: () => {
    const { x, y } = stateGuideData();
    const model = tf.sequential();
    for (let i = 0; i < 2; i++) {
      model.add(tf.layers.dense({ units: HIDDEN, ...(i === 0 ? { inputShape: [FEATURES] } : {}) }));
      model.add(tf.layers.batchNormalization({ momentum: MOMENTUM, epsilon: EPSILON }));
      model.add(tf.layers.reLU());
    }
    model.add(tf.layers.dense({ units: 1 }));
    model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError' });
    return {
      step: async () => {
        // trainOnBatch reads the loss back, so the step has finished when the promise settles.
        await model.trainOnBatch(x, y);
      },
      dispose: () => {
        model.dispose();
        tf.dispose([x, y]);
      },
    };
  },
};
