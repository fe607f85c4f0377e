/**
 * `npm run notebooks:build`: writes the Korean and Chinese notebooks from the English ones and the translations, and
 * copies the English folder's TypeScript helpers (see helpers.ts) beside them.
 *
 * Cells whose translation is missing or stale are written in English and listed, so the notebooks stay runnable
 * while translators catch up; `npm run notebooks:check` fails until they have.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeHelperCopies } from './helpers';
import { REPO_LAYOUT } from './layout';
import { writeNotebook } from './notebook';
import { describeProblem, translatedNotebooks } from './translations';

for (const { file, label, notebook, problems } of translatedNotebooks(REPO_LAYOUT)) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  console.log(`${writeNotebook(file, notebook) ? 'wrote' : 'unchanged'} ${label}`);
  for (const problem of problems) console.log(`  English text kept: ${describeProblem(problem)}`);
}
for (const label of writeHelperCopies(REPO_LAYOUT)) console.log(`wrote ${label}`);
