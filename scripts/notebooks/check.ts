/**
 * `npm run notebooks:check`: fails when a translation is missing, stale or changes code, when a generated notebook
 * breaks a markdown line between two CJK characters, or when a generated notebook or helper copy is not what
 * `npm run notebooks:build` would write. Each problem names the notebook (or file), cell and reason.
 */
import { helperProblems } from './helpers';
import { REPO_LAYOUT } from './layout';
import { checkTranslations, describeProblem } from './translations';

const problems = [...checkTranslations(REPO_LAYOUT), ...helperProblems(REPO_LAYOUT)];
for (const problem of problems) console.error(describeProblem(problem));
if (problems.length > 0) {
  console.error(`notebooks:check: ${problems.length} problem(s); see translations/README.md`);
  process.exitCode = 1;
} else {
  console.log('notebooks:check: translations, generated notebooks and helper copies are current');
}
