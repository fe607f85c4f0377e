/**
 * Runs a notebook top to bottom on a fresh tslab kernel with the venv's `jupyter nbconvert`.
 *
 * nbclient stops at the first cell whose execute_reply has status "error" (tslab reports failures only that way),
 * so a non-zero exit means some cell failed; its stderr names the cell.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Notebook, readNotebook } from './notebook';

const REPO = path.resolve(__dirname, '../..');
const JUPYTER = path.join(REPO, '.venv', 'bin', 'jupyter');
/** Puts the venv's kernelspecs first, ahead of any tslab kernel in the user's own Jupyter folders. */
const JUPYTER_PATH = path.join(REPO, '.venv', 'share', 'jupyter');

/** Result of one execution: the executed notebook, or what nbconvert printed when a cell failed. */
export type Execution = { ok: true; notebook: Notebook } | { ok: false; message: string };

/** Throws a clear error when `npm run setup` has not created the venv and kernel yet. */
export function assertKernelInstalled(): void {
  if (!fs.existsSync(path.join(JUPYTER_PATH, 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error('The tslab kernel is not registered in .venv; run `npm run setup` first.');
  }
}

/** Executes `file` with cwd at its folder and returns the executed copy (the file itself is not touched). */
export function executeNotebook(file: string): Execution {
  assertKernelInstalled();
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flax-ts-nbconvert-'));
  try {
    const result = spawnSync(
      JUPYTER,
      [
        'nbconvert',
        '--to=notebook',
        '--execute',
        '--ExecutePreprocessor.kernel_name=tslab',
        '--ExecutePreprocessor.timeout=900',
        // Per-cell timestamps would make every run differ.
        '--ExecutePreprocessor.record_timing=False',
        `--output-dir=${outputDir}`,
        '--output=executed',
        path.basename(file),
      ],
      { cwd: path.dirname(file), env: { ...process.env, JUPYTER_PATH }, encoding: 'utf8' },
    );
    if (result.status !== 0) return { ok: false, message: `${result.stderr}${result.error?.message ?? ''}` };
    return { ok: true, notebook: readNotebook(path.join(outputDir, 'executed.ipynb')) };
  } finally {
    fs.rmSync(outputDir, { recursive: true, force: true });
  }
}
