// Parity with flax 0.12.8 for nn.ConvTranspose (test/parity/layers.py, conv_transpose_cases → fixtures/layers.json):
// init bit for bit, apply and the gradients of sum(y · cot) within float32 tolerances, eagerly and under jit, for
// 1-D, 2-D and 3-D inputs; vmap, memory and Flax's errors.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { np, vmap, type NDArray } from '../../src/core';
import * as nn from '../../src/linen';
import { key } from '../../src/random';
import { MODES } from '../support/modes';
import {
  APPLY_TOLERANCE,
  expectClose,
  expectModuleCase,
  maskedAttrs,
  tensor,
  tensors,
  type MaskedCase,
  type ModuleCase,
} from './fixture';

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'layers.json'), 'utf8'),
) as { convTranspose: MaskedCase[] };

const layerOf = (c: MaskedCase): nn.ConvTranspose =>
  new nn.ConvTranspose(maskedAttrs(c) as unknown as nn.ConvTransposeAttrs);

const caseNamed = (name: string): ModuleCase => {
  const found = fixture.convTranspose.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no ConvTranspose case "${name}" in layers.json`);
  return found;
};

for (const { name: mode, stage } of MODES)
  describe(`nn.ConvTranspose: parity with flax 0.12.8, ${mode}`, () => {
    for (const c of fixture.convTranspose) {
      it(`${c.name}: init bit for bit, apply and gradients`, () => {
        expectModuleCase(`ConvTranspose ${c.name}`, layerOf(c), c, stage);
      });
    }
  });

describe('nn.ConvTranspose: vmap, memory and errors', () => {
  it('under vmap equals ConvTranspose on the batch (an unbatched example inside)', () => {
    const c = caseNamed('2-D SAME strided');
    const layer = layerOf(c);
    const variables = tensors(c.variables);
    const perExample = vmap((v: NDArray) => layer.apply(variables, [v]))(tensor(c.x));
    expectClose('ConvTranspose vmap', perExample, c.y, APPLY_TOLERANCE);
  });

  it('apply leaves exactly its result', () => {
    const c = caseNamed('3-D CIRCULAR strided');
    const layer = layerOf(c);
    const variables = tensors(c.variables);
    const x = tensor(c.x);
    const before = tf.memory().numTensors;
    const y = layer.apply(variables, [x]) as tf.Tensor;
    expect(tf.memory().numTensors).to.equal(before + 1);
    y.dispose();
  });

  it('inputs of the wrong rank are refused: too few axes for kernelSize, or more than 3 spatial axes', () => {
    expect(() =>
      new nn.ConvTranspose({ features: 4, kernelSize: [3, 3] }).init(key(0), [np.ones([8, 3])]),
    ).to.throw('ConvTranspose: the input [8,3] has fewer axes than kernelSize [3,3] plus a feature axis.');
    expect(() =>
      new nn.ConvTranspose({ features: 2, kernelSize: [2, 2, 2, 2] }).init(key(0), [
        np.ones([1, 3, 3, 3, 3, 2]),
      ]),
    ).to.throw(
      'convTranspose: lhs must be [N, ...spatial, features] with 1 to 3 spatial axes, got [1, 3, 3, 3, 3, 2]',
    );
  });

  it("a kernel of another size: Flax's ScopeParamShapeError", () => {
    const x = np.ones([1, 8, 3]);
    const variables = new nn.ConvTranspose({ features: 4, kernelSize: 3 }).init(key(0), [x]);
    expect(() => new nn.ConvTranspose({ features: 4, kernelSize: 5 }).apply(variables, [x])).to.throw(
      'For parameter "kernel" in "/", the given initializer is expected to generate shape (5, 3, 4), but the ' +
        'existing parameter it received has shape (3, 3, 4).',
    );
  });

  it("bad paddings and masks: Flax's wording, or ours where Flax fails inside jax", () => {
    const x = np.ones([1, 8, 3]);
    const init = (attrs: Partial<nn.ConvTransposeAttrs>) => () =>
      new nn.ConvTranspose({ features: 4, kernelSize: 3, ...attrs }).init(key(0), [x]);
    expect(init({ padding: [1, 2, 3] })).to.throw(
      'Invalid padding format: [1,2,3], should be str, int, or a sequence of len 1 where each element is an int ' +
        'or pair of ints.',
    );
    expect(init({ padding: 'REFLECT' as nn.ConvTransposePadding, strides: 2 })).to.throw(
      `ConvTranspose: unknown padding "REFLECT" (use 'SAME', 'VALID', 'CIRCULAR', an integer, or one integer or ` +
        '[low, high] pair per spatial axis).',
    );
    expect(init({ mask: np.ones([3, 3, 3]) })).to.throw(
      'Mask needs to have the same shape as weights. Shapes are: (3, 3, 3), (3, 3, 4)',
    );
    expect(
      () => new nn.ConvTranspose({ features: 4, kernelSize: 3, mask: [1] as unknown as NDArray }),
    ).to.throw('ConvTranspose: the attribute "mask" must be an array, got the list [1].');
  });
});
