/**
 * The state guide's training step written with flax-ts: on the whole batch (BatchNorm computing its batch
 * statistics itself), as the guide writes it per example under `vmap` with `axisName: 'batch'`, and the whole-batch
 * step under `jit` with its state donated, as the Flax guides run it.
 */
import { jit, nn, np, optax, random, tidy, tree, valueAndGrad, vmap, type NDArray } from 'flax-ts';
import {
  EPSILON,
  HIDDEN,
  LEARNING_RATE,
  MOMENTUM,
  stateGuideData,
  stateGuideLabel,
} from './state-guide-data';
import type { Workload } from './workload';

class MLP extends nn.Module<{ axisName?: string }, 'params' | 'batch_stats'> {
  readonly axisName = this.attr('axisName', undefined);

  call(x: NDArray, train: boolean): NDArray {
    const norm = () =>
      new nn.BatchNorm({
        useRunningAverage: !train,
        momentum: MOMENTUM,
        epsilon: EPSILON,
        axisName: this.axisName,
      });
    x = nn.relu(norm().call(new nn.Dense({ features: HIDDEN }).call(x)));
    x = nn.relu(norm().call(new nn.Dense({ features: HIDDEN }).call(x)));
    return new nn.Dense({ features: 1 }).call(x);
  }
}

/** What a step carries from one call to the next. */
interface Carry {
  readonly params: nn.Collection;
  readonly state: nn.Variables;
  readonly optState: optax.OptState[];
}

type Mode = 'eager' | 'vmap' | 'jit';

function flaxStep(label: string, mode: Mode): Workload {
  return {
    label: stateGuideLabel(label),
    prepare: () => {
      const { x, y } = stateGuideData();
      const model = new MLP(mode === 'vmap' ? { axisName: 'batch' } : {});
      const tx = optax.sgd(LEARNING_RATE);
      const [state, params] = nn.pop(model.init(random.key(0), [x, false]), 'params');

      const batchLoss = (p: nn.Collection, s: nn.Variables): [NDArray, nn.Variables] => {
        if (mode !== 'vmap') {
          const [pred, updated] = model.apply({ params: p, ...s }, [x, true], { mutable: ['batch_stats'] });
          return [np.mean(np.square(np.subtract(pred, y))), updated];
        }
        const perExample = (xi: NDArray, yi: NDArray): [NDArray, nn.Variables] => {
          const [pred, updated] = model.apply({ params: p, ...s }, [xi, true], { mutable: ['batch_stats'] });
          return [np.square(np.subtract(pred, yi)), updated];
        };
        const [losses, updated] = vmap(perExample, { outAxes: [0, null], axisName: 'batch' })(x, y);
        return [np.mean(losses), updated];
      };
      const step = ({ params: p, state: s, optState }: Carry): [NDArray, Carry] => {
        const [[loss, newState], grads] = valueAndGrad(batchLoss, { hasAux: true })(p, s);
        const [updates, newOptState] = tx.update(grads, optState);
        return [loss, { params: optax.applyUpdates(p, updates), state: newState, optState: newOptState }];
      };
      // Eagerly the step runs in a scope and the old carry is freed by hand; jit does both through donation.
      const run =
        mode === 'jit'
          ? jit(step, { donateArgnums: 0 })
          : (carry: Carry): [NDArray, Carry] => {
              const result = tidy(() => step(carry));
              tree.dispose(carry);
              return result;
            };

      let carry: Carry = { params, state, optState: tx.init(params) };
      return {
        step: () => {
          const [loss, next] = run(carry);
          loss.dataSync();
          loss.dispose();
          carry = next;
        },
        dispose: () => {
          tree.dispose([x, y, carry as unknown]);
        },
      };
    },
  };
}

export const stateGuideFlax = flaxStep('flax-ts', 'eager');
export const stateGuideFlaxVmap = flaxStep('flax-ts with vmap', 'vmap');
export const stateGuideFlaxJit = flaxStep('flax-ts jit', 'jit');
