// Helpers shared by the notebook execution tests.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Notebook, serializeNotebook } from '../../scripts/notebooks/notebook';

/** Notebooks import the built package by name; fail with the fix rather than with a module-not-found in cell 1. */
export function assertLibraryBuilt(): void {
  if (!fs.existsSync(path.resolve(__dirname, '../../dist/index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` (or `npm run setup`) before the notebook tests.');
  }
}

/** A notebook in a fresh temporary folder whose second code cell fails to compile (a type error). */
export function brokenNotebook(): string {
  const notebook: Notebook = {
    cells: [
      { cell_type: 'code', id: 'fine', metadata: {}, outputs: [], execution_count: null, source: 'const ok: number = 1;' },
      { cell_type: 'markdown', id: 'prose', metadata: {}, source: 'Between the cells.' },
      { cell_type: 'code', id: 'broken', metadata: {}, outputs: [], execution_count: null, source: "const bad: number = 'one';" },
    ],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flax-ts-broken-')), 'broken.ipynb');
  fs.writeFileSync(file, serializeNotebook(notebook));
  return file;
}
