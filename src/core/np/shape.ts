/**
 * Changing an array's shape: `reshape`, `transpose`, `expandDims`, `squeeze`, `ravel`, `broadcastTo`,
 * `concatenate`, `stack`.
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray } from '../array';
import { op } from '../scope';
import { formatShape, normalizeAxis, resolveReshape } from '../shapes';
import { bind } from '../trace';

/** `x` with a new shape of the same size; one dimension may be `-1`. */
export const reshape = op('reshape', (x: ArrayLike, shape: readonly number[]): NDArray => {
  const [value] = promoteOperands([x]);
  return bind('reshape', [value], { shape: resolveReshape(value.shape, shape) }) as NDArray;
});

/** `x` flattened to one dimension. */
export const ravel = op('ravel', (x: ArrayLike): NDArray => {
  return reshape(x, [-1]);
});

/** Permutes the axes (reverses them when `axes` is omitted). */
export const transpose = op('transpose', (x: ArrayLike, axes?: readonly number[]): NDArray => {
  const [value] = promoteOperands([x]);
  const rank = value.rank;
  const perm =
    axes === undefined
      ? Array.from({ length: rank }, (_, i) => rank - 1 - i)
      : axes.map((a) => normalizeAxis(a, rank));
  if (perm.length !== rank || new Set(perm).size !== rank) {
    throw new Error(
      `transpose: axes [${axes?.join(', ') ?? ''}] are not a permutation of an array of rank ${rank}.`,
    );
  }
  return bind('transpose', [value], { perm }) as NDArray;
});

/** Inserts a dimension of size 1 at `axis`. */
export const expandDims = op('expandDims', (x: ArrayLike, axis: number): NDArray => {
  const [value] = promoteOperands([x]);
  const at = normalizeAxis(axis, value.rank + 1);
  const shape = [...value.shape];
  shape.splice(at, 0, 1);
  return bind('reshape', [value], { shape }) as NDArray;
});

/** Removes dimensions of size 1 (all of them, or those in `axis`, which must have size 1). */
export const squeeze = op('squeeze', (x: ArrayLike, axis?: number | readonly number[]): NDArray => {
  const [value] = promoteOperands([x]);
  const axes =
    axis === undefined
      ? value.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis(a, value.rank));
  for (const a of axes) {
    if (value.shape[a] !== 1) {
      throw new Error(
        `squeeze: cannot remove axis ${a} of size ${value.shape[a]} from shape ${formatShape(value.shape)}.`,
      );
    }
  }
  return bind('reshape', [value], { shape: value.shape.filter((_, i) => !axes.includes(i)) }) as NDArray;
});

/** `x` broadcast to `shape` by numpy's rules. */
export const broadcastTo = op('broadcastTo', (x: ArrayLike, shape: readonly number[]): NDArray => {
  const [value] = promoteOperands([x]);
  const fits =
    value.rank <= shape.length &&
    value.shape.every((d, i) => d === 1 || d === shape[shape.length - value.rank + i]);
  if (!fits) {
    throw new Error(
      `Cannot broadcast an array of shape ${formatShape(value.shape)} to shape ${formatShape(shape)}.`,
    );
  }
  return bind('broadcastTo', [value], { shape }) as NDArray;
});

/** Joins arrays along an existing axis; all other dimensions must agree. */
export const concatenate = op('concatenate', (xs: readonly ArrayLike[], axis: number = 0): NDArray => {
  if (xs.length === 0) throw new Error('concatenate: need at least one array.');
  const values = promoteOperands(xs);
  const rank = values[0].rank;
  const at = normalizeAxis(axis, rank);
  for (const v of values) {
    const same = v.rank === rank && v.shape.every((d, i) => i === at || d === values[0].shape[i]);
    if (!same) {
      const all = values.map((w) => formatShape(w.shape)).join(', ');
      throw new Error(`concatenate: shapes ${all} differ outside axis ${at}.`);
    }
  }
  return bind('concatenate', values, { axis: at }) as NDArray;
});

/** Joins arrays of one shape along a new axis. */
export const stack = op('stack', (xs: readonly ArrayLike[], axis: number = 0): NDArray => {
  const values = promoteOperands(xs);
  if (values.length === 0) throw new Error('stack: need at least one array.');
  const shape = values[0].shape;
  if (!values.every((v) => v.shape.join(',') === shape.join(','))) {
    throw new Error(
      `stack: all arrays must have one shape, got ${values.map((v) => formatShape(v.shape)).join(', ')}.`,
    );
  }
  const at = normalizeAxis(axis, shape.length + 1);
  return concatenate(
    values.map((v) => expandDims(v, at)),
    at,
  );
});
