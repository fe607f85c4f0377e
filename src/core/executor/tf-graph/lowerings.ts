/**
 * The TensorFlow lowering of each primitive: which TF op(s) compute it, with which attributes. One row per
 * primitive of the staged-program IR, keyed by its name; a primitive without a row (PRNG, collectives, nested
 * programs) cannot run in a TF graph, and the caller falls back to the kernel-by-kernel executor.
 *
 * Each op's inputs and attrs follow TensorFlow's op registry (`tf.raw_ops`); the semantic differences we checked
 * against JAX are noted where they matter:
 * - `Round` rounds half to even, as `lax.round(…, TO_NEAREST_EVEN)` (so does `Rint`; `Round` also takes int32);
 * - `SelectV2` (not `Select`) broadcasts its three operands with numpy rules;
 * - `Maximum`/`Minimum`, `Max`/`Min` propagate NaN like `lax.max`/`lax.min`; TF's `ArgMax`/`ArgMin` skip NaN where
 *   JAX returns the index of the first NaN, so their lowering adds that rule;
 * - `Softplus` agrees with `jax.nn.softplus` to one float32 ulp;
 * - `Cast` from float to int32 truncates toward zero like JAX, but gives INT32_MIN for NaN and out-of-range values
 *   where XLA gives 0 for NaN and saturates at INT32_MAX;
 * - signed zeros can differ (`Relu(-0)` and `Sign(-0)` are −0 and 0 in TF, 0 and −0 in JAX).
 *
 * @packageDocumentation
 */
import type { GraphBuilder } from './graph-builder';
import { attr, type AttrValue } from './node-def';
import type { Primitive } from '../../primitives/params';
import type { Equation } from '../../program';
import type { TensorDType } from './tensor-proto';

/** Adds the nodes computing `equation` from the tensors named `operands`; returns the result's tensor name. */
export type Lowering = (graph: GraphBuilder, operands: readonly string[], equation: Equation) => string;

/** Thrown by a lowering for an equation TensorFlow cannot compute as asked; the message says why. */
export class CannotLower extends Error {
  override readonly name = 'CannotLower';
}

const FLOAT: readonly TensorDType[] = ['float32'];
const NUMBER: readonly TensorDType[] = ['float32', 'int32'];
const BOOL: readonly TensorDType[] = ['bool'];
const ANY: readonly TensorDType[] = ['float32', 'int32', 'bool'];

/**
 * The element type of operand `index`, checked against the types TensorFlow's `op` has CPU kernels for (PRNG keys
 * are host values and never qualify).
 */
function elementType(
  equation: Equation,
  index: number,
  op: string,
  allowed: readonly TensorDType[],
): TensorDType {
  const { dtype } = equation.inputs[index].aval;
  if (dtype === 'key') throw new CannotLower(`${equation.primitive} takes PRNG keys, which live on the host`);
  if (!allowed.includes(dtype)) {
    throw new CannotLower(`TensorFlow's ${op} has no ${dtype} kernel (primitive ${equation.primitive})`);
  }
  return dtype;
}

function tensorType(dtype: string, what: string): TensorDType {
  if (!(ANY as readonly string[]).includes(dtype)) throw new CannotLower(`${what} has dtype ${dtype}`);
  return dtype as TensorDType;
}

function param<T>(equation: Equation, name: string, isValid: (value: unknown) => value is T): T {
  const value = (equation.params as Readonly<Record<string, unknown>>)[name];
  if (!isValid(value)) {
    throw new Error(
      `Primitive ${equation.primitive}: param "${name}" is malformed (${JSON.stringify(value)}).`,
    );
  }
  return value;
}

const isInt = (value: unknown): value is number => Number.isInteger(value);
const isBool = (value: unknown): value is boolean => typeof value === 'boolean';
const isIntList = (value: unknown): value is number[] => Array.isArray(value) && value.every(isInt);
const isPadding = (value: unknown): value is [number, number][] =>
  Array.isArray(value) && value.every((pair) => isIntList(pair) && pair.length === 2);

