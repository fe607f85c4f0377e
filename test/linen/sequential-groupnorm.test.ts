// Parity with flax 0.12.8 for nn.Sequential and nn.GroupNorm (test/parity/layers.py → fixtures/layers.json): init
// bit for bit (param tree names included), apply and the gradients of sum(y · cot) within float32 tolerances,
// eagerly and under jit; vmap, memory and Flax's errors.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { grad, np, vmap, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';
import { MODES } from '../support/modes';
import {
  APPLY_TOLERANCE,
  camelAttrs,
  expectClose,
  expectModuleCase,
  GRAD_TOLERANCE,
  tensor,
  tensors,
  type ModuleCase,
} from './fixture';

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'layers.json'), 'utf8'),
) as { sequential: ModuleCase[]; groupNorm: ModuleCase[] };

/** A layer with a tuple output: Sequential spreads it into the next layer's arguments. */
const pairOfRelu = (x: NDArray): [NDArray, NDArray] => [x, nn.relu(x)];
const product = (a: NDArray, b: NDArray): NDArray => np.multiply(a, b);

/** A Sequential made inline in a compact method: its layers are children of this module (Dense_0, LayerNorm_0). */
class SequentialInCompact extends nn.Module {
  call(x: NDArray): NDArray {
    const layers = [new nn.Dense({ features: 3 }), nn.gelu, new nn.LayerNorm()];
    return new nn.Sequential({ layers }).call(x) as NDArray;
  }
}

/** The modules of the fixture's Sequential cases, in order (test/parity/layers.py, SEQUENTIAL_CASES). */
const SEQUENTIAL_MODULES: (() => nn.Module<object, string>)[] = [
  () =>
    new nn.Sequential({ layers: [new nn.Dense({ features: 4 }), nn.relu, new nn.Dense({ features: 2 })] }),
  () =>
    new nn.Sequential({
      layers: [
        new nn.Dense({ features: 4 }),
        pairOfRelu,
        product,
        new nn.Dense({ features: 3 }),
        new nn.GroupNorm({ numGroups: 3 }),
      ],
    }),
  () => new SequentialInCompact(),
];

for (const { name: mode, stage } of MODES)
  describe(`linen Sequential and GroupNorm: parity with flax 0.12.8, ${mode}`, () => {
    describe('Sequential', () => {
      fixture.sequential.forEach((c, i) => {
        it(`${c.name}: init bit for bit (tree names too), apply and gradients`, () => {
          expectModuleCase(`Sequential ${c.name}`, SEQUENTIAL_MODULES[i](), c, stage);
        });
      });
    });

    describe('GroupNorm', () => {
      for (const c of fixture.groupNorm) {
        it(`${c.name}: init bit for bit, apply and gradients`, () => {
          expectModuleCase(`GroupNorm ${c.name}`, new nn.GroupNorm(camelAttrs(c.attrs)), c, stage);
        });
      }
    });
  });

