// (a) Every code cell of every notebook, in every language, through tslab's in-process executor.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { allNotebookPaths, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { assertLibraryBuilt, brokenNotebook, leakyNotebook } from './support';

const RUNNER = path.resolve(__dirname, '../../scripts/notebooks/run-cells.ts');

/** Runs the notebook in a child process with cwd at its folder; returns its exit code and stderr. */
function runCells(file: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), RUNNER, path.basename(file)], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  return { status: run.status, stderr: run.stderr };
}

describe('notebook cells through the tslab executor', () => {
  before(assertLibraryBuilt);

  for (const file of allNotebookPaths(REPO_LAYOUT)) {
    const label = path.relative(path.resolve(__dirname, '../..'), file);
    it(`runs every code cell of ${label}`, () => {
      const { status, stderr } = runCells(file);
      if (status !== 0) expect.fail(`${label}: ${stderr}`);
    });
  }

  it('names the failing cell and its compiler error', () => {
    const { status, stderr } = runCells(brokenNotebook());
    expect(status).to.equal(1);
    expect(stderr).to.equal(`cell 2 (id "broken") failed:\n1:7 - Type 'string' is not assignable to type 'number'.\n`);
  });

  it('fails a cell tagged leak-check whose second run leaves more tensors, naming the cell and the count', () => {
    const { status, stderr } = runCells(leakyNotebook());
    expect(status).to.equal(1);
    expect(stderr).to.match(/^cell 1 \(id "loop"\) running it again left 3 more tensors \(tf\.memory\(\)\.numTensors 3 → 6\); /);
  });
});
