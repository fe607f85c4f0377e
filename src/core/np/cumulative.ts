/**
 * Cumulative sums and products along an axis: `cumsum` and `cumprod` (of the flattened array when `axis` is null).
 * Booleans count as int32, as in JAX.
 *
 * @packageDocumentation
 */
import { castTo, promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { op } from '../scope';
import { normalizeAxis } from '../shapes';
import { bind } from '../trace';

/** Options of {@link cumsum} and {@link cumprod}. */
export interface CumulativeOptions {
  /** The dtype to accumulate in (default: that of `a`, int32 for booleans). */
  readonly dtype?: NumericDType;
}

function cumulative(name: string, primitive: 'cumsum' | 'cumprod') {
  return op(name, (a: ArrayLike, axis: number | null = null, options: CumulativeOptions = {}): NDArray => {
    const [value] = promoteOperands([a], 'int32');
    const typed = options.dtype === undefined ? value : castTo(value, options.dtype);
    const operand = axis === null ? (bind('reshape', [typed], { shape: [typed.size] }) as NDArray) : typed;
    const at = axis === null ? 0 : normalizeAxis(axis, operand.rank, `${name}: axis`);
    return bind(primitive, [operand], { axis: at, reverse: false }) as NDArray;
  });
}

/**
 * Running sums along `axis` (`jnp.cumsum`); over the flattened array when `axis` is null (the default).
 *
 * @example
 * np.cumsum(np.array([1, 2, 3])); // [1, 3, 6]
 */
export const cumsum = cumulative('cumsum', 'cumsum');

/**
 * Running products along `axis` (`jnp.cumprod`); over the flattened array when `axis` is null (the default). Its
 * gradient is exact where elements are 0.
 */
export const cumprod = cumulative('cumprod', 'cumprod');
