// Parity with flax 0.12.8: init, apply and layer outputs against test/parity/fixtures/linen.json.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { np, vmap, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { Key, key } from '../../src/random';
import { BiasAdderWithRunningMean, StateMLP } from '../support/guide-models';
import { MODES } from '../support/modes';
import { camelAttrs, expectClose, fixture, measured, tensor, tensors } from './fixture';

class GuideMLP extends nn.Module {
  call(x: NDArray, train: boolean): NDArray {
    let h = new nn.Dense({ features: 4 }).call(x);
    h = new nn.BatchNorm({ useRunningAverage: !train }).call(h);
    h = nn.relu(h);
    return new nn.Dense({ features: 1 }).call(h);
  }
}

class MlpBn extends nn.Module<{ axisName?: string }> {
  readonly axisName = this.attr('axisName', undefined);

  call(x: NDArray): NDArray {
    const h = new nn.Dense({ features: 3 }).call(x);
    return new nn.BatchNorm({ axisName: this.axisName, useRunningAverage: false }).call(h);
  }
}

class DropoutMLP extends nn.Module {
  call(x: NDArray, train: boolean): NDArray {
    const h = new nn.Dense({ features: 4 }).call(x);
    return new nn.Dropout({ rate: 0.5, deterministic: !train }).call(h);
  }
}

class TwoRReLU extends nn.Module {
  call(x: NDArray): NDArray {
    const first = new nn.RReLU().call(x, false);
    return new nn.RReLU().call(np.subtract(first, 0.5), false);
  }
}

