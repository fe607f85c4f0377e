import * as tf from '@tensorflow/tfjs-core';
import type { Workload } from './workload';

const SIZE = 1024;

/** One dense product of two SIZE×SIZE float32 matrices: raw kernel throughput. */
export const matmul: Workload = {
  label: `matmul ${SIZE}×${SIZE}`,
  prepare: () => {
    const a = tf.randomNormal([SIZE, SIZE], 0, 1, 'float32', 1);
    const b = tf.randomNormal([SIZE, SIZE], 0, 1, 'float32', 2);
    return {
      step: () => {
        const product = tf.matMul(a, b);
        product.dataSync();
        product.dispose();
      },
      dispose: () => {
        tf.dispose([a, b]);
      },
    };
  },
};
