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
import { Notebook, readNotebook, sourceText } from './notebook';

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

const CELL_ERROR = 'nbclient.exceptions.CellExecutionError: ';
const RULE = '\n------------------\n';

/**
 * The useful part of nbconvert's stderr: nbclient's report (the failing cell's source and stderr) without the
 * Python traceback above it, headed by the cell's index and id, found by its source.
 */
export function describeFailure(notebook: Notebook, stderr: string): string {
  const start = stderr.indexOf(CELL_ERROR);
  if (start < 0) return stderr;
  const report = stderr.slice(start + CELL_ERROR.length);
  const source = report.split(RULE)[1] as string | undefined;
  const index = notebook.cells.findIndex((cell) => source !== undefined && sourceText(cell).trim() === source.trim());
  const cell = index < 0 ? 'a cell' : `cell ${index} (id "${notebook.cells[index].id}")`;
  return `${cell} failed: ${report}`;
}

/**
 * Executes `file` with cwd at its folder and returns the executed copy (the file itself is not touched). `env`
 * adds to the kernel's environment, e.g. `{ FLAX_TS_BACKEND: 'wasm' }`.
 */
export function executeNotebook(file: string, env: Readonly<Record<string, string>> = {}): Execution {
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
      { cwd: path.dirname(file), env: { ...process.env, ...env, JUPYTER_PATH }, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      return { ok: false, message: describeFailure(readNotebook(file), `${result.stderr}${result.error?.message ?? ''}`) };
    }
    return { ok: true, notebook: readNotebook(path.join(outputDir, 'executed.ipynb')) };
  } finally {
    fs.rmSync(outputDir, { recursive: true, force: true });
  }
}
