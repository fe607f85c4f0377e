/**
 * The state guide's training step hand-written in raw tfjs, the baseline flax-ts is measured against: the same
 * Dense → BatchNorm (batch statistics, running averages updated) → relu layers, MSE, and an SGD update.
 */
import * as tf from '@tensorflow/tfjs-core';
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

interface Normalization {
  readonly scale: tf.Variable;
  readonly bias: tf.Variable;
  mean: tf.Tensor;
  variance: tf.Tensor;
}

export const stateGuideTfjs: Workload = {
  label: stateGuideLabel('hand-written tfjs'),
  prepare: () => {
    const { x, y } = stateGuideData();
    const dense = [FEATURES, HIDDEN, HIDDEN].map((fanIn, i) => ({
      kernel: tf.variable(
        tf.randomNormal([fanIn, i === 2 ? 1 : HIDDEN], 0, Math.sqrt(1 / fanIn), 'float32', 20 + i),
      ),
      bias: tf.variable(tf.zeros([i === 2 ? 1 : HIDDEN])),
    }));
    const norms: Normalization[] = [0, 1].map(() => ({
      scale: tf.variable(tf.ones([HIDDEN])),
      bias: tf.variable(tf.zeros([HIDDEN])),
      mean: tf.zeros([HIDDEN]),
      variance: tf.ones([HIDDEN]),
    }));
    const trainable = [
      ...dense.flatMap((d) => [d.kernel, d.bias]),
      ...norms.flatMap((n) => [n.scale, n.bias]),
    ];
    let batchStats: tf.Tensor[] = [];

    const loss = (): tf.Scalar => {
      let h: tf.Tensor = x;
      batchStats = [];
      norms.forEach((norm, i) => {
        const z = tf.add(tf.matMul(h, dense[i].kernel), dense[i].bias);
        const { mean, variance } = tf.moments(z, 0);
        batchStats.push(tf.keep(mean), tf.keep(variance));
        const normalized = tf.mul(tf.sub(z, mean), tf.mul(tf.rsqrt(tf.add(variance, EPSILON)), norm.scale));
        h = tf.relu(tf.add(normalized, norm.bias));
      });
      const pred = tf.add(tf.matMul(h, dense[2].kernel), dense[2].bias);
      return tf.mean(tf.square(tf.sub(pred, y)));
    };

    return {
      step: () => {
        const { value, grads } = tf.variableGrads(loss, trainable);
        tf.tidy(() => {
          for (const v of trainable) v.assign(tf.sub(v, tf.mul(grads[v.name], LEARNING_RATE)));
        });
        norms.forEach((norm, i) => {
          const [mean, variance] = batchStats.slice(2 * i, 2 * i + 2);
          const next = tf.tidy(() => [
            tf.add(tf.mul(norm.mean, MOMENTUM), tf.mul(mean, 1 - MOMENTUM)),
            tf.add(tf.mul(norm.variance, MOMENTUM), tf.mul(variance, 1 - MOMENTUM)),
          ]);
          tf.dispose([norm.mean, norm.variance]);
          [norm.mean, norm.variance] = next;
        });
        value.dataSync();
        tf.dispose([value, ...Object.values(grads), ...batchStats]);
      },
      dispose: () => {
        tf.dispose([x, y, ...trainable, ...norms.flatMap((n) => [n.mean, n.variance])]);
      },
    };
  },
};
