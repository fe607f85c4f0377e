/**
 * Rearranging arrays: `split`/`arraySplit`, `swapaxes`, `moveaxis`, `flip` (and `fliplr`/`flipud`), `roll`, `tile`
 * and `repeat`, with numpy's arguments. Each is a composition of slices, transposes, reshapes, broadcasts, `rev`
 * and (for per-element repeats) JAX's cumsum-and-scatter construction, so every transform handles them through the
 * primitives' own rules.
 *
 * @packageDocumentation
 */
import { Tensor } from '@tensorflow/tfjs-core';
import { asArray, promoteOperands, type ArrayLike, type NDArray } from '../array';
import { download } from '../executor/kernels';
import { op } from '../scope';
import { formatShape, normalizeAxis } from '../shapes';
import { bind } from '../trace';
import { toIndexArray } from './index-expression';
import { take } from './indexing';

/** `size` elements of `x` along `axis` from `start`. */
function sliceAxis(x: NDArray, axis: number, start: number, size: number): NDArray {
  return bind('slice', [x], {
    begin: x.shape.map((_, a) => (a === axis ? start : 0)),
    size: x.shape.map((d, a) => (a === axis ? size : d)),
  }) as NDArray;
}

/**
 * The pieces of `x` along `axis` between 0, each of `indicesOrSections` (split points) and the end, or in that many
 * equal pieces (`unequal`: the first n mod sections get one element more, as `array_split`). JAX computes the
 * sizes as differences of the split points, so they must not decrease.
 */
function pieces(
  x: NDArray,
  axis: number,
  indicesOrSections: number | readonly number[],
  unequal: boolean,
): NDArray[] {
  const n = x.shape[axis];
  let sizes: number[];
  if (typeof indicesOrSections === 'number') {
    const sections = indicesOrSections;
    if (!Number.isInteger(sections) || sections <= 0) {
      throw new Error(`number sections must be larger than 0, got ${sections}.`);
    }
    const [size, rest] = [Math.floor(n / sections), n % sections];
    if (rest !== 0 && !unequal)
      throw new Error(`array split does not result in an equal division: rest is ${rest}`);
    sizes = Array.from({ length: sections }, (_, i) => size + (i < rest ? 1 : 0));
  } else {
    const points = [0, ...indicesOrSections, n];
    sizes = points.slice(1).map((p, i) => p - points[i]);
    if (sizes.some((d) => d < 0))
      throw new Error(`Sizes passed to split must be nonnegative, got [${sizes.join(', ')}]`);
  }
  let start = 0;
  return sizes.map((size) => {
    const piece = sliceAxis(x, axis, start, size);
    start += size;
    return piece;
  });
}

/**
 * Splits `ary` along `axis` into `sections` equal pieces, or at the given indices (`jnp.split`).
 *
 * @example
 * const [q, k, v] = np.split(qkv, 3, -1);
 * np.split(x, [2, 5]); // x[:2], x[2:5], x[5:]
 */
export const split = op(
  'split',
  (ary: ArrayLike, indicesOrSections: number | readonly number[], axis: number = 0): NDArray[] => {
    const [x] = promoteOperands([ary]);
    const at = normalizeAxis(axis, x.rank, 'split: axis');
    return pieces(x, at, indicesOrSections, false);
  },
);

/** {@link split} that also accepts a number of sections that does not divide the axis (`jnp.array_split`). */
export const arraySplit = op(
  'arraySplit',
  (ary: ArrayLike, indicesOrSections: number | readonly number[], axis: number = 0): NDArray[] => {
    const [x] = promoteOperands([ary]);
    const at = normalizeAxis(axis, x.rank, 'arraySplit: axis');
    return pieces(x, at, indicesOrSections, true);
  },
);

/** `a` with `axis1` and `axis2` exchanged (`jnp.swapaxes`). */
export const swapaxes = op('swapaxes', (a: ArrayLike, axis1: number, axis2: number): NDArray => {
  const [x] = promoteOperands([a]);
  const [i, j] = [
    normalizeAxis(axis1, x.rank, 'swapaxes: axis1'),
    normalizeAxis(axis2, x.rank, 'swapaxes: axis2'),
  ];
  const perm = x.shape.map((_, k) => (k === i ? j : k === j ? i : k));
  return bind('transpose', [x], { perm }) as NDArray;
});

