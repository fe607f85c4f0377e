// Every notebook's code, pasted cell after cell into one TypeScript module, compiles under the project's strict
// settings: what readers copy into their own projects must type-check, not only run in tslab's lax mode.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishNotebookNames, notebookPath, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { readNotebook, sourceText } from '../../scripts/notebooks/notebook';

const root = join(__dirname, '..', '..');

/** The notebook's code cells as one module, each cell introduced by a comment naming it (for error messages). */
function moduleSource(name: string): string {
  const cells = readNotebook(notebookPath(REPO_LAYOUT, 'en', name)).cells.filter((cell) => cell.cell_type === 'code');
  return [...cells.map((cell) => `// cell ${cell.id}\n${sourceText(cell)}\n`), 'export {};\n'].join('\n');
}

describe('notebooks: code cells compile under strict TypeScript', function () {
  this.timeout(180_000);

  it('type-checks every English notebook as one module (the translations share its code)', () => {
    const names = englishNotebookNames(REPO_LAYOUT);
    expect(names, 'notebooks/en has notebooks').not.to.be.empty;
    // Inside the repository so that `flax-ts` resolves through node_modules to the built package, as in tslab.
    const dir = mkdtempSync(join(root, '.cache-typecheck-'));
    try {
      const files = names.map((name) => {
        const file = join(dir, `${name}.ts`);
        writeFileSync(file, moduleSource(name));
        return file;
      });
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'node'];
      try {
        execFileSync(process.execPath, [tsc, ...args, '--esModuleInterop', '--skipLibCheck', '--types', 'node', ...files], {
          cwd: root,
          encoding: 'utf8',
        });
      } catch (error) {
        const report = String((error as { stdout?: string }).stdout ?? error);
        expect.fail(`strict tsc rejected notebook code:\n${report}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
