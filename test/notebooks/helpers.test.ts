import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { helperProblems, writeHelperCopies } from '../../scripts/notebooks/helpers';
import type { Layout } from '../../scripts/notebooks/layout';
import { describeProblem } from '../../scripts/notebooks/translations';

const HELPER = 'export const answer = 42;\n';

/** A temporary notebooks folder whose English folder holds one helper, `answer.ts`. */
function makeLayout(): Layout {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flax-ts-helpers-'));
  const layout = { notebooksDir: path.join(root, 'notebooks'), translationsDir: path.join(root, 'translations') };
  fs.mkdirSync(path.join(layout.notebooksDir, 'en'), { recursive: true });
  fs.writeFileSync(path.join(layout.notebooksDir, 'en', 'answer.ts'), HELPER);
  return layout;
}

function messages(layout: Layout): string[] {
  return helperProblems(layout).map(describeProblem);
}

describe('notebooks/helpers', () => {
  it('copies the English helpers into every generated language, once', () => {
    const layout = makeLayout();
    expect(writeHelperCopies(layout)).to.deep.equal(['notebooks/ko/answer.ts', 'notebooks/zh/answer.ts']);
    expect(fs.readFileSync(path.join(layout.notebooksDir, 'zh', 'answer.ts'), 'utf8')).to.equal(HELPER);
    expect(writeHelperCopies(layout)).to.deep.equal([]);
    expect(messages(layout)).to.deep.equal([]);
  });

  it('reports a missing copy, a copy edited by hand and a file with no English source', () => {
    const layout = makeLayout();
    writeHelperCopies(layout);
    fs.rmSync(path.join(layout.notebooksDir, 'ko', 'answer.ts'));
    fs.writeFileSync(path.join(layout.notebooksDir, 'zh', 'answer.ts'), 'export const answer = 43;\n');
    fs.writeFileSync(path.join(layout.notebooksDir, 'zh', 'stray.ts'), HELPER);
    expect(messages(layout)).to.deep.equal([
      'notebooks/ko/answer.ts: helper copy is missing; run npm run notebooks:build',
      'notebooks/zh/answer.ts: helper copy differs from notebooks/en; run npm run notebooks:build',
      'notebooks/zh/stray.ts: no notebooks/en file of this name to copy; remove it',
    ]);
  });
});
