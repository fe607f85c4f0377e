// (d) The English notebooks run again on the wasm backend and compared with their stored outputs, made on
// tensorflow, under the same rule: CPU and backend noise must never hide behind identical machines. The Korean
// and Chinese notebooks carry the English code and outputs (npm run notebooks:check), so the English ones stand
// for them here.
import { englishNotebookNames, notebookPath, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { describeFreshRuns } from './fresh-runs';
import { assertLibraryBuilt } from './support';

describe('English notebooks on wasm, against outputs stored on another backend', () => {
  before(assertLibraryBuilt);

  describeFreshRuns(
    englishNotebookNames(REPO_LAYOUT).map((name) => notebookPath(REPO_LAYOUT, 'en', name)),
    'wasm',
  );
});