/** One op over operands of one element type `T` (elementwise maths, comparisons). */
function typed(op: string, allowed: readonly TensorDType[]): Lowering {
  return (graph, operands, equation) =>
    graph.add(op, operands, { T: attr.type(elementType(equation, 0, op, allowed)) });
}

/** One op on bool operands only; these TF ops have no `T` attribute. */
function logical(op: string): Lowering {
  return (graph, operands, equation) => {
    operands.forEach((_, i) => elementType(equation, i, op, BOOL));
    return graph.add(op, operands, {});
  };
}

/**
 * An arithmetic op TensorFlow has no bool kernel for: on bools it is the logical op that gives the same answer
 * (JAX's `+` and `max` of bools are or, `*` and `min` are and).
 */
function arithmetic(op: string, boolOp: string): Lowering {
  const [numeric, onBools] = [typed(op, NUMBER), logical(boolOp)];
  return (graph, operands, equation) =>
    (equation.inputs[0].aval.dtype === 'bool' ? onBools : numeric)(graph, operands, equation);
}

/** A reduction over `axes` (an int32 vector operand in TF), keeping the reduced axes as size 1 if asked. */
function reduction(op: string, allowed: readonly TensorDType[]): Lowering {
  return (graph, [x], equation) => {
    const dtype = elementType(equation, 0, op, allowed);
    const attrs: Record<string, AttrValue> = {
      Tidx: attr.type('int32'),
      keep_dims: attr.bool(param(equation, 'keepdims', isBool)),
    };
    // All and Any are bool-only and have no T attribute.
    if (allowed !== BOOL) attrs.T = attr.type(dtype);
    return graph.add(op, [x, graph.int32Vector(param(equation, 'axes', isIntList))], attrs);
  };
}

/**
 * `ArgMax`/`ArgMin` along one axis, with int32 indices as JAX returns them (TF defaults to int64). TF skips NaN;
 * JAX returns the index of the first NaN, which is the `ArgMax` of the NaN mask (ties go to the first index).
 */
function argReduction(op: string): Lowering {
  return (graph, [x], equation) => {
    const T = elementType(equation, 0, op, ANY);
    const axis = graph.scalar('int32', param(equation, 'axis', isInt));
    const attrs = (dtype: TensorDType): Record<string, AttrValue> => ({
      T: attr.type(dtype),
      Tidx: attr.type('int32'),
      output_type: attr.type('int32'),
    });
    const chosen = graph.add(op, [x, axis], attrs(T));
    if (T !== 'float32') return chosen;
    const isNan = graph.add('IsNan', [x], { T: attr.type('float32') });
    const anyNan = graph.add('Any', [isNan, axis], { Tidx: attr.type('int32'), keep_dims: attr.bool(false) });
    const mask = graph.add('Cast', [isNan], {
      SrcT: attr.type('bool'),
      DstT: attr.type('float32'),
      Truncate: attr.bool(false),
    });
    const firstNan = graph.add('ArgMax', [mask, axis], attrs('float32'));
    return graph.add('SelectV2', [anyNan, firstNan, chosen], { T: attr.type('int32') });
  };
}

/** An op whose second operand is an int32 vector given by a param (`Reshape`'s shape, `Transpose`'s perm, …). */
function withIndexVector(op: string, paramName: string, indexAttr: string): Lowering {
  return (graph, [x], equation) =>
    graph.add(op, [x, graph.int32Vector(param(equation, paramName, isIntList))], {
      T: attr.type(elementType(equation, 0, op, ANY)),
      [indexAttr]: attr.type('int32'),
    });
}

const matmul: Lowering = (graph, [a, b], equation) => {
  const T = attr.type(elementType(equation, 0, 'MatMul', NUMBER));
  const transposeA = param(equation, 'transposeA', isBool);
  const transposeB = param(equation, 'transposeB', isBool);
  const plain = equation.inputs.every((input) => input.aval.shape.length === 2);
  // MatMul is the cheaper kernel for plain matrices; BatchMatMulV2 broadcasts batch dims (adj = transpose for reals).
  return plain
    ? graph.add('MatMul', [a, b], {
        T,
        transpose_a: attr.bool(transposeA),
        transpose_b: attr.bool(transposeB),
      })
    : graph.add('BatchMatMulV2', [a, b], { T, adj_x: attr.bool(transposeA), adj_y: attr.bool(transposeB) });
};

