// A snippet copied out of a guide must run anywhere: no code cell may reach outside the notebooks folder (into the
// repository's tests or fixtures). Parity with Flax is proven in test/guides/ and cited in the prose instead.
import { expect } from 'chai';
import { englishNotebookNames, notebookPath, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { readNotebook, sourceText } from '../../scripts/notebooks/notebook';

/** Paths that climb two folders up, written as a string or as path segments, and the test fixtures by name. */
const OUTSIDE_NOTEBOOKS = /\.\.\/\.\.\/|'\.\.',\s*'\.\.'|test\/parity|parity\/fixtures/;

describe('notebooks: code cells stay inside the notebooks folder', () => {
  it('reads no test fixture and nothing two folders up', () => {
    const offenders = englishNotebookNames(REPO_LAYOUT).flatMap((name) =>
      readNotebook(notebookPath(REPO_LAYOUT, 'en', name))
        .cells.filter((cell) => cell.cell_type === 'code' && OUTSIDE_NOTEBOOKS.test(sourceText(cell)))
        .map((cell) => `${name} cell "${cell.id}"`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('recognizes the ways a cell could reach the fixtures', () => {
    for (const code of [
      "fs.readFileSync('../../test/parity/fixtures/guides.json')",
      "path.join('..', '..', 'test', 'parity', 'fixtures', 'guides.json')",
    ]) {
      expect(OUTSIDE_NOTEBOOKS.test(code), code).to.equal(true);
    }
    expect(OUTSIDE_NOTEBOOKS.test("import { loadDigits } from './digits';")).to.equal(false);
  });
});
