// The state guide's two training loops, ported line by line, against what flax 0.12.8 + optax 0.2.8 print
// (test/parity/guides.py). Losses must agree on every backend by the project's float32 rule: 1e-5 relative, plus
// 1e-6 of the largest loss for epochs whose loss cancels to near zero (the BiasAdder's epoch 3, 0.035 after 129.6,
// is 4.9e-5 off relative on the cpu backend, whose sums round in another order).
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { nn, np, optax, random, tidy, tree, valueAndGrad, vmap, type NDArray } from '../../src';
import fixture from '../parity/fixtures/guides.json';
import { expectClose, FLOAT32_PARITY, worstViolation, type Nested } from '../support/close';
import { BiasAdderWithRunningMean, StateMLP } from '../support/guide-models';
import { MODES } from '../support/modes';

type Variables = nn.Variables;

function expectLosses(losses: number[], expected: number[]): void {
  expect(losses).to.have.length(expected.length);
  expect(
    worstViolation(losses, expected, FLOAT32_PARITY),
    `losses ${losses.join(', ')} against flax's ${expected.join(', ')}: |actual − expected| / (atol + rtol·|expected|)`,
  ).to.be.at.most(1);
}

function expectTree(actual: unknown, expected: unknown, what: string): void {
  if (Array.isArray(expected) || typeof expected === 'number') {
    expectClose(actual as NDArray, expected as Nested, FLOAT32_PARITY, what);
    return;
  }
  const want = expected as Record<string, unknown>;
  const got = actual as Record<string, unknown>;
  expect(Object.keys(got).sort(), what).to.deep.equal(Object.keys(want).sort());
  for (const key of Object.keys(want)) expectTree(got[key], want[key], `${what}/${key}`);
}

describe('guides: managing parameters and state (parity with flax 0.12.8)', () => {
  const tx = optax.sgd(0.02);
  const numEpochs = 5;
  let dummyInput: tf.Tensor;

  before(() => {
    dummyInput = np.ones([32, 5]) as tf.Tensor;
  });

  it('builds the synthetic data exactly as jax does', () => {
    const X = np.add(
      random.uniform(random.PRNGKey(0), [128, 5], { minval: 0, maxval: 1 }),
      random.uniform(random.PRNGKey(0), [], { minval: 0, maxval: 0.1 }),
    );
    const W = random.uniform(random.PRNGKey(0), [5, 1], { minval: 0, maxval: 1 });
    const b = random.uniform(random.PRNGKey(0), [], { minval: 0, maxval: 1 });
    expectClose(X, fixture.data.X, FLOAT32_PARITY, 'X');
    expectClose(np.add(np.matmul(X, W), b), fixture.data.Y, FLOAT32_PARITY, 'Y');
  });

  for (const { name: mode, stage } of MODES) {
    it(`trains BiasAdderWithRunningMean with param, variable and mutable state, ${mode}`, () => {
      const model = new BiasAdderWithRunningMean();
      const variables = model.init(random.PRNGKey(0), [dummyInput]);
      let [state, params] = nn.pop(variables, 'params');
      let optState = tx.init(params);
      // The guide's update step (jitted there with static_argnums for the optimizer and the apply function).
      const updateStep = stage((p: typeof params, s: Variables, o: typeof optState) => {
        const loss = (q: typeof params): [NDArray, Variables] => {
          const [y, updatedState] = model.apply({ params: q, ...s }, [dummyInput], {
            mutable: Object.keys(s),
          });
          return [np.sum(np.square(np.subtract(dummyInput, y))), updatedState];
        };
        const [[l, newState], grads] = valueAndGrad(loss, { hasAux: true })(p);
        const [updates, newOptState] = tx.update(grads, o);
        return { l, state: newState, params: optax.applyUpdates(p, updates), optState: newOptState };
      });
      const losses: number[] = [];
      for (let epoch = 0; epoch < numEpochs; epoch++) {
        const next = tidy(() => updateStep(params, state, optState));
        losses.push(next.l.dataSync()[0]);
        tree.dispose([next.l, params, optState]);
        ({ state, params, optState } = next);
      }
      expectLosses(losses, fixture.bias_adder.losses);
      expectTree(params, fixture.bias_adder.params, 'params');
      expectTree(state, fixture.bias_adder.state, 'state');
    });
  }

  for (const { name: mode, stage } of MODES) {
    for (const [train, expected] of [
      [false, fixture.mlp_vmap],
      [true, fixture.mlp_vmap_train],
    ] as const) {
      it(`trains the MLP with BatchNorm under vmap with axisName 'batch' (train=${train}), ${mode}`, () => {
        const X = np.array(fixture.data.X);
        const Y = np.array(fixture.data.Y);
        const model = new StateMLP({ hiddenSize: 10, outSize: 1 });
        const variables = model.init(random.PRNGKey(0), [dummyInput]);
        let [state, params] = nn.pop(variables, 'params');
        let optState = tx.init(params);
        const updateStep = stage((p: typeof params, s: Variables, o: typeof optState) => {
          const batchLoss = (q: typeof params): [NDArray, Variables] => {
            const lossFn = (x: NDArray, y: NDArray): [NDArray, Variables] => {
              const [pred, updatedState] = model.apply({ params: q, ...s }, [x, train], {
                mutable: Object.keys(s),
              });
              return [np.square(np.subtract(pred, y)), updatedState];
            };
            const [loss, updatedState] = vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })(X, Y);
            return [np.mean(loss), updatedState];
          };
          const [[loss, newState], grads] = valueAndGrad(batchLoss, { hasAux: true })(p);
          const [updates, newOptState] = tx.update(grads, o);
          return { loss, state: newState, params: optax.applyUpdates(p, updates), optState: newOptState };
        });
        const losses: number[] = [];
        for (let epoch = 0; epoch < numEpochs; epoch++) {
          const next = tidy(() => updateStep(params, state, optState));
          losses.push(next.loss.dataSync()[0]);
          tree.dispose([next.loss, params, optState]);
          ({ state, params, optState } = next);
        }
        expectLosses(losses, expected.losses);
        expectTree(params, expected.params, 'params');
        expectTree(state, expected.state, 'state');
      });
    }
  }
});
