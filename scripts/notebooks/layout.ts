/**
 * Where notebooks and translations live, and which languages exist.
 *
 * English under `notebooks/en/` is the source; every other language is generated into `notebooks/<lang>/` from
 * `translations/<lang>/<notebook>.json`.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The languages generated from English. */
export const TRANSLATED_LANGUAGES = ['ko', 'zh'] as const;

/** Folders the scripts read and write; tests point them at temporary copies. */
export interface Layout {
  readonly notebooksDir: string;
  readonly translationsDir: string;
}

/** The repository's own folders. */
export const REPO_LAYOUT: Layout = {
  notebooksDir: path.resolve(__dirname, '../../notebooks'),
  translationsDir: path.resolve(__dirname, '../../translations'),
};

/** Names (e.g. `00_start_here`) of the English notebooks, in order. */
export function englishNotebookNames(layout: Layout): string[] {
  return fs
    .readdirSync(path.join(layout.notebooksDir, 'en'))
    .filter((file) => file.endsWith('.ipynb'))
    .map((file) => file.slice(0, -'.ipynb'.length))
    .sort();
}

/** Path of a notebook in a language. */
export function notebookPath(layout: Layout, language: string, name: string): string {
  return path.join(layout.notebooksDir, language, `${name}.ipynb`);
}

/** How messages name a notebook: its path from the repository root. */
export function notebookLabel(language: string, name: string): string {
  return `notebooks/${language}/${name}.ipynb`;
}

/** Path of a notebook's translation file. */
export function translationPath(layout: Layout, language: string, name: string): string {
  return path.join(layout.translationsDir, language, `${name}.json`);
}

/** Every notebook in every language that exists on disk. */
export function allNotebookPaths(layout: Layout): string[] {
  const names = englishNotebookNames(layout);
  return ['en', ...TRANSLATED_LANGUAGES].flatMap((language) =>
    names.map((name) => notebookPath(layout, language, name)).filter((file) => fs.existsSync(file)),
  );
}
