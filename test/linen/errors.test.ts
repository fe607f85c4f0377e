// Every error with Flax's wording: the expected texts are captured from flax 0.12.8 by test/parity/linen.py.
import { expect } from 'chai';
import { np, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';
import { fixture } from './fixture';

const { errors } = fixture;

class GuideMLP extends nn.Module {
  call(x: NDArray, train: boolean): NDArray {
    const h = new nn.BatchNorm({ useRunningAverage: !train }).call(new nn.Dense({ features: 4 }).call(x));
    return new nn.Dense({ features: 1 }).call(nn.relu(h));
  }
}

class SetsAttribute extends nn.Module {
  call(x: NDArray): NDArray {
    (this as unknown as Record<string, number>).foo = 3;
    return x;
  }
}

class DuplicateParam extends nn.Module {
  call(x: NDArray): NDArray {
    this.param('x', nn.initializers.zeros, [1]);
    this.param('x', nn.initializers.zeros, [1]);
    return x;
  }
}

class DuplicateSubmodule extends nn.Module {
  call(x: NDArray): NDArray {
    new nn.Dense({ features: 3, name: 'a' }).call(x);
    new nn.Dense({ features: 3, name: 'a' }).call(x);
    return x;
  }
}

class DenseInside extends nn.Module {
  call(x: NDArray): NDArray {
    return new nn.Dense({ features: 4 }).call(x);
  }
}

class DropoutInside extends nn.Module {
  call(x: NDArray): NDArray {
    return new nn.Dropout({ rate: 0.5, deterministic: false }).call(x);
  }
}

describe("linen errors use flax's messages", () => {
  let x: NDArray;
  before(() => {
    x = np.ones([2, 3]);
  });

  it('updating a variable of an immutable collection (ModifyScopeVariableError)', () => {
    const variables = new GuideMLP().init(key(0), [x, false]);
    expect(() => new GuideMLP().apply(variables, [x, true])).to.throw(errors.immutable);
  });

  it('a param or submodule name used twice (NameInUseError)', () => {
    expect(() => new DuplicateParam().init(key(0), [x])).to.throw(errors.paramInUse);
    expect(() => new DuplicateSubmodule().init(key(0), [x])).to.throw(errors.submoduleInUse);
  });

  it('a missing rng stream (InvalidRngError)', () => {
    expect(() => new DropoutInside().apply({}, [x])).to.throw(errors.missingRng);
  });

  it('params whose shapes do not match the module (ScopeParamShapeError)', () => {
    const wrong = { params: { Dense_0: { kernel: np.ones([2, 4]), bias: np.zeros([4]) } } };
    expect(() => new DenseInside().apply(wrong, [x])).to.throw(errors.paramShape);
  });

  it('calling a module method outside init/apply (CallCompactUnboundModuleError)', () => {
    expect(() => new nn.Dense({ features: 4 }).call(x)).to.throw(errors.unbound);
  });

  it('assigning to a module outside setup (SetAttributeFrozenModuleError)', () => {
    expect(() => new SetsAttribute().init(key(0), [x])).to.throw(errors.frozen);
  });

  it("mergeParam's two messages, through Dropout's deterministic", () => {
    expect(() => new nn.Dropout({ rate: 0.5 }).apply({}, [x])).to.throw(errors.mergeNeither);
    expect(() => new nn.Dropout({ rate: 0.5, deterministic: true }).apply({}, [x, false])).to.throw(
      errors.mergeBoth,
    );
  });

  it('missing collections and params, and params nested one level too deep', () => {
    const variables = new DenseInside().init(key(0), [x]);
    const dense = variables.params.Dense_0 as Record<string, NDArray>;
    expect(() => new DenseInside().apply({}, [x])).to.throw(errors.collectionNotFound);
    expect(() => new DenseInside().apply({ params: { Dense_0: { kernel: dense.kernel } } }, [x])).to.throw(
      errors.paramNotFound,
    );
    expect(() => new DenseInside().apply({ params: variables }, [x])).to.throw(errors.nestedParams);
  });

  it('an unknown collection in mutable names it (flax silently returns {} instead)', () => {
    const variables = new DenseInside().init(key(0), [x]);
    expect(() => new DenseInside().apply(variables, [x], { mutable: ['batch_stat'] })).to.throw(
      /mutable names the collection "batch_stat", which the variables do not have and the module did not create \(collections: params\)/,
    );
  });
});
