// Every notebook's code, pasted cell after cell into one TypeScript module, compiles under the project's strict
// settings: what readers copy into their own projects must type-check, not only run in tslab's lax mode. Under the
// strictest settings (noUncheckedIndexedAccess, exactOptionalPropertyTypes) the errors left are exactly the ones
// listed, with their cause, in strictest-known-errors.ts: a new one fails, and so does a listed one that is gone.
import { expect } from 'chai';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { englishHelperFiles } from '../../scripts/notebooks/helpers';
import { englishNotebookNames, notebookPath, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { readNotebook, sourceText } from '../../scripts/notebooks/notebook';
import { STRICT_FLAGS, STRICTEST_FLAGS, tscDiagnostics } from '../support/strict-tsc';
import { STRICTEST_KNOWN_ERRORS, type KnownError } from './strictest-known-errors';

const root = join(__dirname, '..', '..');
const CELL_MARKER = /^\/\/ cell (\S+)$/;

/** The notebook's code cells as one module, each cell introduced by a comment naming it (for error messages). */
function moduleSource(name: string): string {
  const cells = readNotebook(notebookPath(REPO_LAYOUT, 'en', name)).cells.filter((cell) => cell.cell_type === 'code');
  return [...cells.map((cell) => `// cell ${cell.id}\n${sourceText(cell)}\n`), 'export {};\n'].join('\n');
}

/** One tsc error, located by notebook, cell and the text of its line (stable when other cells change). */
type FoundError = Omit<KnownError, 'cause'> & { readonly message: string };

/** The errors of a tsc report over the modules in `sources` (by file name), each placed in its cell. */
function locate(report: string, sources: ReadonlyMap<string, string>): FoundError[] {
  const found: FoundError[] = [];
  for (const match of report.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    const [, file = '', lineNumber = '0', code = '', message = ''] = match;
    const name = basename(file, '.ts');
    const lines = (sources.get(name) ?? '').split('\n').slice(0, Number(lineNumber));
    const marker = [...lines].reverse().find((line) => CELL_MARKER.test(line)) ?? '';
    const cell = CELL_MARKER.exec(marker)?.[1] ?? '?';
    found.push({ notebook: name, cell, code, line: (lines[lines.length - 1] ?? '').trim(), message });
  }
  return found;
}

const keyOf = (error: Omit<KnownError, 'cause'>): string =>
  `${error.notebook} [${error.cell}] ${error.code}: ${error.line}`;

describe('notebooks: code cells compile under strict TypeScript', function () {
  this.timeout(180_000);

  let sources: Map<string, string>;
  let files: string[];
  let dir: string;

  before(() => {
    const names = englishNotebookNames(REPO_LAYOUT);
    expect(names, 'notebooks/en has notebooks').not.to.be.empty;
    sources = new Map(names.map((name) => [name, moduleSource(name)]));
    // Inside the repository so that `flax-ts` resolves through node_modules to the built package, as in tslab.
    dir = mkdtempSync(join(root, '.cache-typecheck-'));
    files = names.map((name) => {
      const file = join(dir, `${name}.ts`);
      writeFileSync(file, sources.get(name) ?? '');
      return file;
    });
    // The helpers the notebooks import from their own folder (`./digits`), checked with them.
    for (const file of englishHelperFiles(REPO_LAYOUT)) copyFileSync(file, join(dir, basename(file)));
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks every English notebook as one module under strict (the translations share its code)', () => {
    const report = tscDiagnostics(files, STRICT_FLAGS);
    expect(report, `strict tsc rejected notebook code:\n${report}`).to.equal('');
  });

  it('under noUncheckedIndexedAccess and exactOptionalPropertyTypes, fails exactly where listed', () => {
    const found = locate(tscDiagnostics(files, STRICTEST_FLAGS), sources);
    const known = new Set(STRICTEST_KNOWN_ERRORS.map(keyOf));
    const unexpected = found.filter((error) => !known.has(keyOf(error)));
    const foundKeys = new Set(found.map(keyOf));
    const gone = STRICTEST_KNOWN_ERRORS.filter((error) => !foundKeys.has(keyOf(error)));
    expect(
      unexpected.map((error) => `${keyOf(error)}\n    ${error.message}`),
      'errors not listed in strictest-known-errors.ts',
    ).to.deep.equal([]);
    expect(gone.map(keyOf), 'listed errors that are fixed: remove them from strictest-known-errors.ts').to.deep.equal(
      [],
    );
  });
});
