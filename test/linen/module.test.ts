// The Module system: attributes, naming, compact and setup styles, init/apply shapes, rngs, memory.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { np, valueAndGrad, type NDArray } from '../../src/core';
import { shapes } from '../../src/core/tree';
import * as nn from '../../src/linen';
import { key, keyData, type Key } from '../../src/core/random';

class TwoDense extends nn.Module<{ features?: number }> {
  readonly features = this.attr('features', 3);
  call(x: NDArray): NDArray {
    const h = new nn.Dense({ features: this.features }).call(x);
    const y = new nn.Dense({ features: 2 }).call(h);
    return new nn.BatchNorm({ useRunningAverage: true }).call(y);
  }
}

class Shared extends nn.Module {
  call(x: NDArray): NDArray {
    const dense = new nn.Dense({ features: 3, name: 'shared' });
    return dense.call(dense.call(x));
  }
}

class SetupStyle extends nn.Module<{ hidden: nn.Module }> {
  readonly hidden = this.attr('hidden');
  layers!: nn.Dense[];
  head!: nn.Dense;
  scale!: NDArray;

  override setup(): void {
    this.layers = [new nn.Dense({ features: 3 }), new nn.Dense({ features: 3 })];
    this.head = new nn.Dense({ features: 1 });
    this.scale = this.param('scale', nn.initializers.ones, [1]);
  }

  call(x: NDArray): NDArray {
    let h = (this.hidden as nn.Dense).call(x);
    for (const layer of this.layers) h = layer.call(h);
    return np.multiply(this.head.call(h), this.scale);
  }

  encode(x: NDArray): NDArray {
    return this.layers[0].call(x);
  }
}

class RngUser extends nn.Module {
  call(): [Key, Key, boolean, boolean] {
    return [this.makeRng('noise'), this.makeRng('noise'), this.hasRng('noise'), this.isInitializing()];
  }
}

