// (b) Every notebook executed by `jupyter nbconvert --execute` on the venv's tslab kernel, and (c) its stored
// outputs compared with that fresh run.
import { expect } from 'chai';
import * as path from 'path';
import { allNotebookPaths, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { Execution, executeNotebook } from '../../scripts/notebooks/nbconvert';
import { readNotebook } from '../../scripts/notebooks/notebook';
import { canonicalOutputs } from '../../scripts/notebooks/outputs';
import { assertLibraryBuilt, brokenNotebook } from './support';

describe('notebooks through jupyter nbconvert --execute', () => {
  before(assertLibraryBuilt);

  for (const file of allNotebookPaths(REPO_LAYOUT)) {
    const label = path.relative(path.resolve(__dirname, '../..'), file);
    describe(label, () => {
      let execution: Execution;
      before(() => {
        execution = executeNotebook(file);
      });

      it('runs on a fresh kernel without a cell error', () => {
        if (!execution.ok) expect.fail(`${label}: ${execution.message}`);
      });

      it('has stored outputs equal to a fresh run (floats to 4 significant digits)', function () {
        if (!execution.ok) this.skip();
        const fresh = canonicalOutputs(execution.notebook);
        const stored = canonicalOutputs(readNotebook(file));
        expect(stored, `${label}: stored outputs differ; run npm run notebooks:execute`).to.deep.equal(fresh);
      });
    });
  }

  it('fails on a cell error and names the cell', () => {
    const execution = executeNotebook(brokenNotebook());
    expect(execution.ok).to.be.false;
    const message = execution.ok ? '' : execution.message;
    expect(message).to.match(/^cell 2 \(id "broken"\) failed: /);
    expect(message).to.include("const bad: number = 'one';").and.include("1:7 - Type 'string' is not assignable to type 'number'.");
  });
});
