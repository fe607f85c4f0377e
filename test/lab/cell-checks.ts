/**
 * What a notebook should look like in JupyterLab after Run All, taken from its committed outputs, and the
 * comparison with what Lab actually shows. Kept free of the browser so the rules are unit-tested on their own.
 */
import { Cell, Notebook } from '../../scripts/notebooks/notebook';
import { plotOutputs } from '../../scripts/notebooks/plot-outputs';

/** Output areas Lab uses for a failing cell: tslab reports errors as stderr, other kernels as error outputs. */
const ERROR_MIMETYPES = ['application/vnd.jupyter.stderr', 'application/vnd.jupyter.error'];

/** One cell as the committed notebook describes it. */
export interface ExpectedCell {
  readonly id: string;
  readonly kind: Cell['cell_type'];
  /** The committed cell has at least one output, so the run in Lab must show one too. */
  readonly hasOutputs: boolean;
  /** How many of its committed outputs are Plotly figures. */
  readonly plots: number;
}

/** One cell as Lab shows it. */
export interface CellState {
  readonly kind: Cell['cell_type'];
  /** The input prompt of a code cell: `[3]:` after it ran, `[*]:` while queued or running, `[ ]:` before. */
  readonly prompt: string;
  /** Each output area's `data-mime-type` (empty for renderers that set none, such as Plotly's) and text. */
  readonly outputs: readonly { readonly mimeType: string; readonly text: string }[];
  /** Plotly outputs drawn as interactive charts (an SVG inside the plot). */
  readonly interactivePlots: number;
}

/** Expectations for every cell of the committed notebook. */
export function expectedCells(notebook: Notebook): ExpectedCell[] {
  const plotCells = plotOutputs(notebook).map((plot) => plot.index);
  return notebook.cells.map((cell, index) => ({
    id: cell.id,
    kind: cell.cell_type,
    hasOutputs: (cell.outputs ?? []).length > 0,
    plots: plotCells.filter((plotCell) => plotCell === index).length,
  }));
}

/** Shortens an output's text for a message: its first three lines. */
function excerpt(text: string): string {
  return text.trim().split('\n').slice(0, 3).join('\n');
}

/**
 * Everything wrong with what Lab shows, one message per problem (empty when all is well): a cell error or stderr
 * trace, a code cell that did not run (when `executed` is asked for), a cell whose committed outputs are missing,
 * and a Plotly figure that is not an interactive chart.
 */
export function cellProblems(
  expected: readonly ExpectedCell[],
  shown: readonly CellState[],
  executed: boolean,
): string[] {
  if (shown.length !== expected.length) {
    return [`Lab shows ${shown.length} cells, the notebook has ${expected.length}`];
  }
  return expected.flatMap((cell, index) => {
    const state = shown[index];
    const name = `cell ${index} (id "${cell.id}")`;
    if (state.kind !== cell.kind)
      return [`${name}: Lab shows a ${state.kind} cell, the notebook has ${cell.kind}`];
    if (cell.kind !== 'code') return [];
    const problems = state.outputs
      .filter((output) => ERROR_MIMETYPES.includes(output.mimeType))
      .map((output) => `${name} shows ${output.mimeType.split('.').pop() ?? ''}: ${excerpt(output.text)}`);
    if (executed && !/^\[\d+\]:$/.test(state.prompt))
      problems.push(`${name} did not run (prompt "${state.prompt}")`);
    if (cell.hasOutputs && state.outputs.length === 0)
      problems.push(`${name} shows no output; the committed cell has some`);
    if (state.interactivePlots < cell.plots) {
      problems.push(
        `${name} shows ${state.interactivePlots} of ${cell.plots} Plotly figures as interactive charts`,
      );
    }
    return problems;
  });
}
