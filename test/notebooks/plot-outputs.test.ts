import { expect } from 'chai';
import * as path from 'path';
import { allNotebookPaths, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { Notebook, readNotebook } from '../../scripts/notebooks/notebook';
import { plotOutputProblems, plotOutputs, pngSize } from '../../scripts/notebooks/plot-outputs';

const committed = allNotebookPaths(REPO_LAYOUT).map((file) => ({
  label: path.relative(path.resolve(__dirname, '../..'), file),
  notebook: readNotebook(file),
}));

/** A committed Plotly output, as a starting point for broken variants. */
function realPlot(): Record<string, unknown> {
  const found = committed.flatMap(({ notebook }) => plotOutputs(notebook))[0];
  return { ...found.data };
}

function notebookWith(data: Record<string, unknown>): Notebook {
  const output = { output_type: 'display_data', data, metadata: {} };
  return { cells: [{ cell_type: 'code', id: 'plot', metadata: {}, source: '', outputs: [output], execution_count: 1 }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

describe('notebooks/plot-outputs', () => {
  it('finds Plotly outputs in the committed notebooks (so the next test cannot pass on none)', () => {
    expect(committed.flatMap(({ notebook }) => plotOutputs(notebook))).not.to.be.empty;
  });

  it('every committed Plotly output has the HTML fallback and a PNG of the figure size', () => {
    const problems = committed.flatMap(({ label, notebook }) => plotOutputProblems(notebook).map((problem) => `${label}: ${problem}`));
    expect(problems).to.deep.equal([]);
  });

  it('reads the size from the PNG header', () => {
    const plot = realPlot();
    const layout = (plot['application/vnd.plotly.v1+json'] as { layout: { width: number; height: number } }).layout;
    expect(pngSize(plot['image/png'] as string)).to.deep.equal({ width: layout.width, height: layout.height });
    expect(pngSize(Buffer.from('not a png at all, but long enough').toString('base64'))).to.deep.equal({ problem: 'is not a PNG' });
  });

  it('names the cell of a plot without a static image or HTML', () => {
    const plot = realPlot();
    delete plot['image/png'];
    delete plot['text/html'];
    expect(plotOutputProblems(notebookWith(plot))).to.deep.equal([
      'cell 0 (id "plot"): Plotly output has no text/html fallback',
      'cell 0 (id "plot"): Plotly output has no image/png',
    ]);
  });

  it('rejects an empty or wrongly sized image', () => {
    const plot = realPlot();
    const png = Buffer.from(plot['image/png'] as string, 'base64');
    const { width, height } = pngSize(plot['image/png'] as string) as { width: number; height: number };
    const zeroWidth = Buffer.from(png);
    zeroWidth.writeUInt32BE(0, 16);
    const doubled = Buffer.from(png);
    doubled.writeUInt32BE(2 * width, 16);
    const problems = (image: Buffer) => plotOutputProblems(notebookWith({ ...plot, 'image/png': image.toString('base64') }));
    expect(problems(zeroWidth)).to.deep.equal([`cell 0 (id "plot"): Plotly output image/png is 0×${height} pixels`]);
    expect(problems(doubled)).to.deep.equal([
      `cell 0 (id "plot"): Plotly output image/png is ${2 * width}×${height} pixels, the figure's layout is ${width}×${height}`,
    ]);
    expect(plotOutputProblems(notebookWith({ ...plot, 'image/png': '' }))).to.deep.equal(['cell 0 (id "plot"): Plotly output has no image/png']);
  });
});
