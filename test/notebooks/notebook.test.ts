import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { Notebook, serializeNotebook, sourceLines } from '../../scripts/notebooks/notebook';

const PYTHON = path.resolve(__dirname, '../../.venv/bin/python');

describe('notebooks/notebook', () => {
  it('splits source into the line list nbformat stores', () => {
    expect(sourceLines('a\nb\n\nc')).to.deep.equal(['a\n', 'b\n', '\n', 'c']);
    expect(sourceLines('')).to.deep.equal([]);
  });

  it("writes notebooks byte for byte as the venv's nbformat does", () => {
    const notebook: Notebook = {
      nbformat_minor: 5,
      nbformat: 4,
      metadata: { kernelspec: { name: 'tslab', language: 'typescript', display_name: 'TypeScript' } },
      cells: [{ source: ['# 제목 ✓\n', 'text'], metadata: {}, id: 'a', cell_type: 'markdown' }],
    };
    const python = 'import sys, nbformat; sys.stdout.write(nbformat.writes(nbformat.reads(sys.stdin.read(), 4)) + "\\n")';
    const run = spawnSync(PYTHON, ['-c', python], { input: JSON.stringify(notebook), encoding: 'utf8' });
    expect(run.stderr).to.equal('');
    expect(serializeNotebook(notebook)).to.equal(run.stdout);
  });
});
