/**
 * Notebook output: variable trees as shape dicts, and Plotly figures as rich display bundles.
 *
 * The functions mirror tslab's `display` (they show something below the cell and return nothing), and fall back
 * to printing plain text outside a notebook.
 *
 * @packageDocumentation
 */
import { showBundle } from './bundle';
import { formatShapeTree, ShapeTree, ShapeTreeOptions } from './shape-tree';

export { showBundle } from './bundle';
export type { DisplayBundle } from './bundle';
export { plotly, plotlyBundle } from './plotly-figure';
export type { PlotlyFigure } from './plotly-figure';
export { formatShapeTree } from './shape-tree';
export type { ShapeTree, ShapeTreeOptions } from './shape-tree';

/**
 * Shows a tree of shapes as the guides print it, e.g. `{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }`.
 * Pass `tree.shapes(variables)`.
 */
export function shapes(tree: ShapeTree, options?: ShapeTreeOptions): void {
  showBundle({ 'text/plain': formatShapeTree(tree, options) });
}
