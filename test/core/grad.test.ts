import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { grad, nn, np, tidy, tree, valueAndGrad, vmap, type NDArray } from '../../src';

const values = (x: unknown): unknown => (x as tf.Tensor).arraySync();

describe('core/grad', () => {
  it('differentiates over a tree of arrays', () => {
    const params = { w: np.array([1, 2]), b: np.array(3) };
    const loss = (p: typeof params) => np.sum(np.square(np.add(p.w, p.b)));
    const [value, grads] = valueAndGrad(loss)(params);
    expect(values(value)).to.equal(16 + 25);
    expect(values(grads.w)).to.deep.equal([8, 10]);
    expect(values(grads.b)).to.equal(18);
  });

  it('honours argnums (one index or several) and passes aux through', () => {
    const f = (x: NDArray, y: NDArray): [NDArray, { doubled: NDArray }] => [
      np.sum(np.multiply(x, y)),
      { doubled: np.multiply(x, 2) },
    ];
    const [[out, aux], [gx, gy]] = valueAndGrad(f, { argnums: [0, 1], hasAux: true })(
      np.array([1, 2]),
      np.array([3, 4]),
    );
    expect(values(out)).to.equal(11);
    expect(values(aux.doubled)).to.deep.equal([2, 4]);
    expect(values(gx)).to.deep.equal([3, 4]);
    expect(values(gy)).to.deep.equal([1, 2]);
    const [gyOnly, auxOnly] = grad(f, { argnums: 1, hasAux: true })(np.array([1, 2]), np.array([3, 4]));
    expect(values(gyOnly)).to.deep.equal([1, 2]);
    expect(values(auxOnly.doubled)).to.deep.equal([2, 4]);
  });

  it('gives zero gradients for inputs the output does not use, as JAX does', () => {
    const g = grad((p: { used: NDArray; unused: NDArray }) => np.sum(p.used))({
      used: np.array([1, 2]),
      unused: np.array([5]),
    });
    expect(values(g.unused)).to.deep.equal([0]);
  });

  it('treats one tensor passed twice as two inputs', () => {
    const x = np.array(3);
    const g = grad((p: [NDArray, NDArray]) => np.multiply(p[0], np.square(p[1])))([x, x]);
    expect(values(g[0])).to.equal(9);
    expect(values(g[1])).to.equal(18);
  });

  it('stops gradients at stopGradient', () => {
    const g = grad((x: NDArray) => np.sum(np.multiply(x, np.stopGradient(x))))(np.array([2, 3]));
    expect(values(g)).to.deep.equal([2, 3]);
  });

  it('computes per-example gradients under vmap, with or without mapping the parameters', () => {
    const loss = (w: NDArray, x: NDArray) => np.sum(np.square(np.multiply(w, x)));
    const xs = np.array([
      [1, 2],
      [3, 4],
    ]);
    const shared = vmap(grad(loss), { inAxes: [null, 0] })(np.array([1, 1]), xs);
    expect(values(shared)).to.deep.equal([
      [2, 8],
      [18, 32],
    ]);
    const mapped = vmap(grad(loss), { inAxes: [0, 0] })(
      np.array([
        [1, 1],
        [2, 2],
      ]),
      xs,
    );
    expect(values(mapped)).to.deep.equal([
      [2, 8],
      [36, 64],
    ]);
  });

  it("leaves the caller's arrays alive when differentiating under vmap", () => {
    const xs = np.array([
      [1, 2],
      [3, 4],
    ]);
    const perExample = vmap(grad((x: NDArray) => np.sum(np.square(x))))(xs);
    expect((xs as tf.Tensor).isDisposed).to.equal(false);
    expect(values(perExample)).to.deep.equal([
      [2, 4],
      [6, 8],
    ]);
  });

  it('differentiates through vmap', () => {
    const w = np.array([1, 2]);
    const xs = np.array([
      [1, 0],
      [0, 1],
    ]);
    const [value, g] = valueAndGrad((p: NDArray) => np.sum(vmap((x: NDArray) => np.dot(p, x))(xs)))(w);
    expect(values(value)).to.equal(3);
    expect(values(g)).to.deep.equal([1, 1]);
  });

  it('requires a scalar float output and float inputs', () => {
    expect(() => grad((x: NDArray) => np.multiply(x, 2))(np.array([1, 2]))).to.throw(
      /Gradient only defined for scalar-output functions. Output had shape: \[2\]/,
    );
    expect(() => grad((x: NDArray) => np.sum(x))(np.array([1], { dtype: 'int32' }))).to.throw(
      /requires real-valued \(float32\) inputs, but argument 0 leaf 0 has dtype int32/,
    );
    expect(() => {
      grad((x: NDArray) => np.sum(x), { argnums: 2 })(np.array([1]));
    }).to.throw(/argnums 2 is out of bounds/);
  });

  it('requires hasAux functions to return a pair', () => {
    const f = (x: NDArray) => np.sum(x);
    expect(() => valueAndGrad(f, { hasAux: true })(np.array([1]))).to.throw(
      /must return a pair \[output, aux\]/,
    );
  });

  it('hands value and aux to the enclosing tidy, so a step that drops them does not leak', () => {
    const w = np.array([1, 2]);
    const step = () =>
      tidy(() => {
        const [[loss, aux], g] = valueAndGrad(
          (p: NDArray): [NDArray, NDArray] => [np.sum(np.square(p)), np.exp(p)],
          {
            hasAux: true,
          },
        )(w);
        expect(values(loss)).to.equal(5);
        expect(values(aux)).to.have.length(2);
        return g;
      });
    tf.dispose(step() as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(step() as tf.Tensor);
    expect(tf.memory().numTensors).to.equal(before);
    expect((w as tf.Tensor).isDisposed, 'the caller keeps its input').to.equal(false);
  });

  it("returns the caller's own tensors in aux untouched and alive", () => {
    const kept = np.array([3]);
    const [[, aux]] = valueAndGrad((p: NDArray): [NDArray, NDArray] => [np.sum(p), kept], { hasAux: true })(
      np.array([1]),
    );
    expect(aux).to.equal(kept);
    expect(values(aux)).to.deep.equal([3]);
  });

  it('keeps the tensor count flat over 200 valueAndGrad + update steps', () => {
    let params = { w: np.array([0.5, -0.5]), b: np.array(0) };
    const x = np.array([
      [1, 2],
      [3, 4],
    ]);
    const y = np.array([1, 2]);
    const loss = (p: typeof params) => np.mean(np.square(np.subtract(np.add(np.matmul(x, p.w), p.b), y)));
    const step = () => {
      const [value, grads] = valueAndGrad(loss)(params);
      // As in any tfjs program, the caller's own arithmetic runs in tidy; valueAndGrad cleans up after itself.
      const next = tf.tidy(
        () =>
          tree.map(
            (p: NDArray, g: NDArray) => np.subtract(p, np.multiply(0.01, g)),
            params,
            grads,
          ) as tf.NamedTensorMap,
      );
      tree.dispose([value, grads, params]);
      params = next as unknown as typeof params;
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) step();
    expect(tf.memory().numTensors).to.equal(before);
    tree.dispose([params, x, y]);
  });
});

describe('core/grad memory', () => {
  it('leaks nothing when the differentiated function throws, and leaves the trace stack as it was', () => {
    const x = np.array([1, 2, 3]);
    const before = tf.memory().numTensors;
    const failing = valueAndGrad((v: NDArray) => {
      const y = np.sum(np.exp(np.multiply(v, 2)));
      if (y.shape.length === 0) throw new Error('boom');
      return y;
    });
    expect(() => failing(x)).to.throw('boom');
    expect(tf.memory().numTensors).to.equal(before);
    // The next transform starts from a clean stack: a fresh grad works and leaves only its results.
    const g = grad((v: NDArray) => np.sum(np.square(v)))(x);
    expect(values(g)).to.deep.equal([2, 4, 6]);
    expect(tf.memory().numTensors).to.equal(before + 1);
    g.dispose();
    x.dispose();
  });

  it('leaves only its results: intermediates of the forward and backward passes are freed', () => {
    const x = np.array([
      [1, 2],
      [3, 4],
    ]);
    const before = tf.memory().numTensors;
    const [value, gradient] = valueAndGrad((v: NDArray) => np.sum(nn.gelu(np.matmul(v, v))))(x);
    expect(tf.memory().numTensors).to.equal(before + 2);
    tree.dispose([value, gradient, x]);
  });
});
