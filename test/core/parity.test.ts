// vmap, grad and collectives against the numbers the real jax 0.10.2 computes (test/parity/core.py).
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, pmean, psum, tree, valueAndGrad, vmap, grad, type NDArray } from '../../src';
import fixture from '../parity/fixtures/core.json';
import { expectClose, FLOAT32_PARITY, type Nested } from '../support/close';
import { MODES } from '../support/modes';

type Params = Record<'w1' | 'b1' | 'w2' | 'b2', NDArray>;

function mlp(params: Params, x: NDArray): NDArray {
  const h = np.tanh(np.add(np.matmul(x, params.w1), params.b1));
  return np.add(np.matmul(h, params.w2), params.b2);
}

function exampleLoss(params: Params, x: NDArray, y: NDArray): NDArray {
  return np.sum(np.square(np.subtract(mlp(params, x), y)));
}

function expectTreeClose(
  actual: Record<string, NDArray>,
  expected: Record<string, Nested>,
  what: string,
): void {
  expect(Object.keys(actual).sort()).to.deep.equal(Object.keys(expected).sort());
  for (const key of Object.keys(expected)) close(actual[key], expected[key], `${what}.${key}`);
}

/** The largest relative error each case showed, printed once at the end (for the closing note). */
const worst = new Map<string, number>();
function close(actual: NDArray, expected: Nested, what: string): void {
  const error = expectClose(actual, expected, FLOAT32_PARITY, what);
  const test = what.split('.')[0];
  worst.set(test, Math.max(worst.get(test) ?? 0, error));
}

for (const { name: mode, stage } of MODES)
  describe(`core parity with jax 0.10.2, ${mode}`, () => {
    let params: Params;
    let x: NDArray;
    let y: NDArray;

    before(() => {
      // Fixture arrays are nested lists, which are trees themselves: convert them one entry at a time.
      const stored: Record<string, Nested> = fixture.inputs.params;
      params = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, np.array(v)])) as Params;
      x = np.array(fixture.inputs.x);
      y = np.array(fixture.inputs.y);
    });

    after(() => {
      tree.dispose([params, x, y]);
      const report = [...worst].map(([what, error]) => `${what} ${error.toExponential(1)}`).join(', ');
      console.log(`      max relative error per case: ${report}`);
    });

    it('vmap of a forward pass with unmapped parameters', () => {
      const out = stage(vmap(mlp, { inAxes: [null, 0] }))(params, x);
      close(out, fixture.vmap_forward, 'vmap_forward');
    });

    it('per-example gradients: vmap of grad', () => {
      const grads = stage(vmap(grad(exampleLoss), { inAxes: [null, 0, 0] }))(params, x, y);
      expectTreeClose(grads, fixture.per_example_grads, 'per_example_grads');
    });

    it('grad of the mean of a vmapped loss', () => {
      const meanLoss = (p: Params) => np.mean(vmap(exampleLoss, { inAxes: [null, 0, 0] })(p, x, y));
      const [value, grads] = stage(valueAndGrad(meanLoss))(params);
      close(value, fixture.grad_of_vmap.value, 'value');
      expectTreeClose(grads, fixture.grad_of_vmap.grads, 'grads');
    });

    it('pmean over a named axis, with the mean returned unmapped', () => {
      const normalize = (v: NDArray): [NDArray, NDArray] => {
        const mean = pmean(v, 'batch');
        const variance = np.maximum(
          0,
          np.subtract(pmean(np.multiply(v, v), 'batch'), np.multiply(mean, mean)),
        );
        return [np.multiply(np.subtract(v, mean), np.rsqrt(np.add(variance, 1e-5))), mean];
      };
      const [normalized, mean] = stage(vmap(normalize, { outAxes: [0, null], axisName: 'batch' }))(x);
      close(normalized, fixture.pmean_normalize.normalized, 'normalized');
      close(mean, fixture.pmean_normalize.mean, 'mean');
    });

    it('psum over a named axis', () => {
      const out = stage(vmap((v: NDArray) => np.divide(v, psum(v, 'i')), { axisName: 'i' }))(
        np.add(np.abs(x), 1),
      );
      close(out, fixture.psum, 'psum');
    });

    it('valueAndGrad with hasAux and argnums over two arguments', () => {
      const auxLoss = (p: Params, xs: NDArray, ys: NDArray): [NDArray, { pred_mean: NDArray }] => {
        const pred = mlp(p, xs);
        return [np.mean(np.square(np.subtract(pred, ys))), { pred_mean: np.mean(pred, 0) }];
      };
      const [[value, aux], [gParams, gX]] = stage(valueAndGrad(auxLoss, { argnums: [0, 1], hasAux: true }))(
        params,
        x,
        y,
      );
      close(value, fixture.aux_and_argnums.value, 'value');
      close(aux.pred_mean, fixture.aux_and_argnums.aux.pred_mean, 'aux');
      const [expectedParams, expectedX] = fixture.aux_and_argnums.grads;
      expectTreeClose(gParams, expectedParams as Record<string, Nested>, 'grads[0]');
      close(gX, expectedX as Nested, 'grads[1]');
    });

    it('nested vmap with a collective over the outer axis', () => {
      const nested = np.array(fixture.inputs.nested);
      const inner = vmap((v: NDArray) => np.subtract(np.sum(np.multiply(v, v)), pmean(np.sum(v), 'outer')));
      const out = stage(vmap(inner, { inAxes: 1, axisName: 'outer' }))(nested);
      close(out, fixture.nested_vmap, 'nested_vmap');
      tf.dispose(nested as tf.Tensor);
    });
  });
