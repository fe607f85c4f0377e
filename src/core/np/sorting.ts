/**
 * Sorting: `sort` and `argsort` along an axis (the last by default, the flattened array for `null`), stable, with
 * JAX's order for floats (NaN last, −0 equal to 0).
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray } from '../array';
import { op } from '../scope';
import { normalizeAxis } from '../shapes';
import { bind } from '../trace';

/** Options of {@link sort} and {@link argsort} (JAX's keyword arguments). */
export interface SortOptions {
  /** Sort from largest to smallest. Default false. */
  readonly descending?: boolean;
  /** Keep equal elements in their order. flax-ts always sorts stably; accepted for JAX's signature. */
  readonly stable?: boolean;
}

/** The operand and axis of a sort: the flattened array for a null axis. */
function sortOperand(a: ArrayLike, axis: number | null, fn: string): [NDArray, number] {
  const [value] = promoteOperands([a]);
  if (axis === null) return [bind('reshape', [value], { shape: [value.size] }) as NDArray, 0];
  return [value, normalizeAxis(axis, value.rank, `${fn}: axis`)];
}

/**
 * `a` sorted along `axis` (`jnp.sort`). Descending order is the ascending one reversed, as in JAX.
 *
 * @example
 * np.sort(np.array([3, NaN, -1, 2])); // [-1, 2, 3, NaN]
 */
export const sort = op(
  'sort',
  (a: ArrayLike, axis: number | null = -1, options: SortOptions = {}): NDArray => {
    const [value, at] = sortOperand(a, axis, 'sort');
    const sorted = bind('sort', [value], { axis: at });
    return ((options.descending ?? false) ? bind('rev', [sorted], { axes: [at] }) : sorted) as NDArray;
  },
);

/**
 * The int32 positions that sort `a` along `axis` (`jnp.argsort`); equal elements keep their order, also when
 * sorting in descending order.
 *
 * @example
 * np.takeAlongAxis(x, np.argsort(x, 1), 1); // each row sorted
 */
export const argsort = op(
  'argsort',
  (a: ArrayLike, axis: number | null = -1, options: SortOptions = {}): NDArray => {
    const [value, at] = sortOperand(a, axis, 'argsort');
    if (!(options.descending ?? false)) return bind('argsort', [value], { axis: at }) as NDArray;
    // Stable descending, as JAX: sort the reversed array, map positions back, and reverse the result.
    const flip = (x: unknown): NDArray => bind('rev', [x as NDArray], { axes: [at] }) as NDArray;
    const n = value.shape[at];
    const last = bind('full', [], { shape: [], dtype: 'int32', value: n - 1 });
    const reversedOrder = bind('argsort', [flip(value)], { axis: at });
    return flip(bind('sub', [last, reversedOrder], {}));
  },
);
