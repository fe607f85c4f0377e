/**
 * Reverse-mode differentiation: `valueAndGrad` and `grad` over trees of arrays, on top of tfjs's tape.
 *
 * Under `vmap`, a gradient is per example (JAX's `vmap(grad(f))`): every differentiated leaf is given all the
 * active batch axes, the function runs once on the whole batch, and the per-example outputs are summed before
 * differentiating. Examples do not interact outside collectives, so each example's gradient is exactly its own.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { isNDArray, type NDArray } from './array';
import { formatShape } from './shapes';
import { tensorsIn } from './scope';
import { activeTraces, BatchTracer, type BatchTrace, type Value } from './tracer';
import { treeFlatten, treeMap, treeUnflatten, type Tree, type TreeDef } from './tree';

/** Options of {@link valueAndGrad} and {@link grad} (JAX's keyword arguments). */
export interface GradOptions<N extends number | readonly number[] = number | readonly number[], H = boolean> {
  /** Which positional argument(s) to differentiate with respect to. Default 0. */
  readonly argnums?: N;
  /** The function returns `[output, aux]`; `aux` is passed through untouched. Default false. */
  readonly hasAux?: H;
}

/** The gradient's type: that of argument `N`, or a tuple of them when `N` is a list. */
export type GradsOf<Args extends unknown[], N> = N extends number
  ? Args[N]
  : N extends readonly number[]
    ? { -readonly [K in keyof N]: Args[N[K] & number] }
    : never;

/** What {@link grad} returns: the gradients, plus the aux output when `hasAux` is true. */
export type GradResult<Args extends unknown[], Out, N, H> = H extends true
  ? [GradsOf<Args, N>, Out extends readonly [unknown, infer Aux] ? Aux : never]
  : GradsOf<Args, N>;

/**
 * Strips the given batch levels from `value`, giving the concrete tensor with one leading axis per level
 * (outermost first); levels where `value` is not batched are broadcast in.
 */
function concretize(value: Value, traces: readonly BatchTrace[]): tf.Tensor {
  if (traces.length === 0) {
    if (value instanceof tf.Tensor) return value;
    throw new Error('Internal error: a tracer outlived its vmap.');
  }
  const inner = traces[traces.length - 1];
  const outer = traces.slice(0, -1);
  if (value instanceof BatchTracer && value.trace === inner) return concretize(value.val, outer);
  const below = concretize(value, outer);
  const at = outer.length;
  const shape = [...below.shape];
  shape.splice(at, 0, inner.axisSize);
  return tf.broadcastTo(tf.expandDims(below, at), shape);
}

/** The inverse of {@link concretize}: wraps a tensor with leading batch axes into nested tracers. */
function retrace(tensor: tf.Tensor, traces: readonly BatchTrace[]): NDArray {
  let value: Value = tensor;
  for (let i = 0; i < traces.length; i++) {
    // Level i's batch axis sits at position 0 once the outer levels are wrapped around the tensor.
    value = new BatchTracer(traces[i], value);
  }
  return value as NDArray;
}

function checkDifferentiable(leaf: unknown, where: string): NDArray {
  const value = typeof leaf === 'number' ? tf.scalar(leaf) : leaf;
  if (!isNDArray(value)) {
    throw new TypeError(
      `grad: ${where} is a ${typeof leaf}; only arrays (and numbers) can be differentiated.`,
    );
  }
  if (value.dtype !== 'float32') {
    throw new TypeError(`grad requires real-valued (float32) inputs, but ${where} has dtype ${value.dtype}.`);
  }
  return value;
}

function checkScalar(output: unknown): NDArray {
  if (!isNDArray(output)) {
    throw new TypeError(`grad: the function must return an array, but returned a ${typeof output}.`);
  }
  if (output.shape.length !== 0) {
    throw new Error(
      `Gradient only defined for scalar-output functions. Output had shape: ${formatShape(output.shape)}.`,
    );
  }
  if (output.dtype !== 'float32') {
    throw new TypeError(
      `grad requires a real-valued (float32) output, but the output has dtype ${output.dtype}.`,
    );
  }
  return output;
}

function splitAux(result: unknown): [unknown, unknown] {
  if (!Array.isArray(result) || result.length !== 2) {
    const got = Array.isArray(result) ? `an array of length ${result.length}` : `a ${typeof result}`;
    throw new TypeError(
      `valueAndGrad with hasAux: the function must return a pair [output, aux], but returned ${got}.`,
    );
  }
  return [result[0], result[1]];
}

/** `tree` with tensors replaced as `moved` says, also inside batch tracers. */
function swapTensors(tree: unknown, moved: ReadonlyMap<tf.Tensor, tf.Tensor>): unknown {
  const swap = (leaf: unknown): unknown => {
    if (leaf instanceof tf.Tensor) return moved.get(leaf as tf.Tensor) ?? leaf;
    if (leaf instanceof BatchTracer) {
      const inner = swap(leaf.val);
      return inner === leaf.val ? leaf : new BatchTracer(leaf.trace, inner as Value);
    }
    return leaf;
  };
  return treeMap(swap, tree);
}

interface DiffArg {
  readonly argnum: number;
  readonly def: TreeDef;
  readonly leaves: NDArray[];
}

