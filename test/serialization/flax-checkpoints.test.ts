// Loading checkpoints written by the real flax 0.12.8 (test/parity/serialization.py): each file restores to what
// Python restores (converted as flax-ts converts other dtypes), writing it back gives Flax's bytes again, and
// TrainStates built in TypeScript take Python's states through fromBytes.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { serialization, training } from '../../src';
import { dispose } from '../../src/core/tree';
import {
  adamTx,
  describeTree,
  fixtureBytes,
  manifest,
  mixedTx,
  modelVariables,
  newTrainState,
} from './checkpoints';

const { cases } = manifest;

function sameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(Buffer.from(actual).toString('hex')).to.equal(Buffer.from(expected).toString('hex'));
}

describe(`serialization: checkpoints written by flax ${manifest.versions.flax}`, () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: msgpackRestore gives what Python restores${c.reserializes ? ', and msgpackSerialize its bytes' : ''}`, () => {
      const bytes = fixtureBytes(c.file);
      const before = tf.memory().numTensors;
      const restored = serialization.msgpackRestore(bytes);
      expect(describeTree(restored)).to.deep.equal(c.restored);
      if (c.reserializes) sameBytes(serialization.msgpackSerialize(restored), bytes);
      dispose(restored);
      expect(tf.memory().numTensors).to.equal(before);
    });
  }

  it('variables: fromBytes fills the TypeScript model variables, and toBytes gives Flax bytes back', () => {
    const bytes = fixtureBytes(cases.variables.file);
    const target = modelVariables();
    const restored = serialization.fromBytes(target, bytes);
    expect(describeTree(serialization.toStateDict(restored))).to.deep.equal(cases.variables.restored);
    sameBytes(serialization.toBytes(restored), bytes);
    dispose([target, restored]);
  });

  for (const [name, tx, withStats] of [
    ['train_state_adam', adamTx, false],
    ['train_state_adam_jitted', adamTx, false],
    ['train_state_mixed', mixedTx, true],
  ] as const) {
    it(`${name}: fromBytes restores a TrainState built in TypeScript, and toBytes writes Flax's layout`, () => {
      const c = cases[name];
      const target = newTrainState(tx(), withStats);
      const before = tf.memory().numTensors;
      const restored = serialization.fromBytes(target, fixtureBytes(c.file));
      expect(restored).to.be.instanceOf(training.TrainState);
      expect(restored.applyFn).to.equal(target.applyFn);
      expect(restored.tx).to.equal(target.tx);
      // flax-ts's step is an int32 scalar array (as Flax's becomes after a jitted step): Python's plain int step
      // is restored as one, so the bytes written back are Flax's own only when its step was an array already.
      const expected = structuredClone(c.restored) as { dict: Record<string, unknown> };
      const pythonStep = expected.dict.step as { number?: number };
      if (pythonStep.number !== undefined) {
        expected.dict.step = { array: 'int32', shape: [], values: [pythonStep.number] };
      }
      expect(describeTree(serialization.toStateDict(restored))).to.deep.equal(expected);
      if (pythonStep.number === undefined) sameBytes(serialization.toBytes(restored), fixtureBytes(c.file));
      // Every restored tensor belongs to the new state; nothing else was left.
      restored.dispose();
      expect(tf.memory().numTensors).to.equal(before);
      target.dispose();
    });
  }

  it('names the path of what it cannot hold: an int64 beyond int32, complex arrays and numbers', () => {
    const before = tf.memory().numTensors;
    expect(() => serialization.msgpackRestore(fixtureBytes('serialization/int64_overflow.msgpack'))).to.throw(
      RangeError,
      'Cannot load the int64 array at ./a/b: its value 1099511627776 does not fit in int32',
    );
    expect(() => serialization.msgpackRestore(fixtureBytes('serialization/complex_array.msgpack'))).to.throw(
      TypeError,
      'Cannot load the complex64 array at ./z',
    );
    expect(() => serialization.msgpackRestore(fixtureBytes('serialization/native_complex.msgpack'))).to.throw(
      TypeError,
      'Cannot load the complex number at path ./w/1',
    );
    expect(tf.memory().numTensors).to.equal(before);
  });
});
