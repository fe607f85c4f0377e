// Parity of every optax transformation flax-ts has beyond sgd/adam, with the real optax 0.2.8: each case of the
// fixture's `transforms` (test/parity/optax.py) replays the same fixed gradients from the same parameters, and the
// final parameters and optimizer state must match optax's under the float32 rule, in optax's state layout.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { dispose, type Tree } from '../../src/core/tree';
import * as optax from '../../src/optax';
import { FLOAT32_PARITY, worstViolation } from '../support/close';
import { fixture, flatValues, layoutOf, maxRelativeError, toTensors } from './fixture';
import { build, describeSpec } from './spec';

const { steps, params: initialParams, grads, cases } = fixture.transforms;

/** The worst error of each case, printed at the end for the report. */
const report: string[] = [];

/** Asserts the float32 rule on two trees' values (pytree order) and returns the largest relative error. */
function expectTreeClose(actual: Tree, expected: Tree, what: string): number {
  const [got, want] = [flatValues(actual), flatValues(expected)];
  expect(got.length, `${what}: number of values`).to.equal(want.length);
  expect(worstViolation(got, want, FLOAT32_PARITY), `${what}: violation of the float32 rule`).to.be.at.most(
    1,
  );
  return maxRelativeError(got, want);
}

describe(`optax transformations: parity with optax 0.2.8 over ${steps} steps`, () => {
  after(() => {
    console.log(`      max relative error:\n${report.map((line) => `        ${line}`).join('\n')}`);
  });

  for (const c of cases) {
    it(describeSpec(c.spec), () => {
      const tx = build(c.spec) as optax.GradientTransformation;
      const before = tf.memory().numTensors;
      let params = toTensors(initialParams);
      let state = tx.init(params);
      expect(layoutOf(state), "the initial state's layout").to.deep.equal(c.layout);
      for (const step of grads) {
        const g = toTensors(step);
        const [updates, nextState] = tx.update(g, state, params);
        const nextParams = optax.applyUpdates(params, updates);
        dispose([g, updates, params, state]);
        [params, state] = [nextParams, nextState];
      }
      expect(layoutOf(state), "the final state's layout").to.deep.equal(c.layout);
      const paramsError = expectTreeClose(params, c.params, 'params');
      const stateError = expectTreeClose(state, c.state, 'state');
      dispose([params, state]);
      expect(tf.memory().numTensors, 'tensors left after disposing params and state').to.equal(before);
      report.push(
        `${describeSpec(c.spec)}: params ${paramsError.toExponential(1)}, state ${stateError.toExponential(1)}`,
      );
    });
  }
});
