/**
 * Runs every code cell of one notebook through tslab's own executor, in this process, the way the kernel would.
 *
 * Usage: `node --require tsx/cjs run-cells.ts NOTEBOOK [--times]` with cwd at the notebook's folder (tslab
 * resolves imports from there). Exits 0 when every cell succeeds; otherwise prints which cell failed and that cell's
 * stderr, and exits 1. Display calls are accepted and dropped: there is no Jupyter front end to show them.
 * `--times` prints each code cell's wall time and the total to stderr when done (how "Run All" times are measured).
 * A cell tagged `leak-check` is run a second time, which must leave the tensor count unchanged (`leak-check.ts`).
 */
import { memory } from '@tensorflow/tfjs-core';
import * as path from 'path';
import { format } from 'util';
import { createConverter } from 'tslab/dist/converter';
import { ConverterSet, createExecutor } from 'tslab/dist/executor';
import { isLeakChecked, leakReport } from './leak-check';
import { readNotebook, sourceText } from './notebook';
import { tslabJupyterModule } from './tslab-hook';

async function main(file: string, printTimes: boolean): Promise<number> {
  const notebook = readNotebook(path.resolve(file));
  let cellStderr = '';
  const converters: ConverterSet = {
    node: createConverter({ isBrowser: false }),
    // Only cells marked `%browser` need this one; build it on first use, as tslab does.
    get browser() {
      return createConverter({ isBrowser: true });
    },
    close() {
      this.node.close();
    },
  };
  const executor = createExecutor(process.cwd(), converters, {
    log: (...args: unknown[]) => {
      console.log(...args);
    },
    error: (...args: unknown[]) => {
      cellStderr += format(...args) + '\n';
    },
  });
  const writeStderr = process.stderr.write.bind(process.stderr);
  // User code writing to stderr belongs to the cell's report, like tslab's kernel forwards it to the cell.
  process.stderr.write = (chunk: string | Uint8Array) => {
    cellStderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  // tslab's display functions write through this hook; without a front end they go nowhere.
  tslabJupyterModule().lastWriteDisplayData = () => undefined;
  const times: string[] = [];
  let total = 0;
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      cellStderr = '';
      const started = performance.now();
      const ok = await executor.execute(sourceText(cell));
      const elapsed = performance.now() - started;
      total += elapsed;
      times.push(`cell ${index} (id "${cell.id}"): ${elapsed.toFixed(0)} ms`);
      if (!ok) {
        writeStderr(`cell ${index} (id "${cell.id}") failed:\n${cellStderr}`);
        return 1;
      }
      if (isLeakChecked(cell)) {
        cellStderr = '';
        const before = memory().numTensors;
        const again = await executor.execute(sourceText(cell));
        const leak = again ? leakReport(before, memory().numTensors) : `running it again failed:\n${cellStderr}`;
        if (leak !== undefined) {
          writeStderr(`cell ${index} (id "${cell.id}") ${leak}`);
          return 1;
        }
      }
    }
    if (printTimes) writeStderr(`${times.join('\n')}\nall code cells: ${total.toFixed(0)} ms\n`);
    return 0;
  } finally {
    executor.close();
    converters.close();
  }
}

const args = process.argv.slice(2);
const files = args.filter((arg) => arg !== '--times');
if (files.length !== 1 || args.length > 2) throw new Error('usage: run-cells.ts NOTEBOOK [--times]');
void main(files[0], args.includes('--times')).then((code) => process.exit(code));
