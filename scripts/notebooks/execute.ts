/**
 * `npm run notebooks:execute`: executes every English notebook on a fresh tslab kernel, stores the outputs, and
 * regenerates the translated notebooks (which carry the English outputs). Notebook names after `--` (e.g.
 * `npm run notebooks:execute -- 03_batch_norm`) limit it to those.
 */
import * as path from 'path';
import { englishNotebookNames, notebookPath, REPO_LAYOUT } from './layout';
import { executeNotebook } from './nbconvert';
import { readNotebook, writeNotebook } from './notebook';

const available = englishNotebookNames(REPO_LAYOUT);
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) throw new Error(`No English notebook named ${unknown.join(', ')} (have: ${available.join(', ')}).`);

let failed = false;
for (const name of requested.length > 0 ? requested : available) {
  const file = notebookPath(REPO_LAYOUT, 'en', name);
  const started = Date.now();
  const execution = executeNotebook(file);
  if (!execution.ok) {
    console.error(`${path.relative(process.cwd(), file)} failed:\n${execution.message}`);
    failed = true;
    continue;
  }
  // Keep the source notebook's own metadata and sources; take only what execution produced.
  const source = readNotebook(file);
  const executed = new Map(execution.notebook.cells.map((cell) => [cell.id, cell]));
  const cells = source.cells.map((cell) =>
    cell.cell_type === 'code' ? { ...cell, outputs: executed.get(cell.id)?.outputs ?? [], execution_count: null } : cell,
  );
  const metadata = { ...source.metadata, language_info: execution.notebook.metadata.language_info };
  const wrote = writeNotebook(file, { ...source, cells, metadata });
  console.log(`${wrote ? 'updated' : 'unchanged'} ${path.relative(process.cwd(), file)} (${Date.now() - started} ms)`);
}
if (failed) process.exitCode = 1;
