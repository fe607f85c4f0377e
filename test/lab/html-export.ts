/**
 * `jupyter nbconvert --to html` with the venv's nbconvert, without executing: the export readers make from the
 * committed notebooks, whose charts are the static image in each plot's text/html output.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../..');
const JUPYTER = path.join(REPO, '.venv', 'bin', 'jupyter');

/** Exports `files` (notebooks with distinct names) into `outputDir`; returns the HTML paths in the same order. */
export function exportHtml(files: readonly string[], outputDir: string): string[] {
  const run = spawnSync(JUPYTER, ['nbconvert', '--to', 'html', `--output-dir=${outputDir}`, ...files], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(
      `nbconvert --to html failed (exit ${run.status}):\n${run.stderr}${run.error?.message ?? ''}`,
    );
  }
  return files.map((file) => path.join(outputDir, `${path.basename(file, '.ipynb')}.html`));
}
