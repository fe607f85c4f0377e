/**
 * The state guide's regression problem at batch 128: inputs X [128, 5], targets Y [128, 1], an MLP 5-10-10-1 with
 * BatchNorm after each hidden Dense, mean squared error, SGD with learning rate 0.02. Shared by the four
 * implementations that `npm run bench` compares (flax-ts plain and vmapped, hand-written tfjs, tfjs-layers).
 */
import * as tf from '@tensorflow/tfjs-core';

export const BATCH = 128;
export const FEATURES = 5;
export const HIDDEN = 10;
export const LEARNING_RATE = 0.02;
export const MOMENTUM = 0.9;
export const EPSILON = 1e-5;

/** Fixed inputs and targets (tfjs's seeded generators; the numbers do not matter, only the shapes and the work). */
export function stateGuideData(): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.randomUniform([BATCH, FEATURES], 0, 1, 'float32', 1);
  const w = tf.randomUniform([FEATURES, 1], 0, 1, 'float32', 2);
  const y = tf.tidy(() => tf.add(tf.matMul(x, w), 0.5));
  w.dispose();
  return { x, y };
}

/** The label every row shares, so the implementations line up in the table. */
export function stateGuideLabel(implementation: string): string {
  return `state guide MLP+BatchNorm step, batch ${BATCH}: ${implementation}`;
}