const concatenate: Lowering = (graph, operands, equation) => {
  operands.forEach((_, i) => elementType(equation, i, 'ConcatV2', ANY));
  return graph.add('ConcatV2', [...operands, graph.scalar('int32', param(equation, 'axis', isInt))], {
    N: attr.int(operands.length),
    T: attr.type(elementType(equation, 0, 'ConcatV2', ANY)),
    Tidx: attr.type('int32'),
  });
};

const slice: Lowering = (graph, [x], equation) =>
  graph.add(
    'Slice',
    [
      x,
      graph.int32Vector(param(equation, 'begin', isIntList)),
      graph.int32Vector(param(equation, 'size', isIntList)),
    ],
    { T: attr.type(elementType(equation, 0, 'Slice', ANY)), Index: attr.type('int32') },
  );

const pad: Lowering = (graph, [x], equation) => {
  const padding = param(equation, 'padding', isPadding);
  if (padding.some(([low, high]) => low < 0 || high < 0)) {
    throw new CannotLower(`TensorFlow's Pad cannot crop (negative padding ${JSON.stringify(padding)})`);
  }
  return graph.add('Pad', [x, graph.int32Tensor([padding.length, 2], padding.flat())], {
    T: attr.type(elementType(equation, 0, 'Pad', ANY)),
    Tpaddings: attr.type('int32'),
  });
};

const oneHot: Lowering = (graph, [labels], equation) => {
  elementType(equation, 0, 'OneHot', ['int32']);
  const dtype = tensorType(equation.outputs[0].aval.dtype, 'oneHot output');
  // Out-of-range labels (negative or ≥ depth) give a row of zeros, as in jax.nn.one_hot.
  return graph.add(
    'OneHot',
    [
      labels,
      graph.scalar('int32', param(equation, 'depth', isInt)),
      graph.scalar(dtype, 1),
      graph.scalar(dtype, 0),
    ],
    { T: attr.type(dtype), TI: attr.type('int32'), axis: attr.int(-1) },
  );
};

const full: Lowering = (graph, _operands, equation) => {
  const { dtype: target, value } = equation.params as { dtype?: unknown; value?: unknown };
  const dtype = tensorType(String(target), 'full');
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Error(
      `Primitive full: param "value" must be a number or boolean, got ${JSON.stringify(value)}.`,
    );
  }
  return graph.add(
    'Fill',
    [graph.int32Vector(param(equation, 'shape', isIntList)), graph.scalar(dtype, value)],
    {
      T: attr.type(dtype),
      index_type: attr.type('int32'),
    },
  );
};

const convertElementType: Lowering = (graph, [x], equation) => {
  const from = elementType(equation, 0, 'Cast', ANY);
  const to = tensorType(String((equation.params as { dtype?: unknown }).dtype), 'convertElementType target');
  // Cast truncates floats toward zero and maps bool to 0/1, as the primitive does.
  return graph.add('Cast', [x], { SrcT: attr.type(from), DstT: attr.type(to), Truncate: attr.bool(false) });
};

const select: Lowering = (graph, operands, equation) => {
  elementType(equation, 0, 'SelectV2', BOOL);
  return graph.add('SelectV2', operands, { T: attr.type(elementType(equation, 1, 'SelectV2', ANY)) });
};

// Indexing, scans and sorting (issue 15).

/** Shorthands for the structural ops the lowerings below chain, each on element type `T`. */
function shapeOps(graph: GraphBuilder, T: TensorDType) {
  const ints = { T: attr.type('int32') };
  return {
    reshape: (x: string, shape: readonly number[]): string =>
      graph.add('Reshape', [x, graph.int32Vector(shape)], { T: attr.type(T), Tshape: attr.type('int32') }),
    transpose: (x: string, perm: readonly number[]): string =>
      graph.add('Transpose', [x, graph.int32Vector(perm)], { T: attr.type(T), Tperm: attr.type('int32') }),
    slice: (x: string, begin: readonly number[], size: readonly number[]): string =>
      graph.add('Slice', [x, graph.int32Vector(begin), graph.int32Vector(size)], {
        T: attr.type(T),
        Index: attr.type('int32'),
      }),
    /** Row r of `table` (`[rows, n]`, element type T) at the positions in row r of `order` (`[rows, n]`). */
    takeRows: (table: string, order: string): string =>
      graph.add('GatherV2', [table, order, graph.scalar('int32', 1)], {
        Tparams: attr.type(T),
        Tindices: attr.type('int32'),
        Taxis: attr.type('int32'),
        batch_dims: attr.int(1),
      }),
    ints,
  };
}

