// (b) Every notebook executed by `jupyter nbconvert --execute` on the venv's tslab kernel, and (c) its stored
// outputs compared with that fresh run.
import { expect } from 'chai';
import { allNotebookPaths, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { executeNotebook } from '../../scripts/notebooks/nbconvert';
import { describeFreshRuns } from './fresh-runs';
import { assertLibraryBuilt, brokenNotebook } from './support';

describe('notebooks through jupyter nbconvert --execute', () => {
  before(assertLibraryBuilt);

  describeFreshRuns(allNotebookPaths(REPO_LAYOUT));

  it('fails on a cell error and names the cell', () => {
    const execution = executeNotebook(brokenNotebook());
    expect(execution.ok).to.be.false;
    const message = execution.ok ? '' : execution.message;
    expect(message).to.match(/^cell 2 \(id "broken"\) failed: /);
    expect(message).to.include("const bad: number = 'one';").and.include("1:7 - Type 'string' is not assignable to type 'number'.");
  });
});
