/** What the example page has done so far, on `window.flaxTsExample`: for the browser suite and the devtools console. */
import type { nn, np, random, tree } from 'flax-ts';
import type { MLP } from './model';

export interface ExampleState {
  status: 'running' | 'done' | 'failed';
  backend?: string;
  message?: string;
  losses: number[];
  error?: string;
  /** The library and the model, to try things from the console (and for the suite's check of `init`). */
  readonly library: {
    readonly nn: typeof nn;
    readonly np: typeof np;
    readonly random: typeof random;
    readonly tree: typeof tree;
  };
  readonly MLP: typeof MLP;
}
