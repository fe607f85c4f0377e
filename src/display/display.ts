/**
 * The `display` namespace of `flax-ts/display`: variable trees as shape dicts, and Plotly figures as rich display
 * bundles.
 *
 * The functions mirror tslab's `display` (they show something below the cell and return nothing), and fall back
 * to printing plain text outside a notebook.
 *
 * @packageDocumentation
 */
import { shapes as leafShapes, Tree } from '../core/tree';
import { showBundle } from './bundle';
import { formatShapeTree, ShapeTree, ShapeTreeOptions } from './shape-tree';

export { showBundle } from './bundle';
export type { DisplayBundle } from './bundle';
export { plotly, plotlyBundle } from './plotly-figure';
export type { PlotlyFigure } from './plotly-figure';
export { formatShapeTree } from './shape-tree';
export type { ShapeTree, ShapeTreeOptions } from './shape-tree';

/**
 * Shows the shape of every array in a tree (e.g. the variables `init` returns) as the guides print
 * `jax.tree_util.tree_map(jnp.shape, variables)`: `{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }`.
 * A tree whose leaves are already shapes prints the same.
 */
export function shapes(tree: Tree, options?: ShapeTreeOptions): void {
  showBundle({ 'text/plain': formatShapeTree(leafShapes(tree) as ShapeTree, options) });
}
