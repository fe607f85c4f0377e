/**
 * The state guide's training step written with flax-ts, twice: on the whole batch (BatchNorm computing its batch
 * statistics itself), and as the guide writes it, per example under `vmap` with `axisName: 'batch'`.
 */
import { nn, np, optax, random, tidy, tree, valueAndGrad, vmap, type NDArray } from 'flax-ts';
import {
  EPSILON,
  HIDDEN,
  LEARNING_RATE,
  MOMENTUM,
  stateGuideData,
  stateGuideLabel,
} from './state-guide-data';
import type { Workload } from './workload';

class MLP extends nn.Module<{ axisName?: string }> {
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

function flaxStep(label: string, vmapped: boolean): Workload {
  return {
    label: stateGuideLabel(label),
    prepare: () => {
      const { x, y } = stateGuideData();
      const model = new MLP(vmapped ? { axisName: 'batch' } : {});
      const tx = optax.sgd(LEARNING_RATE);
      let [state, params] = nn.pop(model.init(random.key(0), [x, false]), 'params');
      let optState = tx.init(params);

      const batchLoss = (p: nn.Collection): [NDArray, nn.Variables] => {
        if (!vmapped) {
          const [pred, updated] = model.apply({ params: p, ...state }, [x, true], {
            mutable: ['batch_stats'],
          });
          return [np.mean(np.square(np.subtract(pred, y))), updated];
        }
        const perExample = (xi: NDArray, yi: NDArray): [NDArray, nn.Variables] => {
          const [pred, updated] = model.apply({ params: p, ...state }, [xi, true], {
            mutable: ['batch_stats'],
          });
          return [np.square(np.subtract(pred, yi)), updated];
        };
        const [losses, updated] = vmap(perExample, { outAxes: [0, null], axisName: 'batch' })(x, y);
        return [np.mean(losses), updated];
      };

      return {
        step: () => {
          const [loss, next] = tidy(() => {
            const [[value, newState], grads] = valueAndGrad(batchLoss, { hasAux: true })(params);
            const [updates, newOptState] = tx.update(grads, optState);
            return [
              value,
              { state: newState, params: optax.applyUpdates(params, updates), optState: newOptState },
            ];
          });
          loss.dataSync();
          tree.dispose([loss, state, params, optState]);
          ({ state, params, optState } = next);
        },
        dispose: () => {
          tree.dispose([x, y, state, params, optState]);
        },
      };
    },
  };
}

export const stateGuideFlax = flaxStep('flax-ts', false);
export const stateGuideFlaxVmap = flaxStep('flax-ts with vmap', true);