const isAxis = isInt;
const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

const iota: Lowering = (graph, _operands, equation) => {
  const shape = param(equation, 'shape', isIntList);
  const dimension = param(equation, 'dimension', isAxis);
  const dtype = tensorType(equation.outputs[0].aval.dtype, 'iota');
  const count = graph.add(
    'Range',
    [graph.scalar(dtype, 0), graph.scalar(dtype, shape[dimension]), graph.scalar(dtype, 1)],
    {
      Tidx: attr.type(dtype),
    },
  );
  const line = shapeOps(graph, dtype).reshape(
    count,
    shape.map((d, a) => (a === dimension ? d : 1)),
  );
  return graph.add('BroadcastTo', [line, graph.int32Vector(shape)], {
    T: attr.type(dtype),
    Tidx: attr.type('int32'),
  });
};

const rev: Lowering = (graph, [x], equation) =>
  graph.add('ReverseV2', [x, graph.int32Vector(param(equation, 'axes', isIntList))], {
    T: attr.type(elementType(equation, 0, 'ReverseV2', ANY)),
    Tidx: attr.type('int32'),
  });

/** `GatherNd` on indices clamped into the operand's axes (TensorFlow rejects out-of-bounds rows; XLA clamps). */
const gather: Lowering = (graph, [x, indices], equation) => {
  const T = elementType(equation, 0, 'GatherNd', ANY);
  elementType(equation, 1, 'GatherNd', ['int32']);
  const operand = equation.inputs[0].aval.shape;
  const k = equation.inputs[1].aval.shape[equation.inputs[1].aval.shape.length - 1];
  if (operand.slice(0, k).includes(0)) throw new CannotLower('gather reads from an empty axis');
  const ints = { T: attr.type('int32') };
  const low = graph.add('Maximum', [indices, graph.scalar('int32', 0)], ints);
  const clamped = graph.add('Minimum', [low, graph.int32Vector(operand.slice(0, k).map((d) => d - 1))], ints);
  return graph.add('GatherNd', [x, clamped], { Tparams: attr.type(T), Tindices: attr.type('int32') });
};

/**
 * A scatter as one TensorFlow `TensorScatter*` op on the operand viewed as `[size, rowSize]` plus a spare row:
 * rows whose index is out of bounds (which TensorFlow rejects) are sent to the spare row, cut off afterwards.
 */
function scatter(op: string, allowed: readonly TensorDType[]): Lowering {
  return (graph, [x, indices, updates], equation) => {
    const T = elementType(equation, 0, op, allowed);
    elementType(equation, 1, op, ['int32']);
    const shape = equation.inputs[0].aval.shape;
    const indexShape = equation.inputs[1].aval.shape;
    const k = indexShape[indexShape.length - 1];
    const dims = shape.slice(0, k);
    const [size, rowSize, rows] = [product(dims), product(shape.slice(k)), product(indexShape.slice(0, -1))];
    if (rows === 0 || rowSize === 0) return graph.add('Identity', [x], { T: attr.type(T) });
    const ops = shapeOps(graph, T);
    const intOps = shapeOps(graph, 'int32');
    const spare = graph.add('Fill', [graph.int32Vector([1, rowSize]), graph.scalar(T, 0)], {
      T: attr.type(T),
      index_type: attr.type('int32'),
    });
    const table = graph.add('ConcatV2', [ops.reshape(x, [size, rowSize]), spare, graph.scalar('int32', 0)], {
      N: attr.int(2),
      T: attr.type(T),
      Tidx: attr.type('int32'),
    });
    const positions = intOps.reshape(indices, [rows, k]);
    const above = graph.add('GreaterEqual', [positions, graph.scalar('int32', 0)], intOps.ints);
    const below = graph.add('Less', [positions, graph.int32Vector(dims)], intOps.ints);
    const inside = graph.add('All', [graph.add('LogicalAnd', [above, below], {}), graph.int32Vector([1])], {
      Tidx: attr.type('int32'),
      keep_dims: attr.bool(true),
    });
    const strides = dims.map((_, j) => product(dims.slice(j + 1)));
    const weighted = graph.add('Mul', [positions, graph.int32Vector(strides)], intOps.ints);
    const flat = graph.add('Sum', [weighted, graph.int32Vector([1])], {
      T: attr.type('int32'),
      Tidx: attr.type('int32'),
      keep_dims: attr.bool(true),
    });
    const target = graph.add('SelectV2', [inside, flat, graph.scalar('int32', size)], intOps.ints);
    const written = graph.add(op, [table, target, ops.reshape(updates, [rows, rowSize])], {
      T: attr.type(T),
      Tindices: attr.type('int32'),
    });
    return ops.reshape(ops.slice(written, [0, 0], [size, rowSize]), shape);
  };
}

