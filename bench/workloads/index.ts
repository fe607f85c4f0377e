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

export type { Workload } from './workload';

export const WORKLOADS: readonly Workload[] = [
  stateGuideTfjs,
  stateGuideFlax,
  stateGuideFlaxVmap,
  stateGuideLayers,
  mlpTrainingStep,
  matmul,
];
