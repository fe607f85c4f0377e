/**
 * The larger bench problem: an MLP 784-512-512-10 with ReLU and softmax cross-entropy, batch 256, SGD with
 * learning rate 0.01, shared by its implementations (raw tfjs and flax-ts under jit).
 */
import * as tf from '@tensorflow/tfjs-core';

export const LAYER_SIZES = [784, 512, 512, 10] as const;
export const BATCH = 256;
export const LEARNING_RATE = 0.01;

/** Fixed inputs and one-hot labels (tfjs's seeded generators; only the shapes and the work matter). */
export function mlpData(): { inputs: tf.Tensor; labels: tf.Tensor } {
  const inputs = tf.randomNormal([BATCH, LAYER_SIZES[0]], 0, 1, 'float32', 3);
  const classes = LAYER_SIZES[LAYER_SIZES.length - 1];
  const labels = tf.tidy(() =>
    tf.cast(tf.oneHot(tf.randomUniform([BATCH], 0, classes, 'int32', 4), classes), 'float32'),
  );
  return { inputs, labels };
}

/** Initial kernels (He normal, seeded) and zero biases, layer by layer. */
export function mlpLayers(): { kernel: tf.Tensor; bias: tf.Tensor }[] {
  return LAYER_SIZES.slice(1).map((fanOut, i) => {
    const fanIn = LAYER_SIZES[i];
    return {
      kernel: tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), 'float32', 10 + i),
      bias: tf.zeros([fanOut]),
    };
  });
}

/** The row label both implementations share, with the implementation named. */
export function mlpLabel(implementation: string): string {
  return `MLP ${LAYER_SIZES.join('-')} SGD step, batch ${BATCH}: ${implementation}`;
}
