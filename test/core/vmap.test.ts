import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { np, pmean, psum, vmap, type NDArray } from '../../src';

const values = (x: unknown): unknown => (x as tf.Tensor).arraySync();

describe('core/vmap', () => {
  let batch: tf.Tensor;
  before(() => {
    batch = np.reshape(np.arange(6, undefined, 1, { dtype: 'float32' }), [2, 3]) as tf.Tensor;
  });

  it('shows the function per-example shapes and stacks the results', () => {
    const seen: number[][] = [];
    const out = vmap((row: NDArray) => {
      seen.push(row.shape);
      return np.sum(row);
    })(batch);
    expect(seen).to.deep.equal([[3]]);
    expect(values(out)).to.deep.equal([3, 12]);
  });

  it('maps other axes, negative axes and leaves null axes alone', () => {
    const columnSums = vmap((col: NDArray) => np.sum(col), { inAxes: 1 })(batch);
    expect(values(columnSums)).to.deep.equal([3, 5, 7]);
    expect(values(vmap((col: NDArray) => np.sum(col), { inAxes: -1 })(batch))).to.deep.equal([3, 5, 7]);
    const scaled = vmap((row: NDArray, s: NDArray) => np.multiply(row, s), { inAxes: [0, null] })(
      batch,
      np.array(2),
    );
    expect(values(scaled)).to.deep.equal([
      [0, 2, 4],
      [6, 8, 10],
    ]);
  });

  it('accepts axis specs shaped like the argument tree', () => {
    const fn = (args: { x: NDArray; w: NDArray }) => np.matmul(args.x, args.w);
    const out = vmap(fn, { inAxes: [{ x: 0, w: null }] })({ x: batch, w: np.ones([3, 2]) });
    expect(values(out)).to.deep.equal([
      [3, 3],
      [12, 12],
    ]);
  });

  it('puts the batch axis where outAxes says, and broadcasts unmapped outputs', () => {
    const out = vmap((row: NDArray) => np.stack([row, row]), { outAxes: 1 })(batch);
    expect(out.shape).to.deep.equal([2, 2, 3]);
    const constant = vmap(() => np.array(7), { axisSize: 3 })();
    expect(values(constant)).to.deep.equal([7, 7, 7]);
  });

  it('composes nested vmaps', () => {
    const outer = vmap(vmap((v: NDArray) => np.multiply(v, v)));
    expect(values(outer(batch))).to.deep.equal([
      [0, 1, 4],
      [9, 16, 25],
    ]);
    const withScalarInner = vmap((row: NDArray) => vmap((v: NDArray) => np.add(v, np.sum(row)))(row));
    expect(values(withScalarInner(batch))).to.deep.equal([
      [3, 4, 5],
      [15, 16, 17],
    ]);
  });

  it('batches matmul, reductions, reshapes and where per example', () => {
    const fn = (row: NDArray): NDArray => {
      const m = np.reshape(row, [3, 1]);
      const prod = np.matmul(np.transpose(m), m);
      return np.where(np.greater(prod, 10), np.mean(row, -1, { keepdims: true }), np.max(row));
    };
    const out = vmap(fn)(batch);
    expect(out.shape).to.deep.equal([2, 1, 1]);
    expect(values(out)).to.deep.equal([[[2]], [[4]]]);
  });

  it('computes pmean and psum over the named axis, unmapped', () => {
    const [centered, mean] = vmap((row: NDArray) => [np.subtract(row, pmean(row, 'b')), pmean(row, 'b')], {
      axisName: 'b',
      outAxes: [0, null],
    })(batch);
    expect(values(mean)).to.deep.equal([1.5, 2.5, 3.5]);
    expect(values(centered)).to.deep.equal([
      [-1.5, -1.5, -1.5],
      [1.5, 1.5, 1.5],
    ]);
    const total = vmap((row: NDArray) => psum(np.sum(row), 'b'), { axisName: 'b', outAxes: null })(batch);
    expect(values(total)).to.equal(15);
  });

  it('reports mapped sizes that disagree, naming each argument and shape', () => {
    const fn = vmap((a: NDArray, b: NDArray) => np.add(a, b));
    expect(() => fn(np.ones([2, 3]), np.ones([4, 3]))).to.throw(
      /inconsistent sizes[\s\S]*axis 0 of argument 0 \(shape \[2, 3\]\) has size 2[\s\S]*argument 1 \(shape \[4, 3\]\) has size 4/,
    );
  });

  it('refuses to map a scalar and needs a mapped argument or axisSize', () => {
    expect(() => vmap((a: NDArray) => a)(np.array(1))).to.throw(
      /map argument 0 along axis 0, but it is a scalar/,
    );
    expect(() => vmap((a: NDArray) => a, { inAxes: null })(np.ones([2]))).to.throw(
      /at least one mapped argument/,
    );
  });

  it('rejects a mapped output whose outAxes entry is null, naming where it sits', () => {
    expect(() => vmap((row: NDArray) => [np.sum(row), row], { outAxes: [0, null] })(batch)).to.throw(
      /output\[1\] varies along the mapped axis[\s\S]*such as the result of a collective over a named axis/,
    );
    expect(() => vmap((row: NDArray) => row, { outAxes: null })(batch)).to.throw(
      /vmap has mapped output but outAxes is null: output varies along the mapped axis \(per-example shape \[3\]\)/,
    );
  });

  it('names an unknown axis in a collective', () => {
    expect(() => pmean(np.ones([2]), 'batch')).to.throw(/unbound axis name: batch/);
    expect(() => vmap((row: NDArray) => psum(row, 'batch'), { axisName: 'i' })(batch)).to.throw(
      /unbound axis name: batch.*available here.*\['i'\]/,
    );
  });

  it('refuses to read traced values and to reuse leaked tracers', () => {
    expect(() => vmap((row: NDArray) => row.arraySync())(batch)).to.throw(
      /Abstract tracer value encountered where concrete value is expected: traced array with shape float32\[3\]\.\nThe problem arose with arraySync\(\)/,
    );
    let leaked: NDArray | undefined;
    vmap((row: NDArray) => {
      leaked = row;
      return row;
    })(batch);
    expect(() => np.add(leaked!, 1)).to.throw(/unexpected tracer/);
  });

  it('leaves no intermediate tensors behind', () => {
    const before = tf.memory().numTensors;
    const out = vmap((row: NDArray) => np.sum(np.square(np.subtract(row, np.mean(row)))))(batch);
    expect(tf.memory().numTensors).to.equal(before + 1);
    tf.dispose(out as tf.Tensor);
  });
});
