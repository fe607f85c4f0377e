/**
 * Runs every code cell of one notebook through tslab's own executor, in this process, the way the kernel would.
 *
 * Usage: `node --require tsx/cjs run-cells.ts NOTEBOOK` with cwd at the notebook's folder (tslab resolves imports
 * from there). Exits 0 when every cell succeeds; otherwise prints which cell failed and that cell's stderr, and
 * exits 1. Display calls are accepted and dropped: there is no Jupyter front end to show them.
 */
import * as path from 'path';
import { format } from 'util';
import { createConverter } from 'tslab/dist/converter';
import { ConverterSet, createExecutor } from 'tslab/dist/executor';
import { readNotebook, sourceText } from './notebook';
import { tslabJupyterModule } from './tslab-hook';

async function main(file: string): Promise<number> {
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
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      cellStderr = '';
      if (!(await executor.execute(sourceText(cell)))) {
        writeStderr(`cell ${index} (id "${cell.id}") failed:\n${cellStderr}`);
        return 1;
      }
    }
    return 0;
  } finally {
    executor.close();
    converters.close();
  }
}

if (process.argv.length !== 3) throw new Error('usage: run-cells.ts NOTEBOOK');
void main(process.argv[2]).then((code) => process.exit(code));
