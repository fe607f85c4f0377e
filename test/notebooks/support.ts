// Helpers shared by the notebook execution tests.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LEAK_CHECK_TAG } from '../../scripts/notebooks/leak-check';
import { Cell, Notebook, serializeNotebook } from '../../scripts/notebooks/notebook';

/** Notebooks import the built package by name; fail with the fix rather than with a module-not-found in cell 1. */
export function assertLibraryBuilt(): void {
  if (!fs.existsSync(path.resolve(__dirname, '../../dist/index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` (or `npm run setup`) before the notebook tests.');
  }
}

/** Writes `cells` as a tslab notebook named `name` in a fresh temporary folder; returns its path. */
function temporaryNotebook(name: string, cells: Cell[]): string {
  const notebook: Notebook = {
    cells,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `flax-ts-${name}-`)), `${name}.ipynb`);
  fs.writeFileSync(file, serializeNotebook(notebook));
  return file;
}

function codeCell(id: string, source: string, tags: string[] = []): Cell {
  return { cell_type: 'code', id, metadata: tags.length > 0 ? { tags } : {}, outputs: [], execution_count: null, source };
}

/** A notebook in a fresh temporary folder whose second code cell fails to compile (a type error). */
export function brokenNotebook(): string {
  return temporaryNotebook('broken', [
    codeCell('fine', 'const ok: number = 1;'),
    { cell_type: 'markdown', id: 'prose', metadata: {}, source: 'Between the cells.' },
    codeCell('broken', "const bad: number = 'one';"),
  ]);
}

/**
 * A notebook whose `leak-check` cell is a "training loop" that keeps one more tensor per step, 3 steps a run (the
 * folder is outside the repository: tfjs-core and its cpu backend are imported by path).
 */
export function leakyNotebook(): string {
  const modulePath = (name: string): string => JSON.stringify(path.dirname(require.resolve(`${name}/package.json`)));
  const setup = [
    `import * as tf from ${modulePath('@tensorflow/tfjs-core')};`,
    `import ${modulePath('@tensorflow/tfjs-backend-cpu')};`,
    'const kept: tf.Tensor[] = [];',
  ].join('\n');
  return temporaryNotebook('leaky', [
    codeCell('setup', setup),
    codeCell('loop', 'for (let step = 0; step < 3; step++) kept.push(tf.ones([2]));', [LEAK_CHECK_TAG]),
  ]);
}
