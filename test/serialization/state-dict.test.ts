import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { optax, serialization, training } from '../../src';
import { dispose } from '../../src/core/tree';

describe('serialization state dicts', () => {
  const params = () => ({ Dense_0: { kernel: tf.ones([2, 3]), bias: tf.zeros([3]) } });

  it("toStateDict keeps objects' keys, turns lists into '0', '1', … maps and shares the tensors", () => {
    const p = params();
    const state = serialization.toStateDict({ params: p, opt_state: [{ count: 1 }, {}], nothing: null });
    expect(state).to.deep.equal({ params: p, opt_state: { '0': { count: 1 }, '1': {} }, nothing: null });
    expect((state as { params: typeof p }).params.Dense_0.kernel).to.equal(p.Dense_0.kernel);
    dispose(p);
  });

  it("toStateDict of a TrainState is Flax's: step, params, opt_state and snake_case extra fields, no applyFn or tx", () => {
    const p = params();
    const state = training.TrainState.create({
      applyFn: () => 0,
      params: p,
      tx: optax.sgd(0.1),
      batchStats: { mean: tf.zeros([3]) },
    });
    const dict = serialization.toStateDict(state) as Record<string, unknown>;
    expect(Object.keys(dict)).to.deep.equal(['step', 'params', 'opt_state', 'batch_stats']);
    expect(dict.opt_state).to.deep.equal({ '0': {}, '1': {} });
    state.dispose();
  });

  it('fromStateDict takes the values from the state and the structure from the target, ignoring extra keys', () => {
    const target = { a: tf.zeros([2]), list: [tf.zeros([1])], n: 0 };
    const state = {
      a: tf.tensor([1, 2]),
      list: { '0': tf.tensor([3]) },
      n: tf.scalar(5, 'int32'),
      extra: 'x',
    };
    const restored = serialization.fromStateDict(target, state);
    expect(Object.keys(restored)).to.deep.equal(['a', 'list', 'n']);
    expect(restored.a).to.equal(state.a);
    expect(restored.list[0]).to.equal(state.list['0']);
    // A number leaf takes a scalar array's value (Python's jitted step), and a scalar tensor takes a number.
    expect(restored.n).to.equal(5);
    const scalar = serialization.fromStateDict({ step: tf.scalar(0, 'int32') }, { step: 7 });
    expect(scalar.step.dtype).to.equal('int32');
    expect(scalar.step.dataSync()[0]).to.equal(7);
    dispose([target, state, scalar]);
  });

  it("names both paths on a structure mismatch, in Flax's words where Flax has them", () => {
    const target = {
      params: { Dense_0: { kernel: tf.zeros([2, 3]), bias: tf.zeros([3]) } },
      opt: [tf.zeros([1])],
    };
    const [kernel, bias, transposed, ints] = [
      tf.zeros([2, 3]),
      tf.zeros([3]),
      tf.zeros([3, 2]),
      tf.zeros([2, 3], 'int32'),
    ];
    const state = (dense: object, opt: object = { '0': bias }) => ({ params: { Dense_0: dense }, opt });
    expect(() => serialization.fromStateDict(target, state({ kernel }))).to.throw(
      "The target dict keys and state dict keys do not match, target dict contains keys {'bias'} which are not " +
        'present in state dict at path ./params/Dense_0 (target.params.Dense_0)',
    );
    expect(() => serialization.fromStateDict(target, state({ kernel: transposed, bias }))).to.throw(
      'Shape mismatch at path ./params/Dense_0/kernel (target.params.Dense_0.kernel): ' +
        'the target has [2, 3], the state dict [3, 2].',
    );
    expect(() => serialization.fromStateDict(target, state({ kernel: ints, bias }))).to.throw(
      'Dtype mismatch at path ./params/Dense_0/kernel (target.params.Dense_0.kernel): ' +
        'the target is float32, the state dict int32.',
    );
    expect(() =>
      serialization.fromStateDict(target, state({ kernel, bias }, { '0': bias, '1': bias })),
    ).to.throw(
      'The size of the list and the state dict do not match, got 1 and 2 at path ./opt (target.opt)',
    );
    expect(() => serialization.fromStateDict(target, { params: 3, opt: {} })).to.throw(
      'Expected a state dict for the object at path ./params (target.params), got 3.',
    );
    dispose([target, kernel, bias, transposed, ints]);
  });

  it("restores a TrainState field by field, naming opt_state and optState, with Flax's field errors", () => {
    const state = training.TrainState.create({ applyFn: () => 0, params: params(), tx: optax.adam(0.1) });
    const dict = serialization.toStateDict(state) as Record<string, unknown>;
    expect(() => serialization.fromStateDict(state, { ...dict, opt_state: { '0': {}, '1': {} } })).to.throw(
      "target dict contains keys {'count', 'mu', 'nu'} which are not present in state dict at path ./opt_state/0 (target.optState[0])",
    );
    const { step: _step, ...withoutStep } = dict;
    expect(() => serialization.fromStateDict(state, withoutStep)).to.throw(
      'Missing field step in state dict while restoring an instance of TrainState, at path .',
    );
    expect(() => serialization.fromStateDict(state, { ...dict, batch_stats: {} })).to.throw(
      'Unknown field(s) "batch_stats" in state dict while restoring an instance of TrainState at path .',
    );
    state.dispose();
  });

  it('refuses to register a class twice unless asked to override', () => {
    class Box {
      constructor(readonly value: unknown) {}
    }
    const toDict = (box: Box) => ({ value: box.value });
    const fromDict = (_box: Box, state: serialization.StateDict) => new Box(state.value);
    serialization.registerSerializationState(Box, toDict, fromDict);
    expect(() => {
      serialization.registerSerializationState(Box, toDict, fromDict);
    }).to.throw('a serialization handler for "Box" is already registered');
    serialization.registerSerializationState(Box, toDict, fromDict, { override: true });
    expect(serialization.toStateDict([new Box(1)])).to.deep.equal({ '0': { value: 1 } });
    expect(serialization.fromStateDict(new Box(0), { value: 2 })).to.deep.equal(new Box(2));
  });

  it('fromBytes leaves only the restored state allocated, also when it throws', () => {
    const p = params();
    const bytes = serialization.toBytes({ ...p, extra: tf.ones([4]) });
    const before = tf.memory().numTensors;
    const restored = serialization.fromBytes(p, bytes);
    expect(tf.memory().numTensors - before).to.equal(2);
    const wrong = { Dense_0: { kernel: tf.zeros([3, 2]), bias: tf.zeros([3]) } };
    const beforeError = tf.memory().numTensors;
    expect(() => serialization.fromBytes(wrong, bytes)).to.throw('Shape mismatch');
    expect(tf.memory().numTensors).to.equal(beforeError);
    dispose([p, restored, wrong]);
  });
});