/** `a` with the axes `source` moved to `destination`, the others keeping their order (`jnp.moveaxis`). */
export const moveaxis = op(
  'moveaxis',
  (a: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): NDArray => {
    const [x] = promoteOperands([a]);
    const from = (typeof source === 'number' ? [source] : source).map((s) =>
      normalizeAxis(s, x.rank, 'moveaxis: source'),
    );
    const to = (typeof destination === 'number' ? [destination] : destination).map((d) =>
      normalizeAxis(d, x.rank, 'moveaxis: destination'),
    );
    if (from.length !== to.length) {
      throw new Error('`source` and `destination` arguments must have the same number of elements');
    }
    const rest = x.shape.map((_, i) => i).filter((i) => !from.includes(i));
    const perm = Array<number>(x.rank);
    to.forEach((d, k) => (perm[d] = from[k]));
    for (let i = 0, r = 0; i < x.rank; i++) if (!to.includes(i)) perm[i] = rest[r++];
    return bind('transpose', [x], { perm }) as NDArray;
  },
);

/** The axes of `x` an `axis` argument names: all of them for null. */
function axesOf(axis: number | readonly number[] | null, rank: number, fn: string): number[] {
  if (axis === null) return Array.from({ length: rank }, (_, i) => i);
  return (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normalizeAxis(a, rank, `${fn}: axis`));
}

/** `m` with the order of its elements reversed along `axis` (all axes when null), `jnp.flip`. */
export const flip = op('flip', (m: ArrayLike, axis: number | readonly number[] | null = null): NDArray => {
  const [x] = promoteOperands([m]);
  const axes = axesOf(axis, x.rank, 'flip');
  return axes.length === 0 ? x : (bind('rev', [x], { axes }) as NDArray);
});

/** `m` reversed along axis 1 (left to right). */
export const fliplr = op('fliplr', (m: ArrayLike): NDArray => flip(m, 1));

/** `m` reversed along axis 0 (up to down). */
export const flipud = op('flipud', (m: ArrayLike): NDArray => flip(m, 0));

/**
 * `a` with its elements shifted by `shift` places along `axis`, those pushed off one end coming back at the other
 * (`jnp.roll`); the flattened array is rolled when `axis` is null.
 */
export const roll = op(
  'roll',
  (
    a: ArrayLike,
    shift: number | readonly number[],
    axis: number | readonly number[] | null = null,
  ): NDArray => {
    const [value] = promoteOperands([a]);
    if (axis === null) {
      const flat = bind('reshape', [value], { shape: [value.size] }) as NDArray;
      return bind('reshape', [roll(flat, shift, 0)], { shape: value.shape }) as NDArray;
    }
    const axes = axesOf(axis, value.rank, 'roll');
    const shifts = typeof shift === 'number' ? axes.map(() => shift) : [...shift];
    if (shifts.length !== axes.length) throw new Error('roll: shift and axis must have the same length.');
    return axes.reduce((x, ax, k) => {
      const n = x.shape[ax];
      const by = n === 0 ? 0 : ((shifts[k] % n) + n) % n;
      if (by === 0) return x;
      return bind('concatenate', [sliceAxis(x, ax, n - by, by), sliceAxis(x, ax, 0, n - by)], {
        axis: ax,
      }) as NDArray;
    }, value);
  },
);

/**
 * `A` repeated `reps` times along each axis (`jnp.tile`); `reps` and the shape are aligned at the end, the shorter
 * padded with 1s in front.
 *
 * @example
 * np.tile(np.array([1, 2]), [2, 2]); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export const tile = op('tile', (A: ArrayLike, reps: number | readonly number[]): NDArray => {
  const [x] = promoteOperands([A]);
  const counts = typeof reps === 'number' ? [reps] : [...reps];
  if (!counts.every((r) => Number.isInteger(r) && r >= 0)) {
    throw new Error(`tile: reps must be non-negative integers, got ${formatShape(counts)}.`);
  }
  const rank = Math.max(x.rank, counts.length);
  const shape = [...Array<number>(rank - x.rank).fill(1), ...x.shape];
  const times = [...Array<number>(rank - counts.length).fill(1), ...counts];
  // Each axis d becomes (r, d): broadcast along the new r axes, then merge the pairs.
  const spread = bind('reshape', [x], { shape: shape.flatMap((d) => [1, d]) });
  const repeated = bind('broadcastTo', [spread], { shape: shape.flatMap((d, i) => [times[i], d]) });
  return bind('reshape', [repeated], { shape: shape.map((d, i) => d * times[i]) }) as NDArray;
});

/** Options of {@link repeat}. */
export interface RepeatOptions {
  /**
   * The length of the result along the axis: needed when `repeats` is traced (inside `jit` or `vmap`); a longer
   * length repeats the last element, a shorter one truncates (as JAX).
   */
  readonly totalRepeatLength?: number;
}

