/**
 * The rows of `npm run bench`, in table order. To add one (e.g. a flax-ts model's training step), write a
 * {@link Workload} in its own file in this folder and append it here; every backend runs it in its own process.
 */
import { matmul } from './matmul';
import { mlpTrainingStep } from './mlp-training-step';
import type { Workload } from './workload';

export type { Workload } from './workload';

export const WORKLOADS: readonly Workload[] = [matmul, mlpTrainingStep];
