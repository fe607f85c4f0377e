/**
 * Plotly figures as notebook outputs: one `display_data` bundle with
 * - `application/vnd.plotly.v1+json`, rendered by JupyterLab's plotly extension (also in untrusted notebooks);
 * - `text/html` that draws the figure with plotly.js (trusted notebooks, nbconvert's HTML);
 * - `image/png` made by Plotly in headless Chromium (viewers that strip scripts, such as GitHub's);
 * - `text/plain`, a one-line summary that also says when the static image could not be made.
 *
 * @packageDocumentation
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { DisplayBundle, showBundle } from './bundle';
import { renderPng } from './plotly-image';

/** A Plotly figure: traces, and optionally a layout (the JSON that `Plotly.newPlot` takes). */
export interface PlotlyFigure {
  readonly data: readonly Readonly<Record<string, unknown>>[];
  readonly layout?: Readonly<Record<string, unknown>>;
}

const DEFAULT_WIDTH = 700;
const DEFAULT_HEIGHT = 450;

/** Whether this process has already put plotly.js into an HTML output (later outputs reuse `window.Plotly`). */
let libraryEmitted = false;

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function html(figure: PlotlyFigure, width: number, height: number): string {
  // Derived from the figure, not random, so re-running a notebook stores the same output.
  const id = `flax-ts-plot-${createHash('sha1').update(JSON.stringify(figure)).digest('hex').slice(0, 12)}`;
  const library = libraryEmitted ? '' : fs.readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
  libraryEmitted = true;
  return [
    `<div id="${id}" style="width: ${width}px; height: ${height}px"></div>`,
    library === '' ? '' : `<script type="text/javascript">${library}</script>`,
    `<script type="text/javascript">Plotly.newPlot(${scriptJson(id)}, ${scriptJson(figure.data)}, ${scriptJson(figure.layout ?? {})});</script>`,
  ].join('\n');
}

function summary(figure: PlotlyFigure): string {
  const title = figure.layout?.title;
  const text = typeof title === 'string' ? title : (title as { text?: unknown } | undefined)?.text;
  const traces = `${figure.data.length} trace${figure.data.length === 1 ? '' : 's'}`;
  return `Plotly figure${typeof text === 'string' ? ` "${text}"` : ''}: ${traces}`;
}

/** Builds the display bundle for a figure (see the module comment for what it holds). */
export async function plotlyBundle(figure: PlotlyFigure): Promise<DisplayBundle> {
  const width = typeof figure.layout?.width === 'number' ? figure.layout.width : DEFAULT_WIDTH;
  const height = typeof figure.layout?.height === 'number' ? figure.layout.height : DEFAULT_HEIGHT;
  const image = await renderPng(figure, width, height);
  const bundle: Record<string, string | object> = {
    'application/vnd.plotly.v1+json': { data: figure.data, layout: figure.layout ?? {} },
    'text/html': html(figure, width, height),
    'text/plain':
      'png' in image ? summary(figure) : `${summary(figure)} (no static image: ${image.unavailable})`,
  };
  if ('png' in image) bundle['image/png'] = image.png;
  return bundle;
}

/**
 * Shows a Plotly figure below the cell, like tslab's `display.html` but as one bundle of all its forms.
 *
 * @example
 * await display.plotly({ data: [{ y: losses, type: 'scatter' }], layout: { title: { text: 'Loss' } } });
 */
export async function plotly(figure: PlotlyFigure): Promise<void> {
  showBundle(await plotlyBundle(figure));
}
