/**
 * The rows of `npm run bench`, in table order. To add one (e.g. a flax-ts model's training step), write a
 * {@link Workload} in its own file in this folder and append it here; every backend runs it in its own process.
 */
import { matmul } from './matmul';
import { mlpTrainingStep } from './mlp-training-step';
import { stateGuideFlax, stateGuideFlaxVmap } from './state-guide-flax';
import { stateGuideLayers } from './state-guide-layers';
import { stateGuideTfjs } from './state-guide-tfjs';
import type { Workload } from './workload';

export type { PreparedWorkload, Workload } from './workload';

export const WORKLOADS: readonly Workload[] = [
  stateGuideTfjs,
  stateGuideFlax,
  stateGuideFlaxVmap,
  stateGuideLayers,
  mlpTrainingStep,
  matmul,
];

/** A ratio of two rows' times that the bench reports per backend, with the target it is held to. */
export interface Comparison {
  readonly label: string;
  readonly numerator: Workload;
  readonly denominator: Workload;
  readonly target: string;
}

/** Issue 3's targets: flax-ts against the same step hand-written in tfjs, and against tfjs-layers. */
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
  { label: 'tfjs-layers / flax-ts', numerator: stateGuideLayers, denominator: stateGuideFlax, target: '≥ 2' },
];
