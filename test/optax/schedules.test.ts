import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np } from '../../src/core';
import { dispose } from '../../src/core/tree';
import {
  constantSchedule,
  cosineDecaySchedule,
  exponentialDecay,
  joinSchedules,
  linearSchedule,
  sgd,
  warmupCosineDecaySchedule,
} from '../../src/optax';
import { values, withoutDownloads } from './support';

describe('optax schedules', () => {
  it('map an int32 count array to values elementwise, so a whole curve is one call', () => {
    const counts = np.arange(5);
    const curve = linearSchedule(1, 0, 4)(counts) as tf.Tensor;
    expect(values(curve)).to.deep.equal([1, 0.75, 0.5, 0.25, 0]);
    dispose([counts, curve]);
  });

  it('constantSchedule returns its number as it is', () => {
    const count = tf.scalar(7, 'int32');
    expect(constantSchedule(0.3)(count)).to.equal(0.3);
    count.dispose();
  });

  it('give the constant initValue when there is no transition, as optax does', () => {
    const count = tf.scalar(100, 'int32');
    expect(linearSchedule(0.5, 0, 0)(count)).to.equal(0.5);
    expect(exponentialDecay(0.5, -1, 0.1)(count)).to.equal(0.5);
    expect(exponentialDecay(0.5, 10, 0)(count)).to.equal(0.5);
    count.dispose();
  });

  it('cosineDecaySchedule refuses non-positive decaySteps, in optax words', () => {
    expect(() => cosineDecaySchedule(0.1, 0)).to.throw(
      'The cosineDecaySchedule requires positive decaySteps, got decaySteps=0.',
    );
    expect(() => warmupCosineDecaySchedule(0, 1, 10, 10)).to.throw('got decaySteps=0');
  });

  it('joinSchedules asks each schedule for the steps since its boundary', () => {
    const counts = np.arange(6);
    const joined = joinSchedules([constantSchedule(-1), (c) => np.multiply(10, c)], [3])(counts) as tf.Tensor;
    expect(values(joined)).to.deep.equal([-1, -1, -1, 0, 10, 20]);
    dispose([counts, joined]);
  });

  it('run a training step on the device: sgd with a warmup-cosine schedule reads nothing back', () => {
    const tx = sgd(warmupCosineDecaySchedule(0, 1, 2, 10));
    const [p, g] = [{ w: tf.tensor([1]) }, { w: tf.tensor([1]) }];
    let state = tx.init(p);
    const steps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [u, next] = withoutDownloads(() => tx.update(g, state, p));
      steps.push(values((u as { w: tf.Tensor }).w)[0]);
      dispose([u, state]);
      state = next;
    }
    expect(steps.slice(0, 3)).to.deep.equal([-0, -0.5, -1]);
    expect(steps[3]).to.be.closeTo(-0.5 * (1 + Math.cos(Math.PI / 8)), 1e-6);
    dispose([p, g, state]);
  });
});
