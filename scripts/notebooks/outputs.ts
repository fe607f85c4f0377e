/**
 * Canonical form of a notebook's outputs, for comparing stored outputs with a fresh run.
 *
 * Floats are rounded to 4 significant digits (float32 results differ in the last bits between backends), and
 * images count only by presence: their pixels depend on the Chromium build and fonts, while the data they show
 * is compared through the figure's JSON next to them.
 */
import { Notebook, Output } from './notebook';

const FLOAT = /-?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+/g;
const IMAGE = /^image\//;

/** Rewrites every float in the text with 4 significant digits. */
export function roundFloats(text: string): string {
  return text.replace(FLOAT, (match) => String(Number(Number(match).toPrecision(4))));
}

function canonicalOutput(output: Output): string {
  const { data, metadata: _metadata, execution_count: _count, ...rest } = output;
  const shownData =
    data !== null && typeof data === 'object'
      ? Object.fromEntries(
          Object.entries(data as Record<string, unknown>).map(([mime, value]) => [mime, IMAGE.test(mime) ? '<image>' : value]),
        )
      : data;
  return roundFloats(JSON.stringify({ ...rest, data: shownData }));
}

/** Cell id → canonical outputs, for every code cell. */
export function canonicalOutputs(notebook: Notebook): Record<string, string[]> {
  return Object.fromEntries(
    notebook.cells.filter((cell) => cell.cell_type === 'code').map((cell) => [cell.id, (cell.outputs ?? []).map(canonicalOutput)]),
  );
}
