import { expect } from 'chai';
import { Notebook } from '../../scripts/notebooks/notebook';
import { PLOTLY_MIMETYPE } from '../../scripts/notebooks/plot-outputs';
import { CellState, cellProblems, expectedCells } from './cell-checks';

const NOTEBOOK: Notebook = {
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: '# Title' },
    { cell_type: 'code', id: 'quiet', metadata: {}, source: 'const x = 1;', outputs: [], execution_count: 1 },
    {
      cell_type: 'code',
      id: 'plot',
      metadata: {},
      source: 'await display.plotly(figure);',
      outputs: [
        { output_type: 'stream', name: 'stdout', text: ['ok\n'] },
        { output_type: 'display_data', data: { [PLOTLY_MIMETYPE]: {}, 'text/plain': 'fig' }, metadata: {} },
      ],
      execution_count: 2,
    },
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
};

/** What Lab shows for NOTEBOOK after a clean run; tests break one thing at a time. */
function cleanRun(): CellState[] {
  return [
    { kind: 'markdown', prompt: '', outputs: [], interactivePlots: 0 },
    { kind: 'code', prompt: '[1]:', outputs: [], interactivePlots: 0 },
    {
      kind: 'code',
      prompt: '[2]:',
      outputs: [
        { mimeType: 'application/vnd.jupyter.stdout', text: 'ok\n' },
        { mimeType: '', text: '' },
      ],
      interactivePlots: 1,
    },
  ];
}

describe('lab/cell-checks', () => {
  const expected = expectedCells(NOTEBOOK);

  it('reads from the committed outputs which cells must show output and how many plots', () => {
    expect(expected.map(({ id, hasOutputs, plots }) => [id, hasOutputs, plots])).to.deep.equal([
      ['intro', false, 0],
      ['quiet', false, 0],
      ['plot', true, 1],
    ]);
  });

  it('accepts a clean run', () => {
    expect(cellProblems(expected, cleanRun(), true)).to.deep.equal([]);
  });

  it('reports stderr and error outputs with their first lines', () => {
    const shown = cleanRun();
    shown[1] = {
      ...shown[1],
      outputs: [{ mimeType: 'application/vnd.jupyter.stderr', text: 'a\nb\nc\nd\n' }],
    };
    shown[2] = {
      ...shown[2],
      outputs: [...shown[2].outputs, { mimeType: 'application/vnd.jupyter.error', text: 'Boom' }],
    };
    expect(cellProblems(expected, shown, true)).to.deep.equal([
      'cell 1 (id "quiet") shows stderr: a\nb\nc',
      'cell 2 (id "plot") shows error: Boom',
    ]);
  });

  it('reports cells that did not run, missing outputs and static-only plots', () => {
    const shown = cleanRun();
    shown[1] = { ...shown[1], prompt: '[ ]:' };
    shown[2] = { ...shown[2], prompt: '[*]:', outputs: [], interactivePlots: 0 };
    expect(cellProblems(expected, shown, true)).to.deep.equal([
      'cell 1 (id "quiet") did not run (prompt "[ ]:")',
      'cell 2 (id "plot") did not run (prompt "[*]:")',
      'cell 2 (id "plot") shows no output; the committed cell has some',
      'cell 2 (id "plot") shows 0 of 1 Plotly figures as interactive charts',
    ]);
    // A reopened notebook is not run, so its prompts are not checked.
    expect(cellProblems(expected, [shown[0], shown[1], cleanRun()[2]], false)).to.deep.equal([]);
  });

  it('reports a different cell list before comparing cells', () => {
    expect(cellProblems(expected, cleanRun().slice(1), true)).to.deep.equal([
      'Lab shows 2 cells, the notebook has 3',
    ]);
    const swapped = cleanRun();
    swapped[0] = { ...swapped[0], kind: 'raw' };
    expect(cellProblems(expected, swapped, true)).to.deep.equal([
      'cell 0 (id "intro"): Lab shows a raw cell, the notebook has markdown',
    ]);
  });
});