describe('linen Sequential and GroupNorm: vmap, memory and errors', () => {
  it('GroupNorm and a Sequential under vmap equal them on the batch', () => {
    // Unbatched inside vmap, the default reduction axes would drop an axis: give them explicitly, as Flax advises.
    const c = fixture.groupNorm[1];
    const layer = new nn.GroupNorm({ numGroups: 3, reductionAxes: [0, 1, 2] });
    const variables = tensors(c.variables);
    expectClose(
      'GroupNorm vmap',
      vmap((v: NDArray) => layer.apply(variables, [v]))(tensor(c.x)),
      c.y,
      APPLY_TOLERANCE,
    );
    const s = fixture.sequential[0];
    const mlp = SEQUENTIAL_MODULES[0]();
    const sVariables = tensors(s.variables);
    const perExample = vmap((v: NDArray) => mlp.apply(sVariables, [v] as never) as NDArray)(tensor(s.x));
    expectClose('Sequential vmap', perExample, s.y, APPLY_TOLERANCE);
  });

  it('per-example gradients of GroupNorm under vmap equal one gradient per example', () => {
    const c = fixture.groupNorm[3];
    const layer = new nn.GroupNorm({ numGroups: 2, reductionAxes: [1, 2], useScale: false });
    const params = tensors(c.variables).params;
    const x = tensor(c.x);
    const lossOf = (p: nn.Collection, v: NDArray): NDArray =>
      np.sum(np.square(layer.apply({ params: p }, [v])));
    const batched = vmap(grad(lossOf), { inAxes: [null, 0] })(params, x);
    const perBatch = new nn.GroupNorm({ numGroups: 2, reductionAxes: [2, 3], useScale: false });
    for (let i = 0; i < x.shape[0]; i++) {
      const xi = np.expandDims(np.index(x, i), 0);
      const one = grad((p: nn.Collection) => np.sum(np.square(perBatch.apply({ params: p }, [xi]))))(params);
      const single = one.bias as tf.Tensor;
      expectClose(
        `vmap grad bias ${i}`,
        np.index(batched.bias as NDArray, i),
        { shape: single.shape, data: Array.from(single.dataSync()) },
        GRAD_TOLERANCE,
      );
    }
  });

  it('Sequential: the first layer receives every argument, an array output is spread into the next', () => {
    const duplicate = (y: NDArray): [NDArray, NDArray] => [y, y];
    const chain = new nn.Sequential({ layers: [product, duplicate, product] });
    const y = chain.apply({}, [np.array([1, 2, 3]), np.array([2, 2, 2])]) as NDArray;
    expectClose('Sequential of functions', y, { shape: [3], data: [4, 16, 36] }, { atol: 0, rtol: 0 });
  });

  it('apply leaves exactly its result', () => {
    for (const [module, c] of [
      [new nn.GroupNorm({ numGroups: 3 }), fixture.groupNorm[1]],
      [SEQUENTIAL_MODULES[1](), fixture.sequential[1]],
    ] as [nn.Module<object, string>, ModuleCase][]) {
      const variables = tensors(c.variables);
      const x = tensor(c.x);
      const before = tf.memory().numTensors;
      const y = module.apply(variables, [x] as never) as tf.Tensor;
      expect(tf.memory().numTensors).to.equal(before + 1);
      y.dispose();
    }
  });

  it("errors: Flax's wording", () => {
    const x = np.ones([2, 6]);
    expect(() => new nn.Sequential({ layers: [] }).init(key(0), [x])).to.throw(
      'Empty Sequential module undefined.',
    );
    expect(() => new nn.Sequential({ layers: [], name: 'trunk' }).init(key(0), [x])).to.throw(
      'Empty Sequential module trunk.',
    );
    expect(() => new nn.GroupNorm({ numGroups: 4 }).init(key(0), [x])).to.throw(
      'Number of groups (4) does not divide the number of channels (6).',
    );
    expect(() => new nn.GroupNorm({ numGroups: null, groupSize: 4 }).init(key(0), [x])).to.throw(
      'Number of channels (6) is not multiple of the group size (4).',
    );
    const oneOf = 'Either `num_groups` or `group_size` should be specified.';
    expect(() => new nn.GroupNorm({ groupSize: 2 }).init(key(0), [x])).to.throw(oneOf);
    expect(() => new nn.GroupNorm({ numGroups: null }).init(key(0), [x])).to.throw(oneOf);
    expect(() => new nn.GroupNorm({ numGroups: 3, reductionAxes: [0] }).init(key(0), [x])).to.throw(
      'The reduction axes must include the final dimension as this is assumed to be the feature axis.',
    );
    expect(() => new nn.Sequential({ layers: [1] as never })).to.throw(
      RangeError,
      'must be a list of modules and functions, got the list [1].',
    );
    expect(() => new nn.GroupNorm({ numGroups: 2.5 })).to.throw(RangeError, 'a positive integer or null');
  });
});
