// Flax's one-compact-method rule: only setup() and the class's compact method create submodules, params and
// variables; the Flax texts are captured from flax 0.12.8 by test/parity/linen.py.
import { expect } from 'chai';
import { np, type NDArray } from '../../src/core';
import { shapes } from '../../src/core/tree';
import * as nn from '../../src/linen';
import { key } from '../../src/random';
import { fixture } from './fixture';

const { errors } = fixture;

/** Before the rule, `encode` silently reused `call`'s Dense_0 whenever the shapes matched. */
class TwoInlineMethods extends nn.Module {
  call(x: NDArray): NDArray {
    return new nn.Dense({ features: 3 }).call(x);
  }

  encode(x: NDArray): NDArray {
    return new nn.Dense({ features: 3 }).call(x);
  }

  makeParam(): NDArray {
    return this.param('w', nn.initializers.ones, [1]);
  }

  makeVariable(): NDArray {
    return this.variable('state', 'w', () => np.zeros([1])).value;
  }
}

class EncodeIsCompact extends nn.Module {
  static override compact = 'encode' satisfies nn.MethodName<EncodeIsCompact>;

  call(x: NDArray): NDArray {
    return new nn.Dense({ features: 2 }).call(x);
  }

  encode(x: NDArray): NDArray {
    return new nn.Dense({ features: 5 }).call(x);
  }
}

class SetupOnly extends nn.Module {
  static override compact = null;
  head!: nn.Dense;

  override setup(): void {
    this.head = new nn.Dense({ features: 2 });
  }

  call(x: NDArray): NDArray {
    return this.head.call(x);
  }

  extra(x: NDArray): NDArray {
    return new nn.Dense({ features: 2 }).call(x);
  }

  scaled(x: NDArray): NDArray {
    return np.multiply(x, this.param('scale', nn.initializers.ones, [1]));
  }
}

/** A method that is not compact may call the compact one: every call sees the same submodules (as in Flax). */
class CallsCompactTwice extends nn.Module {
  call(x: NDArray): NDArray {
    return new nn.Dense({ features: 3 }).call(x);
  }

  twice(x: NDArray): NDArray {
    return this.call(this.call(x));
  }
}

/** A helper called from the compact method creates children under the compact method's counters. */
class CompactWithHelper extends nn.Module {
  call(x: NDArray): NDArray {
    return this.block(this.block(x));
  }

  block(x: NDArray): NDArray {
    return new nn.Dense({ features: 3 }).call(x);
  }
}

describe('linen/compact: one compact method', () => {
  let x: NDArray;
  before(() => {
    x = np.ones([1, 3]);
  });

  it('call is compact by default: submodules created in it are auto-named Dense_N', () => {
    expect(shapes(new TwoInlineMethods().init(key(0), [x]))).to.deep.equal({
      params: { Dense_0: { kernel: [3, 3], bias: [3] } },
    });
  });

  it('a second method creating a submodule inline is AssignSubModuleError, not silent sharing of Dense_0', () => {
    const model = new TwoInlineMethods();
    const variables = model.init(key(0), [x]);
    const run = (): unknown => model.apply(variables, [x], { method: 'encode' });
    expect(run).to.throw(errors.assignSubModule);
    expect(run).to.throw(
      "flax-ts: TwoInlineMethods's compact method is TwoInlineMethods.call (its static compact; 'call' unless " +
        'declared), and this ran in TwoInlineMethods.encode.',
    );
    expect(() => model.init(key(0), [x], { method: 'encode' })).to.throw(errors.assignSubModule);
  });

  it('params and variables declared outside the compact method get Flax errors', () => {
    const model = new TwoInlineMethods();
    expect(() => model.init(key(0), [], { method: 'makeParam' })).to.throw(errors.paramOutsideCompact);
    expect(() => model.init(key(0), [], { method: 'makeVariable' })).to.throw(errors.variableOutsideCompact);
  });

  it('static compact names another method: that one creates inline, call may not', () => {
    const model = new EncodeIsCompact();
    expect(shapes(model.init(key(0), [x], { method: 'encode' }))).to.deep.equal({
      params: { Dense_0: { kernel: [3, 5], bias: [5] } },
    });
    expect(() => model.init(key(0), [x])).to.throw(errors.assignSubModule);
  });

  it('static compact = null: only setup creates; inline creation and params in methods are errors', () => {
    const model = new SetupOnly();
    const variables = model.init(key(0), [x]);
    expect(shapes(variables)).to.deep.equal({ params: { head: { kernel: [3, 2], bias: [2] } } });
    expect(() => model.apply(variables, [x], { method: 'extra' })).to.throw(errors.assignSubModule);
    expect(() => model.apply(variables, [x], { method: 'extra' })).to.throw(
      'SetupOnly has no compact method (static compact = null), and this ran in SetupOnly.extra.',
    );
    expect(() => model.init(key(0), [x], { method: 'scaled' })).to.throw(errors.paramOutsideCompact);
  });

  it('the compact method called twice from another method reuses its submodules (Flax: one Dense_0)', () => {
    const model = new CallsCompactTwice();
    const variables = model.init(key(0), [x], { method: 'twice' });
    expect(shapes(variables)).to.deep.equal({ params: { Dense_0: { kernel: [3, 3], bias: [3] } } });
    const once = model.apply(variables, [x]);
    expect(model.apply(variables, [once]).arraySync()).to.deep.equal(
      model.apply(variables, [x], { method: 'twice' }).arraySync(),
    );
  });

  it('helpers called from the compact method share its counters: Dense_0, Dense_1 (as Flax)', () => {
    expect(Object.keys(new CompactWithHelper().init(key(0), [x]).params)).to.deep.equal([
      'Dense_0',
      'Dense_1',
    ]);
  });

  it('a static compact naming no method is an error at the first instance', () => {
    class Typo extends nn.Module {
      static override compact = 'cal';
      call(v: NDArray): NDArray {
        return v;
      }
    }
    expect(() => new Typo()).to.throw(
      'Typo.compact names "cal", which is not a method of Typo: name the one method that creates submodules ' +
        'inline (call), or null for none (submodules in setup()).',
    );
    class Arrow extends nn.Module {
      call = (v: NDArray): NDArray => v;
    }
    expect(() => new Arrow()).to.throw('Arrow.compact names "call", which is not a method of Arrow');
  });

  it('the compact method of an unbound module is CallCompactUnboundModuleError', () => {
    expect(() => new nn.Dense({ features: 2 }).call(x)).to.throw(errors.unbound);
  });
});
