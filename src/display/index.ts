/**
 * `flax-ts/display`: notebook output for flax-ts, as the guides use it.
 *
 * A subpath of its own because it needs Node: figures get their static image from a renderer process that drives
 * Chromium. Keeping it out of the main entry means `flax-ts` itself never makes a bundler follow `child_process`,
 * `playwright-core` or this module's other Node-only imports.
 *
 * @example
 * import { display } from 'flax-ts/display';
 *
 * display.shapes(model.init(random.key(0), [x]));
 * await display.plotly({ data: [{ y: losses, type: 'scatter' }], layout: { title: { text: 'Loss' } } });
 *
 * @packageDocumentation
 */
export * as display from './display';
export type { DisplayBundle, PlotlyFigure, ShapeTree, ShapeTreeOptions } from './display';
