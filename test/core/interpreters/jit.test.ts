// jit and makeJaxpr: trace caching, static and donated arguments, concretization errors, pytrees, printing.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {
  ConcretizationError,
  grad,
  jit,
  makeJaxpr,
  nn,
  np,
  optax,
  pmean,
  random,
  training,
  tree,
  valueAndGrad,
  vmap,
  type NDArray,
} from '../../../src';

const values = (x: unknown): unknown => (x as tf.Tensor).arraySync();

describe('core/interpreters/jit', () => {
  it('traces once per signature and reuses the trace', () => {
    let traces = 0;
    const f = jit((x: NDArray, y: NDArray) => {
      traces += 1;
      return np.add(np.multiply(x, 2), y);
    });
    expect(values(f(np.array([1, 2]), np.array([3, 4])))).to.deep.equal([5, 8]);
    expect(values(f(np.array([5, 6]), np.array([0, 1])))).to.deep.equal([10, 13]);
    expect(traces).to.equal(1);
    f(np.array([1, 2, 3]), np.array(1)); // new shapes
    f(np.array([1, 2], { dtype: 'int32' }), np.array([1, 1], { dtype: 'int32' })); // new dtypes
    expect(traces).to.equal(3);
  });

  it('takes and returns pytrees (objects, lists, numbers as traced scalars)', () => {
    let traces = 0;
    const f = jit((p: { w: NDArray; b: [NDArray, number] }) => {
      traces += 1;
      return { out: np.add(np.multiply(p.w, p.b[1]), p.b[0]), kept: p.w, note: 'static' };
    });
    const first = f({ w: np.array([1, 2]), b: [np.array(1), 3] });
    const second = f({ w: np.array([1, 2]), b: [np.array(1), 4] });
    expect(values(first.out)).to.deep.equal([4, 7]);
    expect(values(second.out)).to.deep.equal([5, 9]);
    expect(first.note).to.equal('static');
    expect(traces).to.equal(1);
  });

  it('selects a trace by the value of static arguments, and branches on them freely', () => {
    let traces = 0;
    const f = jit(
      (x: NDArray, mode: 'double' | 'negate') => {
        traces += 1;
        return mode === 'double' ? np.multiply(x, 2) : np.negative(x);
      },
      { staticArgnums: 1 },
    );
    expect(values(f(np.array([1, 2]), 'double'))).to.deep.equal([2, 4]);
    expect(values(f(np.array([1, 2]), 'negate'))).to.deep.equal([-1, -2]);
    expect(values(f(np.array([3, 4]), 'double'))).to.deep.equal([6, 8]);
    expect(traces).to.equal(2);
  });

  it('says which argument a value depends on when code reads it, with the hint to make it static', () => {
    const f = jit((x: NDArray, scale: NDArray) => (scale.dataSync()[0] > 0 ? x : np.negative(x)));
    const call = (): unknown => f(np.array([1]), np.array(2));
    expect(call).to.throw(
      ConcretizationError,
      /Abstract tracer value encountered where concrete value is expected/,
    );
    expect(call).to.throw(/depends on the value of argument 1/);
    expect(call).to.throw(/jit\(fn, \{ staticArgnums: \[1\] \}\)/);
    const viaNumber = jit((x: NDArray) => (Number(np.sum(x)) > 0 ? x : np.negative(x)));
    expect(() => viaNumber(np.array([1]))).to.throw(ConcretizationError, /conversion to a JavaScript number/);
    const viaArray = jit((p: { w: NDArray }) => p.w.arraySync());
    expect(() => viaArray({ w: np.array([1]) })).to.throw(/argument 0 \(its leaf \.w\)/);
  });

  it('treats booleans, strings and other non-array leaves as static: each value gets its own trace', () => {
    let traces = 0;
    const f = jit((x: NDArray, options: { train: boolean; mode: string }) => {
      traces += 1;
      // On a traced flag `!options.train` would silently be false: static, it is the value passed.
      if (!options.train) return x;
      return options.mode === 'double' ? np.multiply(x, 2) : np.negative(x);
    });
    expect(values(f(np.array([1]), { train: false, mode: 'double' }))).to.deep.equal([1]);
    expect(values(f(np.array([1]), { train: true, mode: 'double' }))).to.deep.equal([2]);
    expect(values(f(np.array([1]), { train: true, mode: 'negate' }))).to.deep.equal([-1]);
    expect(values(f(np.array([3]), { train: true, mode: 'negate' }))).to.deep.equal([-3]);
    expect(traces).to.equal(3);
  });

  it('releases donated arguments after the call; reading one says it was donated', () => {
    const step = jit((p: { w: NDArray }, x: NDArray) => ({ w: np.add(p.w, x) }), { donateArgnums: 0 });
    const params = { w: np.array([1, 2]) };
    const x = np.array([10, 10]);
    const next = step(params, x);
    expect(values(next.w)).to.deep.equal([11, 12]);
    expect((params.w as tf.Tensor).isDisposed).to.equal(true);
    expect((x as tf.Tensor).isDisposed).to.equal(false);
    expect(() => (params.w as tf.Tensor).dataSync()).to.throw(/donated to a jit-compiled function/);
    expect(() => np.add(params.w, 1)).to.throw(/donated to a jit-compiled function/);
  });

  it('donates exactly the named arguments, wherever their arrays sit among the others', () => {
    const f = jit(
      (a: NDArray, p: { u: NDArray; v: NDArray }, b: NDArray) => np.add(np.add(a, b), np.add(p.u, p.v)),
      { donateArgnums: [1, 5] },
    );
    const [a, b] = [np.array([1]), np.array([2])];
    const p = { u: np.array([3]), v: np.array([4]) };
    expect(values(f(a, p, b))).to.deep.equal([10]);
    const disposed = [a, p.u, p.v, b].map((t) => (t as tf.Tensor).isDisposed);
    expect(disposed).to.deep.equal([false, true, true, false]);
  });

  it('hands back outputs the caller owns, also when an output is a donated input passed through', () => {
    const passThrough = jit((a: NDArray, b: NDArray) => [a, np.add(a, b), a], { donateArgnums: 0 });
    const a = np.array([1, 2]);
    const [same, sum, again] = passThrough(a, np.array([1, 1]));
    expect((a as tf.Tensor).isDisposed).to.equal(true);
    expect(values(same)).to.deep.equal([1, 2]);
    expect(values(again)).to.deep.equal([1, 2]);
    expect(values(sum)).to.deep.equal([2, 3]);
  });

  it('keeps the tensor count flat: nothing but the outputs survives a call', () => {
    const f = jit((x: NDArray) => np.sum(np.exp(np.multiply(np.add(x, 1), 2))));
    const x = np.ones([4, 4]);
    f(x).dispose();
    const before = tf.memory();
    for (let i = 0; i < 20; i++) f(x).dispose();
    expect(tf.memory().numTensors).to.equal(before.numTensors);
    expect(tf.memory().numBytes).to.equal(before.numBytes);
  });

  it('bakes closed-over arrays in as constants, which the program keeps alive', () => {
    const w = np.array([1, 2, 3]);
    const f = jit((x: NDArray) => np.multiply(x, w));
    expect(values(f(np.array([1, 1, 1])))).to.deep.equal([1, 2, 3]);
    w.dispose();
    expect(values(f(np.array([2, 2, 2])))).to.deep.equal([2, 4, 6]);
  });

  it('composes with grad, vmap and itself in every order', () => {
    const loss = (w: NDArray, x: NDArray): NDArray => np.sum(np.square(np.multiply(w, x)));
    const w = np.array([1, -2]);
    const x = np.array([3, 4]);
    const expected = values(grad(loss)(w, x));
    expect(values(jit(grad(loss))(w, x))).to.deep.equal(expected);
    expect(values(grad(jit(loss))(w, x))).to.deep.equal(expected);
    expect(values(jit(jit(loss))(w, x))).to.deep.equal(values(loss(w, x)));
    const xs = np.array([
      [1, 2],
      [3, 4],
    ]);
    const perExample = values(vmap((xi: NDArray) => loss(w, xi))(xs));
    expect(values(vmap(jit((xi: NDArray) => loss(w, xi)))(xs))).to.deep.equal(perExample);
    expect(values(jit(vmap((xi: NDArray) => loss(w, xi)))(xs))).to.deep.equal(perExample);
    expect(values(vmap(grad(jit(loss)), { inAxes: [null, 0] })(w, xs))).to.deep.equal(
      values(vmap(grad(loss), { inAxes: [null, 0] })(w, xs)),
    );
  });

  it('stages collectives of an enclosing vmap, and keeps traces for different axis environments apart', () => {
    const centered = jit((x: NDArray) => np.subtract(x, pmean(x, 'i')));
    const xs = np.array([1, 2, 6]);
    expect(values(vmap(centered, { axisName: 'i' })(xs))).to.deep.equal([-2, -1, 3]);
    expect(() => centered(np.array(1))).to.throw(/unbound axis name: i/);
  });

  it('runs a Flax training step: apply with mutable and rngs, BatchNorm under vmap, TrainState and optax', () => {
    class Net extends nn.Module {
      call(x: NDArray, train: boolean): NDArray {
        let h = new nn.Dense({ features: 4 }).call(x);
        h = new nn.BatchNorm({ useRunningAverage: !train, axisName: 'batch' }).call(h);
        h = new nn.Dropout({ rate: 0.5, deterministic: !train }).call(nn.relu(h));
        return new nn.Dense({ features: 1 }).call(h);
      }
    }
    const model = new Net();
    const xs = random.normal(random.key(1), [8, 3]);
    const ys = random.normal(random.key(2), [8, 1]);
    const variables = model.init(random.key(0), [xs, false]);
    const state0 = training.TrainState.create({
      applyFn: model.apply,
      params: variables.params,
      // Not adam: the first bias is cancelled by BatchNorm, and adam turns its zero gradient's rounding noise into
      // ±lr steps, whose sign depends on the order TensorFlow sums in.
      tx: optax.sgd(0.1, { momentum: 0.9 }),
      batchStats: variables.batch_stats,
    });
    type State = typeof state0;
    const step = (state: State, x: NDArray, y: NDArray, key: random.Key): [State, NDArray] => {
      const lossFn = (params: nn.Collection): [NDArray, nn.Variables] => {
        const perExample = (xi: NDArray, yi: NDArray, k: random.Key): [NDArray, nn.Variables] => {
          const [pred, updates] = model.apply({ params, batch_stats: state.batchStats }, [xi, true], {
            mutable: ['batch_stats'],
            rngs: { dropout: k },
          });
          return [np.square(np.subtract(pred, yi)), updates];
        };
        const keys = random.split(key, 8);
        const [losses, updates] = vmap(perExample, { outAxes: [0, null], axisName: 'batch' })(x, y, keys);
        return [np.mean(losses), updates];
      };
      const [[loss, updates], grads] = valueAndGrad(lossFn, { hasAux: true })(state.params);
      return [state.applyGradients({ grads, batchStats: updates.batch_stats }), loss];
    };
    const jitted = jit(step);
    let eager = state0;
    let compiled = state0;
    for (let i = 0; i < 3; i++) {
      const key = random.foldIn(random.key(7), i);
      const [e, eLoss] = step(eager, xs, ys, key);
      const [c, cLoss] = jitted(compiled, xs, ys, key);
      expect(values(cLoss)).to.be.closeTo(values(eLoss) as number, 1e-6);
      [eager, compiled] = [e, c];
    }
    expect(values(compiled.step)).to.equal(3);

    expect(compiled.applyFn).to.equal(model.apply);
    const [ours, theirs] = [compiled.params, eager.params].map((p) =>
      tf.concat(tree.leaves(p).map((t) => tf.reshape(t as tf.Tensor, [-1]))),
    );
    expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).to.be.below(1e-6);
  });
});