for (const { name: mode, stage } of MODES)
  describe(`linen parity with flax 0.12.8, ${mode}`, () => {
    after(() => {
      const worst = measured.reduce(
        (w, m) => ({ abs: Math.max(w.abs, m.maxAbs), rel: Math.max(w.rel, m.maxRel) }),
        {
          abs: 0,
          rel: 0,
        },
      );
      console.log(
        `      linen parity: ${measured.length} comparisons, max abs ${worst.abs}, max rel ${worst.rel}`,
      );
    });

    describe('Dense', () => {
      const { dense } = fixture;

      it("init gives flax's kernel and bias bit for bit (the guide's Dense(4) on ones((1, 3)))", () => {
        const variables = stage(new nn.Dense({ features: 4 }).init)(key(0), [np.ones([1, 3])]);
        expectClose('Dense guide init', variables, dense.guideInit, { atol: 0, rtol: 0 });
      });

      it('init and apply match on a random input; useBias false has no bias', () => {
        const x = tensor(dense.x);
        const model = new nn.Dense({ features: 3 });
        const variables = stage(model.init)(key(0), [x]);
        expectClose('Dense init', variables, dense.variables, { atol: 0, rtol: 0 });
        expectClose('Dense apply', stage(model.apply)(tensors(dense.variables), [x]), dense.y);
        expectClose(
          'Dense no bias',
          stage(new nn.Dense({ features: 2, useBias: false }).init)(key(3), [x]),
          dense.noBias,
          {
            atol: 0,
            rtol: 0,
          },
        );
      });
    });

    describe('BatchNorm', () => {
      for (const c of fixture.batchNorm) {
        it(`${c.name}: init, train apply with batch_stats, eval apply`, () => {
          const x = tensor(c.x);
          const bn = new nn.BatchNorm(camelAttrs(c.attrs));
          expectClose(`BatchNorm ${c.name} init`, stage(bn.init)(key(1), [x, false]), c.variables, {
            atol: 0,
            rtol: 0,
          });
          const [y, updates] = stage(bn.apply)(tensors(c.variables), [x, false], {
            mutable: ['batch_stats'],
          });
          expectClose(`BatchNorm ${c.name} train`, y, c.y);
          expectClose(`BatchNorm ${c.name} batch_stats`, updates.batch_stats, c.batchStats);
          const evalVars = { params: tensors(c.variables).params, batch_stats: updates.batch_stats };
          expectClose(`BatchNorm ${c.name} eval`, stage(bn.apply)(evalVars, [x, true]), c.yEval);
        });
      }
    });

    describe("the batch-norm guide's MLP", () => {
      const { guideMlp } = fixture;

      it('init (train=false) gives the same params and batch_stats', () => {
        const variables = stage(new GuideMLP().init)(key(0), [np.ones([1, 3]), false]);
        expectClose('guide MLP init', variables, guideMlp.variables, { atol: 1e-6, rtol: 0 });
      });

      it('train apply updates batch_stats as flax does; eval apply uses them', () => {
        const model = new GuideMLP();
        const x = tensor(guideMlp.x);
        const variables = tensors(guideMlp.variables);
        const [y, updates] = stage(model.apply)(variables, [x, true], { mutable: ['batch_stats'] });
        expectClose('guide MLP train', y, guideMlp.yTrain);
        expectClose('guide MLP batch_stats', updates.batch_stats, guideMlp.batchStats);
        const trained = { params: variables.params, batch_stats: updates.batch_stats };
        expectClose('guide MLP eval', stage(model.apply)(trained, [x, false]), guideMlp.yEval);
      });
    });

    describe('the state guide', () => {
      const { biasAdder, mlp } = fixture.stateGuide;

      it('BiasAdderWithRunningMean: init and a mutable apply', () => {
        const model = new BiasAdderWithRunningMean();
        expectClose('BiasAdder init', stage(model.init)(key(0), [np.ones([3, 4])]), biasAdder.variables, {
          atol: 0,
          rtol: 0,
        });
        const [y, updates] = stage(model.apply)(tensors(biasAdder.variables), [tensor(biasAdder.x)], {
          mutable: ['batch_stats'],
        });
        expectClose('BiasAdder apply', y, biasAdder.y);
        expectClose('BiasAdder batch_stats', updates.batch_stats, biasAdder.batchStats);
      });

      it("MLP(hidden 10, out 1) with BatchNorm(axisName 'batch'): init, vmapped train apply, eval apply", () => {
        const model = new StateMLP({ hiddenSize: 10, outSize: 1 });
        expectClose('state MLP init', stage(model.init)(key(0), [np.ones([100])]), mlp.variables, {
          atol: 1e-6,
          rtol: 0,
        });
        const [state, params] = nn.pop(tensors(mlp.variables), 'params');
        const perExample = (x: NDArray): [NDArray, nn.Variables] =>
          stage(model.apply)({ params, ...state }, [x, true], { mutable: Object.keys(state) });
        const [preds, newState] = vmap(perExample, { outAxes: [0, null], axisName: 'batch' })(tensor(mlp.xs));
        expectClose('state MLP vmapped preds', preds, mlp.preds);
        expectClose('state MLP batch_stats', newState.batch_stats, mlp.batchStats);
        const evalPreds = vmap((x: NDArray) => stage(model.apply)({ params, ...newState }, [x]))(
          tensor(mlp.xs),
        );
        expectClose('state MLP eval preds', evalPreds, mlp.evalPreds);
      });
    });

    it("flax's test_vmap_batchnorm: BatchNorm(axisName) under vmap equals BatchNorm on the whole batch", () => {
      const c = fixture.vmapBatchNorm;
      const initKey = new Key([], new Uint32Array(c.initKey));
      const variables = stage(new MlpBn().init)(initKey, [tensor(c.x)]);
      expectClose('MlpBn init', variables, c.variables, { atol: 0, rtol: 0 });
      const x2 = tensor(c.x2);
      const [full, fullUpdates] = stage(new MlpBn().apply)(variables, [np.reshape(x2, [-1, 4])], {
        mutable: ['batch_stats'],
      });
      const vmapped = vmap(
        (x: NDArray) =>
          stage(new MlpBn({ axisName: 'batch' }).apply)(variables, [x], { mutable: ['batch_stats'] }),
        {
          outAxes: [0, null],
          axisName: 'batch',
        },
      );
      const [y, updates] = vmapped(x2);
      expectClose('vmap BatchNorm y', y, c.y, { atol: 1e-5, rtol: 0 });
      expectClose('vmap BatchNorm stats', updates.batch_stats, c.batchStats);
      expectClose('full-batch BatchNorm y', np.reshape(full, [5, 4, 3]), c.y, { atol: 1e-5, rtol: 0 });
      expectClose('full-batch BatchNorm stats', fullUpdates.batch_stats, c.batchStats);
    });

    describe('Dropout', () => {
      const { dropout } = fixture;
      for (const c of dropout.cases) {
        it(`${c.name}: the same mask as flax for the same key`, () => {
          const layer = new nn.Dropout(camelAttrs(c.attrs) as { rate: number });
          const y = stage(layer.apply)({}, [tensor(dropout.x), false], { rngs: { dropout: key(c.seed) } });
          expectClose(`Dropout ${c.name}`, y, c.y);
        });
      }

      it("the docstring's MLP: init, then the documented train output with key(1)", () => {
        const model = new DropoutMLP();
        const variables = stage(model.init)(key(0), [np.ones([1, 3]), false]);
        expectClose('Dropout MLP init', variables, dropout.mlp.variables, { atol: 0, rtol: 0 });
        const y = stage(model.apply)(variables, [np.ones([1, 3]), true], { rngs: { dropout: key(1) } });
        expectClose('Dropout MLP train', y, dropout.mlp.y);
      });
    });

    describe('activations, PReLU and RReLU', () => {
      const a = fixture.activations;
      let x: tf.Tensor;
      before(() => {
        x = tensor(a.x);
      });

      it("PReLU: flax's scalar slope 0.01, and the forward pass with a trained slope", () => {
        const prelu = new nn.PReLU();
        const variables = stage(prelu.init)(key(0), [x]);
        expectClose('PReLU init', variables, a.prelu.variables, { atol: 0, rtol: 0 });
        expectClose('PReLU apply', stage(prelu.apply)(variables, [x]), a.prelu.y);
        const trained = { params: { negative_slope: tf.scalar(0.3) } };
        expectClose('PReLU trained', stage(prelu.apply)(trained, [x]), a.prelu.yTrained);
      });

      it('PReLU numParameters C: one slope per channel (reference module in flax)', () => {
        const prelu = new nn.PReLU({ numParameters: 4, negativeSlopeInit: 0.25 });
        const variables = tensors(a.channelPrelu.variables);
        expectClose('PReLU per-channel', stage(prelu.apply)(variables, [x]), a.channelPrelu.y);
        expect(tf.memory().numTensors).to.be.greaterThan(0);
      });

      it("RReLU: random slopes from the 'rrelu' stream match the reference; eval uses the mean slope", () => {
        const rngs = { rrelu: key(5) };
        expectClose('RReLU train', stage(new nn.RReLU().apply)({}, [x, false], { rngs }), a.rrelu.yTrain);
        expectClose('RReLU eval', stage(new nn.RReLU().apply)({}, [x, true]), a.rrelu.yEval);
        expectClose('RReLU nested paths', stage(new TwoRReLU().apply)({}, [x], { rngs }), a.rrelu.yNested);
      });

      it('the activation functions re-exported by nn', () => {
        const fns: Record<string, (v: NDArray) => NDArray> = {
          relu: nn.relu,
          gelu: (v) => nn.gelu(v),
          sigmoid: nn.sigmoid,
          tanh: nn.tanh,
          softmax: (v) => nn.softmax(v),
          logSoftmax: (v) => nn.logSoftmax(v),
        };
        for (const [name, fn] of Object.entries(fns)) expectClose(`nn.${name}`, fn(x), a.functions[name]);
      });
    });

    describe('initializers', () => {
      const build = (name: string, args: (number | string)[]): nn.Initializer => {
        const factory = (nn.initializers as unknown as Record<string, (...a: unknown[]) => nn.Initializer>)[
          name
        ];
        return factory(...args);
      };
      for (const c of fixture.initializers) {
        it(`${c.name}(${c.args.join(', ')}) on shape [${c.shape.join(', ')}] is bit-identical to jax`, () => {
          const value = build(c.name, c.args)(key(42), c.shape);
          expectClose(`init ${c.name} ${c.shape.join('x')}`, value, c.value, { atol: 0, rtol: 0 });
        });
      }
    });
  });