function cumulative(op: string): Lowering {
  return (graph, [x], equation) =>
    graph.add(op, [x, graph.scalar('int32', param(equation, 'axis', isAxis))], {
      T: attr.type(elementType(equation, 0, op, NUMBER)),
      Tidx: attr.type('int32'),
      exclusive: attr.bool(false),
      reverse: attr.bool(param(equation, 'reverse', isBool)),
    });
}

/**
 * Stable ascending sorts with JAX's NaN order, as the eager impl computes them (see `primitives/sort.ts`): `TopKV2`
 * (stable: lower indices first among equals) on keys that sort descending, then a second pass for NaN.
 */
function sorting(what: 'values' | 'positions'): Lowering {
  return (graph, [x], equation) => {
    const T = elementType(equation, 0, 'TopKV2', ANY);
    const shape = equation.inputs[0].aval.shape;
    const axis = param(equation, 'axis', isAxis);
    const n = shape[axis];
    const rows = product(shape) / Math.max(n, 1);
    if (n === 0 || rows === 0) throw new CannotLower('sorting an empty array');
    const rank = shape.length;
    const perm = [...Array(rank).keys()].filter((a) => a !== axis).concat(axis);
    const ops = shapeOps(graph, T);
    const intOps = shapeOps(graph, 'int32');
    const moved = axis === rank - 1 ? x : ops.transpose(x, perm);
    const table = ops.reshape(moved, [rows, n]);
    const descending = (keys: string, dtype: TensorDType): string =>
      `${graph.add('TopKV2', [keys, graph.scalar('int32', n)], { T: attr.type(dtype), sorted: attr.bool(true) })}:1`;
    let order: string;
    if (T === 'float32') {
      const isNan = graph.add('IsNan', [table], { T: attr.type('float32') });
      const negated = graph.add('Neg', [table], { T: attr.type('float32') });
      const lowest = graph.scalar('float32', -Infinity);
      const first = descending(
        graph.add('SelectV2', [isNan, lowest, negated], { T: attr.type('float32') }),
        'float32',
      );
      const sortedIsNan = graph.add('IsNan', [ops.takeRows(table, first)], { T: attr.type('float32') });
      const isNumber = graph.add('Cast', [graph.add('LogicalNot', [sortedIsNan], {})], {
        SrcT: attr.type('bool'),
        DstT: attr.type('int32'),
        Truncate: attr.bool(false),
      });
      order = intOps.takeRows(first, descending(isNumber, 'int32'));
    } else {
      const ints =
        T === 'int32'
          ? table
          : graph.add('Cast', [table], {
              SrcT: attr.type(T),
              DstT: attr.type('int32'),
              Truncate: attr.bool(false),
            });
      order = descending(graph.add('Sub', [graph.scalar('int32', -1), ints], intOps.ints), 'int32');
    }
    const result = what === 'positions' ? order : ops.takeRows(table, order);
    const resultOps = what === 'positions' ? intOps : ops;
    const unflat = resultOps.reshape(
      result,
      perm.map((p) => shape[p]),
    );
    return axis === rank - 1
      ? unflat
      : resultOps.transpose(
          unflat,
          perm.map((_, i) => perm.indexOf(i)),
        );
  };
}