/**
 * Returns a function computing `fn`'s value and its gradient with respect to argument(s) `argnums`.
 *
 * The gradient has the tree structure of the differentiated argument (a tuple of trees when `argnums` is an
 * array). With `hasAux`, `fn` returns `[output, aux]` and the result is `[[output, aux], grads]`. Returned
 * tensors belong to the caller (dispose them, e.g. with `tree.dispose`).
 *
 * @example
 * const [loss, grads] = valueAndGrad((p) => lossFn(p, x, y))(params);
 */
export function valueAndGrad<
  Args extends unknown[],
  Out,
  const N extends number | readonly number[] = 0,
  H extends boolean = false,
>(fn: (...args: Args) => Out, options: GradOptions<N, H> = {}): (...args: Args) => [Out, GradsOf<Args, N>] {
  const argnums: number | readonly number[] = options.argnums ?? 0;
  const hasAux = options.hasAux ?? false;
  const argnumList = typeof argnums === 'number' ? [argnums] : [...argnums];
  return (...args: Args) => {
    for (const n of argnumList) {
      if (!Number.isInteger(n) || n < 0 || n >= args.length) {
        throw new Error(
          `grad: argnums ${n} is out of bounds for a function called with ${args.length} arguments.`,
        );
      }
    }
    const traces = [...activeTraces()];
    const diffArgs: DiffArg[] = argnumList.map((argnum) => {
      const [leaves, def] = treeFlatten(args[argnum]);
      return {
        argnum,
        def,
        leaves: leaves.map((leaf, i) => checkDifferentiable(leaf, `argument ${argnum} leaf ${i}`)),
      };
    });
    const created: tf.Tensor[] = [];
    const seen = new Set<tf.Tensor>();
    // Each leaf is its own input to differentiate, even when one tensor appears twice, as in JAX. Only tensors
    // made here (broadcasts for unbatched levels, clones of repeats) are ours to dispose; a tracer's own batched
    // tensor may be the caller's.
    const xs = diffArgs.flatMap(({ leaves }) =>
      leaves.map((leaf) => {
        const concrete = concretize(leaf, traces);
        const made = !tensorsIn(leaf).includes(concrete);
        const x = seen.has(concrete) ? tf.clone(concrete) : concrete;
        seen.add(x);
        if (made || x !== concrete) created.push(x);
        return x;
      }),
    );
    let output: NDArray | undefined;
    let aux: unknown;
    let handedBack: tf.Tensor[] = [];
    try {
      const { value, grads } = tf.engine().gradients(
        () => {
          let offset = 0;
          const callArgs = [...args];
          for (const { argnum, def, leaves } of diffArgs) {
            const traced = xs.slice(offset, offset + leaves.length).map((x) => retrace(x, traces));
            callArgs[argnum] = treeUnflatten(def, traced);
            offset += leaves.length;
          }
          const result = fn(...(callArgs as Args));
          const [out, extra] = hasAux ? splitAux(result) : [result, undefined];
          output = checkScalar(out);
          aux = extra;
          // The forward pass runs in tfjs's tidy, which would dispose what we hand back: keep the tensors it made
          // (not the caller's own, which may come back in aux unchanged) until they are moved out below.
          const made = new Set(tf.engine().state.activeScope.track);
          handedBack = tensorsIn([output, aux] as Tree).filter((t) => made.has(t));
          for (const t of handedBack) tf.keep(t);
          return traces.length === 0 ? (output as tf.Tensor) : tf.sum(concretize(output, traces));
        },
        xs,
        undefined,
        true,
      );
      // Kept tensors would outlive every enclosing tidy: hand the caller clones, tracked by its own scope.
      const moved = new Map(handedBack.map((t) => [t, tf.clone(t)]));
      for (const t of [value, ...handedBack]) t.dispose();
      output = swapTensors(output, moved) as NDArray;
      aux = swapTensors(aux, moved);
      let offset = 0;
      const gradTrees = diffArgs.map(({ def, leaves }) => {
        const part = leaves.map((_, i) => {
          const g = (grads[offset + i] as tf.Tensor | undefined) ?? tf.zerosLike(xs[offset + i]);
          return retrace(g, traces);
        });
        offset += leaves.length;
        return treeUnflatten(def, part);
      });
      const gradResult = typeof argnums === 'number' ? gradTrees[0] : gradTrees;
      return [(hasAux ? [output, aux] : output) as Out, gradResult as GradsOf<Args, N>];
    } finally {
      for (const t of created) t.dispose();
    }
  };
}

/**
 * Returns a function computing the gradient of `fn` with respect to argument(s) `argnums` (see
 * {@link valueAndGrad}); with `hasAux` it returns `[grads, aux]`.
 */
export function grad<
  Args extends unknown[],
  Out,
  const N extends number | readonly number[] = 0,
  H extends boolean = false,
>(
  fn: (...args: Args) => Out,
  options: GradOptions<N, H> = {},
): (...args: Args) => GradResult<Args, Out, N, H> {
  const both = valueAndGrad(fn, options);
  return (...args: Args) => {
    const [value, grads] = both(...args);
    if (options.hasAux ?? false) {
      const [output, aux] = value as [NDArray, unknown];
      output.dispose();
      return [grads, aux] as GradResult<Args, Out, N, H>;
    }
    (value as NDArray).dispose();
    return grads as GradResult<Args, Out, N, H>;
  };
}
