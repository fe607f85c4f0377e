/**
 * flax-ts in a web page: picks a backend, initialises the state guide's MLP, trains it for the guide's five epochs
 * with `valueAndGrad` over a `vmap`ped loss and optax's SGD, and plots the loss with Plotly. Bundle it with
 * `npm run example:browser` (esbuild), which also serves it on a local port.
 */
import * as Plotly from 'plotly.js-dist-min';
import {
  nn,
  np,
  optax,
  random,
  ready,
  tidy,
  tree,
  valueAndGrad,
  vmap,
  type BackendName,
  type NDArray,
} from 'flax-ts';
import { MLP } from './model';
import type { ExampleState } from './state';

const NUM_EPOCHS = 5;

const state: ExampleState = { status: 'running', losses: [], library: { nn, np, random, tree }, MLP };
Object.assign(window, { flaxTsExample: state });

const statusLine = document.getElementById('status') as HTMLElement;
function show(line: string): void {
  statusLine.textContent += `\n${line}`;
}

/** The guide's data: 128 examples of 5 features, and targets from a random linear map. */
function guideData(): { X: NDArray; Y: NDArray } {
  const key = random.PRNGKey(0);
  const noise = random.uniform(key, [], { minval: 0, maxval: 0.1 });
  const X = np.add(random.uniform(key, [128, 5], { minval: 0, maxval: 1 }), noise);
  const W = random.uniform(key, [5, 1], { minval: 0, maxval: 1 });
  const b = random.uniform(key, [], { minval: 0, maxval: 1 });
  return { X, Y: np.add(np.matmul(X, W), b) };
}

/** Disposes the tensors of `old` that `next` no longer holds. */
function disposeReplaced(old: unknown, next: unknown): void {
  const kept = new Set(tree.leaves(next));
  tree.dispose(tree.leaves(old).filter((leaf) => !kept.has(leaf)));
}

function train(): number[] {
  const { X, Y } = guideData();
  const model = new MLP({ hiddenSize: 10, outSize: 1 });
  const sgd = optax.sgd(0.02);
  let [modelState, params] = nn.pop(model.init(random.PRNGKey(0), [np.ones([32, 5])]), 'params');
  let optState = sgd.init(params);
  show(`initialised ${tree.leaves(params).length} parameter arrays`);

  const step = (p: nn.Collection, s: nn.Variables, o: typeof optState) => {
    const batchLoss = (q: nn.Collection): [NDArray, nn.Variables] => {
      const lossFn = (x: NDArray, y: NDArray): [NDArray, nn.Variables] => {
        const [pred, updated] = model.apply({ params: q, ...s }, [x, true], { mutable: Object.keys(s) });
        return [np.square(np.subtract(pred, y)), updated];
      };
      const [loss, updated] = vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })(X, Y);
      return [np.mean(loss), updated];
    };
    const [[loss, updated], grads] = valueAndGrad(batchLoss, { hasAux: true })(p);
    const [updates, newOptState] = sgd.update(grads, o);
    return { params: optax.applyUpdates(p, updates), modelState: updated, optState: newOptState, loss };
  };

  const losses: number[] = [];
  for (let epoch = 1; epoch <= NUM_EPOCHS; epoch++) {
    const next = tidy(() => step(params, modelState, optState));
    disposeReplaced([params, modelState, optState], [next.params, next.modelState, next.optState]);
    ({ params, modelState, optState } = next);
    losses.push(next.loss.dataSync()[0]);
    next.loss.dispose();
    show(`epoch ${epoch}: loss ${losses[epoch - 1].toFixed(4)}`);
  }
  return losses;
}

async function main(): Promise<void> {
  const requested = new URLSearchParams(location.search).get('backend');
  // The .wasm files of @tensorflow/tfjs-backend-wasm are copied next to the bundle, into dist/.
  const choice = await ready({
    wasmPaths: 'dist/',
    ...(requested !== null ? { backend: requested as BackendName } : {}),
  });
  Object.assign(state, { backend: choice.name, message: choice.message });
  statusLine.textContent = choice.message;
  state.losses = train();
  await Plotly.newPlot(
    document.getElementById('loss-plot') as HTMLElement,
    [{ x: state.losses.map((_, i) => i + 1), y: state.losses, mode: 'lines+markers', name: 'training loss' }],
    {
      title: { text: `Training loss on ${choice.name}` },
      xaxis: { title: { text: 'epoch' }, dtick: 1 },
      yaxis: { title: { text: 'mean squared error' } },
      width: 700,
      height: 400,
    },
  );
  state.status = 'done';
}

main().catch((error: unknown) => {
  state.error = error instanceof Error ? error.message : String(error);
  state.status = 'failed';
  show(`failed: ${state.error}`);
});
