/**
 * Checks the stored Plotly outputs of a notebook: each must carry every form a reader's viewer may pick (see
 * `src/display/plotly-figure.ts`): the interactive figure, the HTML fallback, and a real static PNG.
 */
import { Notebook, Output } from './notebook';

export const PLOTLY_MIMETYPE = 'application/vnd.plotly.v1+json';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a base64 PNG's IHDR chunk, or why it is not a PNG. */
export function pngSize(base64: string): { width: number; height: number } | { problem: string } {
  const bytes = Buffer.from(base64, 'base64');
  // Signature (8 bytes), then the IHDR chunk: length (4), type (4), width (4), height (4).
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return { problem: 'is not a PNG' };
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return { problem: 'has no IHDR chunk first' };
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Plotly renders the image at the figure's layout size; a different size means it came from somewhere else. */
function sizeProblems(figure: unknown, size: { width: number; height: number }): string[] {
  const layout = (figure as { layout?: { width?: unknown; height?: unknown } } | undefined)?.layout ?? {};
  const { width, height } = layout;
  if (typeof width !== 'number' || typeof height !== 'number') return [];
  if (size.width === width && size.height === height) return [];
  return [`image/png is ${size.width}×${size.height} pixels, the figure's layout is ${width}×${height}`];
}

function bundleProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const html = data['text/html'];
  const htmlText = Array.isArray(html) ? html.join('') : html;
  if (typeof htmlText !== 'string' || htmlText.trim() === '') problems.push('has no text/html fallback');
  const png = data['image/png'];
  if (typeof png !== 'string' || png.trim() === '') {
    problems.push('has no image/png');
  } else {
    const size = pngSize(png);
    if ('problem' in size) problems.push(`image/png ${size.problem}`);
    else if (size.width === 0 || size.height === 0) problems.push(`image/png is ${size.width}×${size.height} pixels`);
    else problems.push(...sizeProblems(data[PLOTLY_MIMETYPE], size));
  }
  return problems;
}

/** The notebook's Plotly outputs: cell index and id, and the output's data bundle. */
export function plotOutputs(notebook: Notebook): { index: number; id: string; data: Record<string, unknown> }[] {
  return notebook.cells.flatMap((cell, index) =>
    (cell.outputs ?? [])
      .map((output: Output) => (output.data ?? {}) as Record<string, unknown>)
      .filter((data) => PLOTLY_MIMETYPE in data)
      .map((data) => ({ index, id: cell.id, data })),
  );
}

/** One message per incomplete Plotly output, naming the cell (empty when all are complete). */
export function plotOutputProblems(notebook: Notebook): string[] {
  return plotOutputs(notebook).flatMap(({ index, id, data }) =>
    bundleProblems(data).map((problem) => `cell ${index} (id "${id}"): Plotly output ${problem}`),
  );
}