/** Per-element repeats as JAX builds them: block starts scattered into zeros, then a running sum gives indices. */
function repeatIndices(counts: NDArray, total: number): NDArray {
  const starts = bind(
    'cumsum',
    [
      bind(
        'concatenate',
        [
          bind('full', [], { shape: [1], dtype: 'int32', value: 0 }),
          sliceAxis(counts, 0, 0, counts.size - 1),
        ],
        {
          axis: 0,
        },
      ),
    ],
    { axis: 0, reverse: false },
  );
  const zeros = bind('full', [], { shape: [total], dtype: 'int32', value: 0 });
  const ones = bind('full', [], { shape: [counts.size], dtype: 'int32', value: 1 });
  const marks = bind('scatterAdd', [zeros, bind('reshape', [starts], { shape: [counts.size, 1] }), ones], {});
  const running = bind('cumsum', [marks], { axis: 0, reverse: false });
  return bind('sub', [running, bind('full', [], { shape: [], dtype: 'int32', value: 1 })], {}) as NDArray;
}

/**
 * Each element of `a` repeated `repeats` times along `axis` (`jnp.repeat`; the flattened array when `axis` is
 * null). `repeats` is one count, or one per element; traced counts need `totalRepeatLength`.
 *
 * @example
 * np.repeat(np.array([1, 2]), 2); // [1, 1, 2, 2]
 * np.repeat(x, [1, 0, 3], 0);
 */
export const repeat = op(
  'repeat',
  (a: ArrayLike, repeats: ArrayLike, axis: number | null = null, options: RepeatOptions = {}): NDArray => {
    const [value] = promoteOperands([a]);
    const x = axis === null ? (bind('reshape', [value], { shape: [value.size] }) as NDArray) : value;
    const at = normalizeAxis(axis ?? 0, x.rank, 'repeat: axis');
    const n = x.shape[at];
    const { totalRepeatLength } = options;
    const given = typeof repeats === 'number' ? repeats : toIndexArray(repeats);
    if (typeof given !== 'number' && ('mask' in given || given.dtype !== 'int32')) {
      throw new TypeError('repeat: repeats must be integers.');
    }
    // Concrete counts are read here, before any primitive could make them traced values.
    const known =
      typeof given === 'number' ? [given] : given instanceof Tensor ? Array.from(download(given)) : undefined;
    if (
      known?.length === 1 &&
      (typeof given === 'number' || given.rank === 0) &&
      totalRepeatLength === undefined
    ) {
      // One count for all: a new axis after `at`, broadcast, merged back.
      const [count] = known;
      const spread = bind('reshape', [x], {
        shape: [...x.shape.slice(0, at + 1), 1, ...x.shape.slice(at + 1)],
      });
      const wide = bind('broadcastTo', [spread], {
        shape: [...x.shape.slice(0, at + 1), count, ...x.shape.slice(at + 1)],
      });
      return bind('reshape', [wide], { shape: x.shape.map((d, i) => (i === at ? d * count : d)) }) as NDArray;
    }
    let counts: NDArray;
    let total: number;
    if (known !== undefined) {
      const each = known.length === 1 ? Array<number>(n).fill(known[0]) : known;
      if (each.length !== n) {
        throw new Error(`repeat: ${known.length} repeats for an axis of size ${n}.`);
      }
      counts = asArray(Int32Array.from(each), 'int32');
      total = totalRepeatLength ?? each.reduce((sum, c) => sum + c, 0);
    } else {
      if (totalRepeatLength === undefined) {
        throw new Error(
          'When jit-compiling np.repeat, the total number of repeats must be static. To fix this, either specify ' +
            'a static value for `repeats`, or pass a static value to `totalRepeatLength`.',
        );
      }
      const traced = given as NDArray;
      counts = bind('broadcastTo', [bind('reshape', [traced], { shape: [traced.size] })], {
        shape: [n],
      }) as NDArray;
      total = totalRepeatLength;
    }
    if (total === 0 || n === 0) return sliceAxis(x, at, 0, total === 0 ? 0 : n);
    return take(x, repeatIndices(counts, total), at);
  },
);
