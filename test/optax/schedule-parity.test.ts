// Parity of optax's schedules with the real optax 0.2.8: each case of the fixture's `schedules`
// (test/parity/optax.py) holds optax's values at counts 0, 1, …; flax-ts's schedule, given those counts as one
// int32 array, must give them under the float32 rule.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np } from '../../src/core';
import { dispose } from '../../src/core/tree';
import type * as optax from '../../src/optax';
import { expectClose } from '../support/close';
import { fixture } from './fixture';
import { build, describeSpec } from './spec';

const { counts, cases } = fixture.schedules;

/** The worst error of each case, printed at the end for the report. */
const report: string[] = [];

describe(`optax schedules: parity with optax 0.2.8 at counts 0…${counts - 1}`, () => {
  after(() => {
    console.log(`      max relative error:\n${report.map((line) => `        ${line}`).join('\n')}`);
  });

  for (const c of cases) {
    it(describeSpec(c.spec), () => {
      const schedule = build(c.spec) as optax.Schedule;
      const count = np.arange(counts);
      expect(count.dtype).to.equal('int32');
      const before = tf.memory().numTensors;
      const value = schedule(count);
      // Only the result is left (none for a constant schedule's number): the intermediates are disposed.
      expect(tf.memory().numTensors - before).to.equal(typeof value === 'number' ? 0 : 1);
      const values = np.broadcastTo(value, [counts]);
      report.push(`${describeSpec(c.spec)}: ${expectClose(values, c.values).toExponential(1)}`);
      dispose([count, value, values]);
    });
  }

  it('gives one value for a scalar count, as scaleBySchedule calls it', () => {
    const schedule = build(cases[cases.length - 1].spec) as optax.Schedule;
    for (const c of [0, 9, 10, 25]) {
      const count = tf.scalar(c, 'int32');
      const value = schedule(count) as tf.Tensor;
      expect(value.shape).to.deep.equal([]);
      expectClose(value, cases[cases.length - 1].values[c]);
      dispose([count, value]);
    }
  });
});
