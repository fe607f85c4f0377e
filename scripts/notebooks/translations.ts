/**
 * Per-cell translations of the English notebooks, and the generator and checker built on them.
 *
 * `translations/<lang>/<notebook>.json` maps a cell id to `{ sourceHash, text }`: the hash of the English cell the
 * text was translated from, and the translated cell (a string, or a list of lines). Every markdown cell and every
 * code cell with comments needs an entry; a code cell's translation may differ from English only in comments.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { cjkLineBreakProblems } from './cjk-line-breaks';
import { codeWithoutComments, hasComments } from './code-without-comments';
import { englishNotebookNames, Layout, notebookLabel, notebookPath, translationPath, TRANSLATED_LANGUAGES } from './layout';
import { Cell, Notebook, readNotebook, serializeNotebook, sourceLines, sourceText } from './notebook';

/** One translated cell. */
export interface CellTranslation {
  sourceHash: string;
  text: string | string[];
}

/** A translation file: cell id → translation. */
export type TranslationFile = Record<string, CellTranslation | undefined>;

/** Something `notebooks:check` reports: which notebook, which cell (if any), and why. */
export interface Problem {
  readonly notebook: string;
  readonly cellId?: string;
  readonly reason: string;
}

/** Renders a problem as one line naming notebook, cell and reason. */
export function describeProblem(problem: Problem): string {
  const cell = problem.cellId === undefined ? '' : ` cell "${problem.cellId}":`;
  return `${problem.notebook}:${cell} ${problem.reason}`;
}

/** The hash a translation records for the English cell it was made from (sha256 of the source, 16 hex digits). */
export function sourceHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 16);
}

/** Whether an English cell needs a translation: markdown always, code only when it has comments to translate. */
export function needsTranslation(cell: Cell): boolean {
  if (cell.cell_type === 'markdown') return true;
  return cell.cell_type === 'code' && hasComments(sourceText(cell));
}

function translationText(entry: CellTranslation): string {
  return Array.isArray(entry.text) ? entry.text.join('') : entry.text;
}

function readTranslationFile(file: string): TranslationFile | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as TranslationFile) : undefined;
}

/** Why a translation entry cannot be used for this English cell, or undefined when it is current and valid. */
function entryProblem(english: Cell, entry: CellTranslation | undefined): string | undefined {
  if (entry === undefined) return 'missing translation';
  if (typeof entry.sourceHash !== 'string' || (typeof entry.text !== 'string' && !Array.isArray(entry.text))) {
    return 'translation entry needs a string "sourceHash" and a "text" (string or list of lines)';
  }
  const expected = sourceHash(sourceText(english));
  if (entry.sourceHash !== expected) {
    return `stale translation: the English cell changed (translation has sourceHash ${entry.sourceHash}, English cell is ${expected}); update "text" and "sourceHash"`;
  }
  if (english.cell_type === 'code' && codeWithoutComments(translationText(entry)) !== codeWithoutComments(sourceText(english))) {
    return 'translated code differs from English other than in comments';
  }
  return undefined;
}

/** Builds one translated notebook and lists the problems with its translation file. */
export function translateNotebook(
  english: Notebook,
  translations: TranslationFile | undefined,
  language: string,
  name: string,
): { notebook: Notebook; problems: Problem[] } {
  const label = notebookLabel(language, name);
  if (translations === undefined) {
    return { notebook: english, problems: [{ notebook: label, reason: `translation file translations/${language}/${name}.json is missing` }] };
  }
  const problems: Problem[] = [];
  const translatedIds = new Set<string>();
  const cells = english.cells.map((cell): Cell => {
    if (!needsTranslation(cell)) return cell;
    translatedIds.add(cell.id);
    const entry = translations[cell.id];
    const problem = entryProblem(cell, entry);
    if (problem !== undefined || entry === undefined) {
      problems.push({ notebook: label, cellId: cell.id, reason: problem ?? 'missing translation' });
      return cell;
    }
    return { ...cell, source: sourceLines(translationText(entry)) };
  });
  for (const id of Object.keys(translations)) {
    if (!translatedIds.has(id)) {
      problems.push({ notebook: label, cellId: id, reason: 'translation for a cell that the English notebook does not have or that needs none; remove it' });
    }
  }
  const metadata = { ...english.metadata, flax_ts: { generated_from: `en/${name}.ipynb`, language } };
  return { notebook: { ...english, cells, metadata }, problems };
}

/** Everything a translated notebook is made of, for every language and English notebook. */
export function translatedNotebooks(layout: Layout): { file: string; label: string; notebook: Notebook; problems: Problem[] }[] {
  return englishNotebookNames(layout).flatMap((name) => {
    const english = readNotebook(notebookPath(layout, 'en', name));
    return TRANSLATED_LANGUAGES.map((language) => ({
      file: notebookPath(layout, language, name),
      label: notebookLabel(language, name),
      ...translateNotebook(english, readTranslationFile(translationPath(layout, language, name)), language, name),
    }));
  });
}

/**
 * All problems `notebooks:check` fails on: translation problems, markdown lines broken between two CJK characters,
 * and generated notebooks that are not current.
 */
export function checkTranslations(layout: Layout): Problem[] {
  return translatedNotebooks(layout).flatMap(({ file, label, notebook, problems }) => {
    const found = [...problems, ...cjkLineBreakProblems(label, notebook)];
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === undefined) return [...found, { notebook: label, reason: 'generated notebook is missing; run npm run notebooks:build' }];
    if (current !== serializeNotebook(notebook)) {
      return [...found, { notebook: label, reason: 'generated notebook is out of date; run npm run notebooks:build' }];
    }
    return found;
  });
}
