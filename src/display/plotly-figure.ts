/**
 * Plotly figures as notebook outputs: one `display_data` bundle with
 * - `application/vnd.plotly.v1+json`, rendered by JupyterLab's plotly extension (also in untrusted notebooks);
 * - `text/html`: the static image, replaced by the interactive chart where plotly.js is already on the page
 *   (nbconvert's HTML, trusted notebooks). plotly.js itself is not embedded: at 4.8 MB per notebook and language
 *   it would dwarf the notebooks, and JupyterLab draws the plotly mimetype with its own copy anyway;
 * - `image/png` made by Plotly in headless Chromium (viewers that strip scripts, such as GitHub's);
 * - `text/plain`, a one-line summary that also says when the static image could not be made.
 *
 * @packageDocumentation
 */
import { DisplayBundle, showBundle } from './bundle';
import { renderPng } from './plotly-image';

/** A Plotly figure: traces, and optionally a layout (the JSON that `Plotly.newPlot` takes). */
export interface PlotlyFigure {
  readonly data: readonly Readonly<Record<string, unknown>>[];
  readonly layout?: Readonly<Record<string, unknown>>;
}

const DEFAULT_WIDTH = 700;
const DEFAULT_HEIGHT = 450;

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Figures this process has made bundles for: a notebook kernel's figures, in the order its cells ran. */
let figuresMade = 0;

/**
 * The id of the next figure's `<div>`: its number in this process. Neither random nor derived from the data, so
 * running a notebook on a fresh kernel stores the same ids on every machine and backend, whatever the last bits
 * of its numbers. Figures of different kernels (or of one kernel before and after a restart) can share an id,
 * so the drawing script finds its `<div>` as the element right before itself, not by id.
 */
function nextPlotId(): string {
  figuresMade += 1;
  return `flax-ts-plot-${figuresMade}`;
}

function html(
  figure: PlotlyFigure,
  width: number,
  height: number,
  png: string | undefined,
  alt: string,
): string {
  const id = nextPlotId();
  const image =
    png === undefined ? '' : `<img src="data:image/png;base64,${png}" alt="${alt.replace(/"/g, '&quot;')}">`;
  // Inside a block: every figure's script runs in the page's one global scope.
  const draw =
    'if (window.Plotly) { const el = document.currentScript && document.currentScript.previousElementSibling; ' +
    `if (el) { el.innerHTML = ''; window.Plotly.newPlot(el, ${scriptJson(figure.data)}, ` +
    `${scriptJson(figure.layout ?? {})}); } }`;
  return [
    `<div id="${id}" style="width: ${width}px; height: ${height}px">${image}</div>`,
    `<script type="text/javascript">${draw}</script>`,
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
    'text/html': html(figure, width, height, 'png' in image ? image.png : undefined, summary(figure)),
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