// Convolution and pooling (issue 15): TensorFlow's ops are 2-D (and 3-D for convolutions), so 1-D operands gain a
// spatial axis of size 1, as in the eager impl; windows are always VALID (padding is a `pad` before them).

/**
 * `x` (of `shape`, 1 spatial axis) as a 4-D NHWC tensor, `fn` on it, and the result back to `outShape`; operands
 * with 2 or 3 spatial axes go to `fn` as they are.
 */
function nhwc(
  graph: GraphBuilder,
  T: TensorDType,
  [x, shape]: [string, readonly number[]],
  outShape: readonly number[],
  fn: (x4: string, shape4: readonly number[], lift: (perAxis: readonly number[]) => number[]) => string,
): string {
  if (shape.length !== 3) return fn(x, shape, (perAxis) => [1, ...perAxis, 1]);
  const ops = shapeOps(graph, T);
  const shape4 = [shape[0], 1, ...shape.slice(1)];
  return ops.reshape(
    fn(ops.reshape(x, shape4), shape4, (perAxis) => [1, 1, ...perAxis, 1]),
    outShape,
  );
}

/**
 * `Conv2D` (VALID, NHWC), or `Conv3D` (NDHWC) for 3 spatial axes; feature groups as one op per group, since
 * TensorFlow's CPU kernels have none.
 */
const conv: Lowering = (graph, [lhs, rhs], equation) => {
  const rhsShape = equation.inputs[1].aval.shape;
  const op = rhsShape.length === 5 ? 'Conv3D' : 'Conv2D';
  const T = elementType(equation, 0, op, FLOAT);
  const ops = shapeOps(graph, T);
  const groups = param(equation, 'featureGroupCount', isInt);
  const strides = param(equation, 'strides', isIntList);
  const dilations = param(equation, 'rhsDilation', isIntList);
  const filter = rhsShape.length === 3 ? ops.reshape(rhs, [1, ...rhsShape]) : rhs;
  const filterShape = rhsShape.length === 3 ? [1, ...rhsShape] : rhsShape;
  return nhwc(
    graph,
    T,
    [lhs, equation.inputs[0].aval.shape],
    equation.outputs[0].aval.shape,
    (x, shape, lift) => {
      const attrs = {
        T: attr.type(T),
        strides: attr.list({ ints: lift(strides) }),
        dilations: attr.list({ ints: lift(dilations) }),
        padding: attr.string('VALID'),
        data_format: attr.string(op === 'Conv3D' ? 'NDHWC' : 'NHWC'),
      };
      if (groups === 1) return graph.add(op, [x, filter], attrs);
      const last = shape.length - 1;
      const [cIn, cOut] = [filterShape[last - 1], filterShape[last] / groups];
      const channels = (value: string, valueShape: readonly number[], from: number, count: number): string =>
        ops.slice(
          value,
          valueShape.map((_, i) => (i === last ? from : 0)),
          [...valueShape.slice(0, last), count],
        );
      const parts = Array.from({ length: groups }, (_, g) =>
        graph.add(
          op,
          [channels(x, shape, g * cIn, cIn), channels(filter, filterShape, g * cOut, cOut)],
          attrs,
        ),
      );
      return graph.add('ConcatV2', [...parts, graph.scalar('int32', last)], {
        N: attr.int(groups),
        T: attr.type(T),
        Tidx: attr.type('int32'),
      });
    },
  );
};

/** `AvgPool`/`MaxPool` over VALID windows; a windowed sum is the windowed mean times the window size. */
function windowReduction(op: 'AvgPool' | 'MaxPool'): Lowering {
  return (graph, [x], equation) => {
    const T = elementType(equation, 0, op, FLOAT);
    const window = param(equation, 'window', isIntList);
    const strides = param(equation, 'strides', isIntList);
    const pooled = nhwc(
      graph,
      T,
      [x, equation.inputs[0].aval.shape],
      equation.outputs[0].aval.shape,
      (x4, _s, lift) =>
        graph.add(op, [x4], {
          T: attr.type(T),
          ksize: attr.list({ ints: lift(window) }),
          strides: attr.list({ ints: lift(strides) }),
          padding: attr.string('VALID'),
          data_format: attr.string('NHWC'),
        }),
    );
    if (op === 'MaxPool') return pooled;
    return graph.add('Mul', [pooled, graph.scalar(T, product(window))], { T: attr.type(T) });
  };
}