describe('linen/module', () => {
  let x: NDArray;
  beforeEach(() => {
    x = np.ones([2, 4]);
  });

  describe('attributes', () => {
    it('reads attributes with defaults; a missing required one is named', () => {
      expect(new nn.Dense({ features: 5 }).useBias).to.equal(true);
      expect(new nn.Dense({ features: 5, useBias: false }).useBias).to.equal(false);
      expect(() => new (nn.Dense as unknown as new (a: object) => nn.Dense)({})).to.throw(
        'Dense is missing the required attribute "features"',
      );
    });

    it('an unknown attribute (a typo) is an error at first use', () => {
      const typo = new nn.Dense({ features: 2, usebias: false } as unknown as nn.DenseAttrs);
      expect(() => typo.init(key(0), [x])).to.throw(
        'Dense got an unexpected attribute "usebias" (its attributes are: features, useBias, kernelInit, biasInit, name).',
      );
    });

    it('clone(overrides) makes a new module; partial fixes attributes for a factory', () => {
      const dense = new nn.Dense({ features: 2 });
      const wider = dense.clone({ features: 6 });
      expect([dense.features, wider.features]).to.deep.equal([2, 6]);
      const factory = nn.partial(nn.Dropout, { rate: 0.3, deterministic: true });
      const dropout = factory({ rate: 0.4 });
      expect(dropout).to.be.instanceOf(nn.Dropout);
      expect([dropout.rate, dropout.deterministic]).to.deep.equal([0.4, true]);
    });

    it('modules are frozen after first use, and attributes may not be assigned in setup', () => {
      const dense = new nn.Dense({ features: 2 });
      dense.init(key(0), [x]);
      expect(() => {
        (dense as unknown as Record<string, number>).features = 3;
      }).to.throw('Module instance is frozen outside of setup method.');
      class AssignsAttribute extends nn.Module<{ size?: number }> {
        readonly size = this.attr('size', 1);
        override setup(): void {
          (this as unknown as Record<string, number>).size = 2;
        }
        call(v: NDArray): NDArray {
          return v;
        }
      }
      expect(() => new AssignsAttribute().init(key(0), [x])).to.throw(
        'Module construction attributes are frozen.',
      );
    });
  });

  describe('compact style', () => {
    it('names submodules ClassName_N, one counter per class', () => {
      const variables = new TwoDense().init(key(0), [x]);
      expect(shapes(variables)).to.deep.equal({
        params: {
          Dense_0: { kernel: [4, 3], bias: [3] },
          Dense_1: { kernel: [3, 2], bias: [2] },
          BatchNorm_0: { scale: [2], bias: [2] },
        },
        batch_stats: { BatchNorm_0: { mean: [2], var: [2] } },
      });
    });

    it('a module called twice shares its params; the same apply twice gives the same output', () => {
      const variables = new Shared().init(key(0), [np.ones([2, 3])]);
      expect(shapes(variables)).to.deep.equal({ params: { shared: { kernel: [3, 3], bias: [3] } } });
      const model = new TwoDense();
      const vars = model.init(key(1), [x]);
      const a = model.apply(vars, [x]);
      const b = model.apply(vars, [x]);
      expect(a.arraySync()).to.deep.equal(b.arraySync());
    });
  });

  describe('setup style', () => {
    it('names fields by key (arrays as key_i), adopts module attributes, keeps the given instance unbound', () => {
      const hidden = new nn.Dense({ features: 5 });
      const model = new SetupStyle({ hidden });
      const variables = model.init(key(0), [x]);
      expect(shapes(variables)).to.deep.equal({
        params: {
          hidden: { kernel: [4, 5], bias: [5] },
          layers_0: { kernel: [5, 3], bias: [3] },
          layers_1: { kernel: [3, 3], bias: [3] },
          head: { kernel: [3, 1], bias: [1] },
          scale: [1],
        },
      });
      expect(hidden.name).to.equal(undefined);
      expect(() => hidden.path).to.throw("Can't access module paths on unbound modules.");
    });

    it("runs another method with { method } ('encode'), and rejects a method it does not have", () => {
      const model = new SetupStyle({ hidden: new nn.Dense({ features: 4 }) });
      const variables = model.init(key(0), [x]);
      expect(model.apply(variables, [x], { method: 'encode' }).shape).to.deep.equal([2, 3]);
      expect(() => model.apply(variables, [x], { method: 'decode' as 'encode' })).to.throw(
        'Cannot call apply(): decode is not a valid function for apply().',
      );
    });
  });

  describe('init and apply', () => {
    it('apply returns y, or [y, mutated] with mutable (true: every collection)', () => {
      const model = new TwoDense();
      const variables = model.init(key(0), [x]);
      expect(model.apply(variables, [x])).to.be.instanceOf(tf.Tensor);
      const [, all] = model.apply(variables, [x], { mutable: true });
      expect(Object.keys(all).sort()).to.deep.equal(['batch_stats', 'params']);
      const [, stats] = model.apply(variables, [x], { mutable: 'batch_stats' });
      expect(Object.keys(stats)).to.deep.equal(['batch_stats']);
    });

    it('initWithOutput returns the output too; init with a mutable list creates only those', () => {
      const [y, variables] = new TwoDense().initWithOutput(key(0), [x]);
      expect(y.shape).to.deep.equal([2, 2]);
      expect(Object.keys(variables).sort()).to.deep.equal(['batch_stats', 'params']);
      expect(() => new TwoDense().init(key(0), [x], { mutable: ['params'] })).to.throw(
        'Tried to access "mean" from collection "batch_stats" in "/BatchNorm_0" but the collection is empty.',
      );
    });

    it('init, initWithOutput and apply stay bound when passed around as functions (apply_fn=model.apply)', () => {
      const model = new TwoDense();
      // Typed as function-valued properties, so @typescript-eslint/unbound-method accepts detaching them.
      const { init, initWithOutput, apply } = model;
      const variables = init(key(0), [x]);
      expect(shapes(variables)).to.deep.equal(shapes(model.init(key(0), [x])));
      expect(initWithOutput(key(0), [x])[0].shape).to.deep.equal([2, 2]);
      const holder = { applyFn: model.apply };
      expect((holder.applyFn(variables, [x]) as tf.Tensor).arraySync()).to.deep.equal(
        (apply(variables, [x]) as tf.Tensor).arraySync(),
      );
      // Bound, but not attributes: they stay out of the module's own enumerable keys and of clones' attributes.
      expect(Object.keys(model)).to.deep.equal(['features']);
      expect(Object.keys(model.clone({ features: 5 }))).to.deep.equal(['features']);
    });

    it('checks rngs and the arguments array', () => {
      const dense = new nn.Dense({ features: 2 });
      expect(() => dense.init(42 as unknown as Key, [x])).to.throw(
        'RNGs should be of shape (2,) or PRNGKey in Module Dense, but rngs are: 42',
      );
      expect(() => dense.init({ params: 'k' as unknown as Key }, [x])).to.throw(
        'rngs should be a dictionary mapping strings to',
      );
      expect(() => dense.init(key(0), x as unknown as [NDArray])).to.throw(
        "pass the method's arguments as one array, e.g. model.apply(variables, [x, true])",
      );
    });

    it('nn.pop splits a collection off, leaving the input unchanged', () => {
      const variables = new TwoDense().init(key(0), [x]);
      const [state, params] = nn.pop(variables, 'params');
      expect(Object.keys(state)).to.deep.equal(['batch_stats']);
      expect(params).to.equal(variables.params);
      expect(Object.keys(variables).sort()).to.deep.equal(['batch_stats', 'params']);
      expect(() => nn.pop(state, 'params')).to.throw(
        'pop: the variables have no collection "params" (they have: batch_stats).',
      );
    });

    it('leaves no tensors behind but its results', () => {
      const model = new TwoDense();
      const variables = model.init(key(0), [x]);
      const before = tf.memory().numTensors;
      const [y, updated] = model.apply(variables, [x], { mutable: ['batch_stats'] });
      // y is new; batch_stats came in unchanged (useRunningAverage), so no other tensor survives.
      expect(tf.memory().numTensors).to.equal(before + 1);
      expect(updated.batch_stats).to.deep.equal(variables.batch_stats);
      y.dispose();
      const beforeInit = tf.memory().numTensors;
      const fresh = model.init(key(1), [x]);
      expect(tf.memory().numTensors).to.equal(beforeInit + 8);
      expect(Object.keys(shapes(fresh.params) as object)).to.have.length(3);
    });

    it('works inside valueAndGrad: gradients of the loss with respect to params', () => {
      const dense = new nn.Dense({ features: 1 });
      const variables = dense.init(key(0), [x]);
      const loss = (params: nn.Collection): NDArray => np.sum(dense.apply({ params }, [x]));
      const [value, grads] = valueAndGrad(loss)(variables.params);
      expect(value.shape).to.deep.equal([]);
      expect(shapes(grads)).to.deep.equal({ kernel: [4, 1], bias: [1] });
      // d/d bias of sum over 2 rows is 2 for each output.
      expect((grads.bias as tf.Tensor).arraySync()).to.deep.equal([x.shape[0]]);
    });
  });

  describe('rngs', () => {
    it('makeRng gives a new key per call, falls back to params, and isInitializing tells init from apply', () => {
      const [[a, b, hasNoise, initializing]] = [new RngUser().initWithOutput(key(0), [])[0]];
      expect(keyData(a)).to.not.deep.equal(keyData(b));
      expect([hasNoise, initializing]).to.deep.equal([false, true]);
      const [c, , hasNoiseNow, initializingNow] = new RngUser().apply({}, [], { rngs: { noise: key(0) } });
      expect(keyData(c)).to.deep.equal(keyData(a));
      expect([hasNoiseNow, initializingNow]).to.deep.equal([true, false]);
    });
  });

  describe('sow', () => {
    /** Sows its input twice by default (a list), and its sum into a running total (reduceFn, initFn). */
    class Sower extends nn.Module {
      call(input: NDArray): [NDArray, boolean] {
        const sown = this.sow('intermediates', 'seen', input);
        this.sow('intermediates', 'seen', np.multiply(input, 2));
        const total = (sum: NDArray, value: NDArray): NDArray => np.add(sum, np.sum(value));
        this.sow('intermediates', 'total', input, { reduceFn: total, initFn: () => np.zeros([]) });
        this.sow('intermediates', 'total', input, { reduceFn: total, initFn: () => np.zeros([]) });
        return [input, sown];
      }
    }

    it("appends to a list, or reduces with reduceFn from initFn, as Flax's sow", () => {
      const [[, sown], state] = new Sower().apply({}, [x], { mutable: ['intermediates'] });
      expect(sown).to.equal(true);
      const { seen, total } = state.intermediates as unknown as { seen: NDArray[]; total: NDArray };
      expect(seen.map((v) => v.arraySync())).to.deep.equal([x.arraySync(), np.multiply(x, 2).arraySync()]);
      expect(total.item()).to.equal(16);
    });

    it('does nothing and returns false when the collection is not mutable', () => {
      const [, sown] = new Sower().apply({}, [x]);
      expect(sown).to.equal(false);
    });
  });
});