describe('core/interpreters/jit memory', () => {
  it('keeps tf.memory() flat over 1,000 jitted training steps with no tidy or dispose in the loop', () => {
    class Net extends nn.Module<object, 'params' | 'batch_stats'> {
      call(x: NDArray): NDArray {
        const h = nn.relu(
          new nn.BatchNorm({ useRunningAverage: false }).call(new nn.Dense({ features: 8 }).call(x)),
        );
        return new nn.Dense({ features: 1 }).call(h);
      }
    }
    const model = new Net();
    const x = random.normal(random.key(1), [16, 4]);
    const y = random.normal(random.key(2), [16, 1]);
    const variables = model.init(random.key(0), [x]);
    const create = () =>
      training.TrainState.create({
        applyFn: model.apply,
        params: variables.params,
        tx: optax.adam(1e-3),
        batchStats: variables.batch_stats,
      });
    type State = ReturnType<typeof create>;
    const trainStep = jit(
      (state: State, xs: NDArray, ys: NDArray): State => {
        const lossFn = (params: nn.Collection): [NDArray, nn.Variables] => {
          const [pred, mutated] = model.apply({ params, batch_stats: state.batchStats }, [xs], {
            mutable: ['batch_stats'],
          });
          return [np.mean(np.square(np.subtract(pred, ys))), mutated];
        };
        const [grads, updates] = grad(lossFn, { hasAux: true })(state.params);
        return state.applyGradients({ grads, batchStats: updates.batch_stats });
      },
      { donateArgnums: 0 },
    );
    let state = trainStep(create(), x, y);
    const before = tf.memory();
    for (let i = 0; i < 1000; i++) state = trainStep(state, x, y);
    expect(tf.memory().numTensors).to.equal(before.numTensors);
    expect(tf.memory().numBytes).to.equal(before.numBytes);
    expect(values(state.step)).to.equal(1001);
  });
});

describe('core/interpreters/jit makeJaxpr', () => {
  it("prints the staged program in JAX's notation, on one line when it fits", () => {
    const jaxpr = makeJaxpr((x: NDArray) => np.multiply(np.sin(x), 2))(np.ones([3]));
    expect(String(jaxpr)).to.equal(
      '{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c,) }',
    );
  });

  it('prints longer programs on several lines, with params and constants', () => {
    const w = np.ones([5, 10]);
    const jaxpr = makeJaxpr((x: NDArray) => np.sum(nn.relu(np.matmul(x, w))))(np.ones([128, 5]));
    expect(String(jaxpr)).to.equal(
      [
        '{ lambda a:f32[5,10]; b:f32[128,5]. let',
        '    c:f32[128,10] = dot_general[transpose_a=False transpose_b=False] b a',
        '    d:f32[128,10] = relu c',
        '    e:f32[] = reduce_sum[axes=(0, 1) keepdims=False] d',
        '  in (e,) }',
      ].join('\n'),
    );
  });
});
