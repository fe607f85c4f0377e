/**
 * TypeScript helper files that notebooks import from their own folder, e.g. `import { loadDigits } from './digits'`.
 *
 * tslab compiles a notebook's local imports only from under the notebook's folder (it sets TypeScript's `rootDir`
 * there), so each language's folder needs its own copy. The English folder holds the source; `notebooks:build`
 * copies it unchanged into the generated languages' folders, and `notebooks:check` fails when a copy is not current.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Layout, TRANSLATED_LANGUAGES } from './layout';
import type { Problem } from './translations';

/** One generated copy: where it comes from, where it goes, and how messages name it. */
export interface HelperCopy {
  readonly source: string;
  readonly target: string;
  readonly label: string;
}

/** The `.ts` files in a language's notebook folder (none when the folder does not exist). */
function helperNames(layout: Layout, language: string): string[] {
  const dir = path.join(layout.notebooksDir, language);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

/** The helpers' sources: the `.ts` files in `notebooks/en/`. */
export function englishHelperFiles(layout: Layout): string[] {
  return helperNames(layout, 'en').map((name) => path.join(layout.notebooksDir, 'en', name));
}

/** Every copy of every `.ts` file in `notebooks/en/`, for every generated language. */
export function helperCopies(layout: Layout): HelperCopy[] {
  return helperNames(layout, 'en').flatMap((name) =>
    TRANSLATED_LANGUAGES.map((language) => ({
      source: path.join(layout.notebooksDir, 'en', name),
      target: path.join(layout.notebooksDir, language, name),
      label: `notebooks/${language}/${name}`,
    })),
  );
}

/** Copies that are missing or differ from their English source, and `.ts` files that no English file is the source of. */
export function helperProblems(layout: Layout): Problem[] {
  const copies = helperCopies(layout).flatMap(({ source, target, label }) => {
    if (!fs.existsSync(target)) return [{ notebook: label, reason: 'helper copy is missing; run npm run notebooks:build' }];
    if (fs.readFileSync(target, 'utf8') !== fs.readFileSync(source, 'utf8')) {
      return [{ notebook: label, reason: 'helper copy differs from notebooks/en; run npm run notebooks:build' }];
    }
    return [];
  });
  const sources = new Set(helperNames(layout, 'en'));
  const orphans = TRANSLATED_LANGUAGES.flatMap((language) =>
    helperNames(layout, language)
      .filter((name) => !sources.has(name))
      .map((name) => ({ notebook: `notebooks/${language}/${name}`, reason: 'no notebooks/en file of this name to copy; remove it' })),
  );
  return [...copies, ...orphans];
}

/** Writes every copy that is missing or out of date; returns the labels of the copies it wrote. */
export function writeHelperCopies(layout: Layout): string[] {
  return helperCopies(layout).flatMap(({ source, target, label }) => {
    const text = fs.readFileSync(source, 'utf8');
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) return [];
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    return [label];
  });
}