/** The lowering of every primitive that has one, keyed by primitive name. */
export const LOWERINGS: Readonly<Partial<Record<Primitive, Lowering>>> = {
  // Unary elementwise.
  neg: typed('Neg', NUMBER),
  abs: typed('Abs', NUMBER),
  sign: typed('Sign', NUMBER),
  exp: typed('Exp', FLOAT),
  log: typed('Log', FLOAT),
  log1p: typed('Log1p', FLOAT),
  expm1: typed('Expm1', FLOAT),
  sqrt: typed('Sqrt', FLOAT),
  rsqrt: typed('Rsqrt', FLOAT),
  square: typed('Square', NUMBER),
  tanh: typed('Tanh', FLOAT),
  logistic: typed('Sigmoid', FLOAT),
  erf: typed('Erf', FLOAT),
  sin: typed('Sin', FLOAT),
  cos: typed('Cos', FLOAT),
  floor: typed('Floor', FLOAT),
  ceil: typed('Ceil', FLOAT),
  round: typed('Round', NUMBER),
  relu: typed('Relu', NUMBER),
  softplus: typed('Softplus', FLOAT),
  isFinite: typed('IsFinite', FLOAT),
  not: logical('LogicalNot'),
  stopGradient: typed('Identity', ANY),
  convertElementType,
  // Binary elementwise (numpy broadcasting is built into these TF ops).
  add: arithmetic('AddV2', 'LogicalOr'),
  sub: typed('Sub', NUMBER),
  mul: arithmetic('Mul', 'LogicalAnd'),
  div: typed('RealDiv', FLOAT),
  pow: typed('Pow', FLOAT),
  max: arithmetic('Maximum', 'LogicalOr'),
  min: arithmetic('Minimum', 'LogicalAnd'),
  eq: typed('Equal', ANY),
  ne: typed('NotEqual', ANY),
  lt: typed('Less', NUMBER),
  le: typed('LessEqual', NUMBER),
  gt: typed('Greater', NUMBER),
  ge: typed('GreaterEqual', NUMBER),
  and: logical('LogicalAnd'),
  or: logical('LogicalOr'),
  select,
  // Reductions.
  reduceSum: reduction('Sum', NUMBER),
  reduceMax: reduction('Max', NUMBER),
  reduceMin: reduction('Min', NUMBER),
  reduceProd: reduction('Prod', NUMBER),
  reduceAnd: reduction('All', BOOL),
  reduceOr: reduction('Any', BOOL),
  mean: reduction('Mean', FLOAT),
  argmax: argReduction('ArgMax'),
  argmin: argReduction('ArgMin'),
  // Linear algebra and shapes.
  matmul,
  reshape: withIndexVector('Reshape', 'shape', 'Tshape'),
  transpose: withIndexVector('Transpose', 'perm', 'Tperm'),
  broadcastTo: withIndexVector('BroadcastTo', 'shape', 'Tidx'),
  concatenate,
  slice,
  pad,
  oneHot,
  full,
  // Indexing, scans and sorting (scatterMul has no TensorFlow op: it runs on the kernel executor).
  iota,
  rev,
  gather,
  scatterAdd: scatter('TensorScatterAdd', NUMBER),
  scatter: scatter('TensorScatterUpdate', ANY),
  scatterMin: scatter('TensorScatterMin', NUMBER),
  scatterMax: scatter('TensorScatterMax', NUMBER),
  cumsum: cumulative('Cumsum'),
  cumprod: cumulative('Cumprod'),
  sort: sorting('values'),
  argsort: sorting('positions'),
  // Convolution and pooling.
  conv,
  reduceWindowSum: windowReduction('AvgPool'),
  reduceWindowMax: windowReduction('MaxPool'),
};
