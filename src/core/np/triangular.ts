/**
 * Triangles of matrices: `tril` and `triu` keep the elements on and below (above) the `k`-th diagonal of the last
 * two axes and zero the rest, with a mask built from `iota`, so they stay inside staged programs.
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { iota } from '../primitives/indexing';
import { op } from '../scope';
import { formatShape } from '../shapes';
import { bind } from '../trace';

/** `m` with the elements where `keep(row + k, column)` fails set to zero. */
function triangle(name: string, keep: 'ge' | 'le') {
  return op(name, (m: ArrayLike, k: number = 0): NDArray => {
    const [x] = promoteOperands([m]);
    if (x.rank < 2) {
      throw new Error(`${name} requires an array of rank at least 2, got shape ${formatShape(x.shape)}.`);
    }
    const [rows, cols] = x.shape.slice(-2);
    const shifted = bind(
      'add',
      [iota([rows, cols], 0), bind('full', [], { shape: [], dtype: 'int32', value: k })],
      {},
    );
    const mask = bind(keep, [shifted, iota([rows, cols], 1)], {});
    const zero = bind('full', [], {
      shape: [],
      dtype: x.dtype as NumericDType,
      value: x.dtype === 'bool' ? false : 0,
    });
    return bind('select', [mask, x, zero], {}) as NDArray;
  });
}

/**
 * The lower triangle of the last two axes of `m`: elements on and below the `k`-th diagonal (`jnp.tril`); `k > 0`
 * keeps diagonals above the main one too.
 *
 * @example
 * const causal = np.tril(np.ones([4, 4])); // 1 where a position may attend to another
 */
export const tril = triangle('tril', 'ge');

/** The upper triangle of the last two axes of `m`: elements on and above the `k`-th diagonal (`jnp.triu`). */
export const triu = triangle('triu', 'le');
