// Notebooks executed by `jupyter nbconvert --execute` on the venv's tslab kernel, and their stored outputs compared
// with the fresh run under the rule of scripts/notebooks/outputs.ts.
import { expect } from 'chai';
import * as path from 'path';
import { Execution, executeNotebook } from '../../scripts/notebooks/nbconvert';
import { readNotebook } from '../../scripts/notebooks/notebook';
import { outputDifferences, printsBackend, roundOffSensitiveCells } from '../../scripts/notebooks/outputs';

const REPO = path.resolve(__dirname, '../..');

/**
 * One `describe` per notebook: it runs on a fresh kernel (with `backend`, when given, forced through
 * `FLAX_TS_BACKEND`) without a cell error, and its stored outputs equal the fresh ones.
 */
export function describeFreshRuns(files: readonly string[], backend?: string): void {
  for (const file of files) {
    const label = path.relative(REPO, file);
    describe(label, () => {
      let execution: Execution;
      before(() => {
        execution = executeNotebook(file, backend === undefined ? {} : { FLAX_TS_BACKEND: backend });
      });

      it(`runs on a fresh kernel${backend === undefined ? '' : ` on ${backend}`} without a cell error`, () => {
        if (!execution.ok) expect.fail(`${label}: ${execution.message}`);
        if (backend === undefined) return;
        // The cells that print the backend prove the kernel used the one asked for.
        const printed = execution.notebook.cells
          .filter(printsBackend)
          .map((cell) => JSON.stringify(cell.outputs));
        for (const outputs of printed) expect(outputs, `${label} prints its backend`).to.include(backend);
      });

      it('has stored outputs equal to a fresh run (numbers to 4 significant digits, round-off around 0)', function () {
        if (!execution.ok) this.skip();
        const fix =
          backend === undefined
            ? 'run npm run notebooks:execute'
            : `${backend} differs from the backend that stored them by more than float32 round-off`;
        const stored = readNotebook(file);
        const unchecked = roundOffSensitiveCells(stored);
        if (unchecked.length > 0) {
          console.log(`      (${label}: floats not compared in round-off-sensitive cells ${unchecked.join(', ')})`);
        }
        const differences = outputDifferences(stored, execution.notebook);
        expect(differences, `${label}: stored outputs differ from a fresh run; ${fix}`).to.deep.equal([]);
      });
    });
  }
}
