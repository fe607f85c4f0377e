/**
 * The rows of `npm run bench`, in table order. To add one (e.g. a flax-ts model's training step), write a
 * {@link Workload} in its own file in this folder and append it here; every backend runs it in its own process.
 */
import { digitsCnnFlaxJit } from './digits-cnn-flax';
import { matmul } from './matmul';
import { mlpTrainingStep } from './mlp-training-step';
import { mlpTrainingStepFlaxJit } from './mlp-training-step-flax';
import { stateGuideFlax, stateGuideFlaxJit, stateGuideFlaxVmap } from './state-guide-flax';
import { stateGuideLayers } from './state-guide-layers';
import { stateGuideTfjs } from './state-guide-tfjs';
import type { Workload } from './workload';

export type { PreparedWorkload, Workload } from './workload';

export const WORKLOADS: readonly Workload[] = [
  stateGuideTfjs,
  stateGuideFlax,
  stateGuideFlaxVmap,
  stateGuideFlaxJit,
  stateGuideLayers,
  mlpTrainingStep,
  mlpTrainingStepFlaxJit,
  digitsCnnFlaxJit,
  matmul,
];

/** A ratio of two rows' times that the bench reports per backend, with the target it is held to. */
export interface Comparison {
  readonly label: string;
  readonly numerator: Workload;
  readonly denominator: Workload;
  readonly target: string;
}

/**
 * The targets: eager flax-ts against the same step hand-written in tfjs (issue 3), and the jitted step against
 * hand-written tfjs and tfjs-layers' trainOnBatch (issue 11).
 */
export const COMPARISONS: readonly Comparison[] = [
  {
    label: 'flax-ts / hand-written tfjs',
    numerator: stateGuideFlax,
    denominator: stateGuideTfjs,
    target: '≤ 1.15',
  },
  {
    label: 'flax-ts with vmap / hand-written tfjs',
    numerator: stateGuideFlaxVmap,
    denominator: stateGuideTfjs,
    target: '≤ 1.3',
  },
  {
    label: 'hand-written tfjs / flax-ts jit',
    numerator: stateGuideTfjs,
    denominator: stateGuideFlaxJit,
    target: '≥ 1.5',
  },
  {
    label: 'tfjs-layers / flax-ts jit',
    numerator: stateGuideLayers,
    denominator: stateGuideFlaxJit,
    target: '≥ 2',
  },
  {
    label: 'MLP: hand-written tfjs / flax-ts jit',
    numerator: mlpTrainingStep,
    denominator: mlpTrainingStepFlaxJit,
    target: 'report',
  },
];

/** Rows also measured in Flax + `jax.jit` and `tf.function` on this CPU (bench/python_steps.py), by its keys. */
export const JAX_ROWS: readonly {
  readonly key: 'stateGuide' | 'mlp' | 'cnn';
  readonly workload: Workload;
}[] = [
  { key: 'stateGuide', workload: stateGuideFlaxJit },
  { key: 'mlp', workload: mlpTrainingStepFlaxJit },
  { key: 'cnn', workload: digitsCnnFlaxJit },
];
