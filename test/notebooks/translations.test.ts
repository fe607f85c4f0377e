import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Layout } from '../../scripts/notebooks/layout';
import { Notebook, serializeNotebook } from '../../scripts/notebooks/notebook';
import { checkTranslations, describeProblem, sourceHash, TranslationFile, translatedNotebooks } from '../../scripts/notebooks/translations';

const ENGLISH: Notebook = {
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Title\n', 'Some prose.'] },
    { cell_type: 'code', id: 'commented', metadata: {}, outputs: [{ output_type: 'stream', name: 'stdout', text: ['2\n'] }], execution_count: null, source: '// add one\nconsole.log(1 + 1);' },
    { cell_type: 'code', id: 'plain', metadata: {}, outputs: [], execution_count: null, source: 'const x = 1;' },
  ],
  metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
  nbformat: 4,
  nbformat_minor: 5,
};

function goodTranslation(): TranslationFile {
  return {
    intro: { sourceHash: sourceHash('# Title\nSome prose.'), text: ['# 제목\n', '설명.'] },
    commented: { sourceHash: sourceHash('// add one\nconsole.log(1 + 1);'), text: '// 하나를 더합니다\nconsole.log(1 + 1);' },
  };
}

/** Writes the generated notebooks, as `npm run notebooks:build` does. */
function writeGenerated(layout: Layout): void {
  for (const built of translatedNotebooks(layout)) {
    fs.mkdirSync(path.dirname(built.file), { recursive: true });
    fs.writeFileSync(built.file, serializeNotebook(built.notebook));
  }
}

/** A temporary repository with one English notebook, translations for ko and zh, and built notebooks. */
function makeLayout(edit: (translations: Record<string, TranslationFile>) => void = () => undefined): Layout {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flax-ts-translations-'));
  const layout = { notebooksDir: path.join(root, 'notebooks'), translationsDir: path.join(root, 'translations') };
  fs.mkdirSync(path.join(layout.notebooksDir, 'en'), { recursive: true });
  fs.writeFileSync(path.join(layout.notebooksDir, 'en', '00_demo.ipynb'), serializeNotebook(ENGLISH));
  const translations: Record<string, TranslationFile> = { ko: goodTranslation(), zh: goodTranslation() };
  for (const [language, file] of Object.entries(translations)) {
    fs.mkdirSync(path.join(layout.translationsDir, language), { recursive: true });
    fs.writeFileSync(path.join(layout.translationsDir, language, '00_demo.json'), JSON.stringify(file));
  }
  // Build from the good translations, then apply the breakage: generated notebooks are what build made.
  writeGenerated(layout);
  edit(translations);
  for (const [language, file] of Object.entries(translations)) {
    fs.writeFileSync(path.join(layout.translationsDir, language, '00_demo.json'), JSON.stringify(file));
  }
  return layout;
}

function messages(layout: Layout): string[] {
  return checkTranslations(layout).map(describeProblem);
}

describe('notebooks/translations', () => {
  it('accepts current translations and generated notebooks', () => {
    expect(messages(makeLayout())).to.deep.equal([]);
  });

  it('generates notebooks with translated markdown and comments, the same code, and the English outputs', () => {
    const [ko] = translatedNotebooks(makeLayout());
    expect(ko.label).to.equal('notebooks/ko/00_demo.ipynb');
    expect(ko.notebook.cells.map((cell) => cell.source)).to.deep.equal([
      ['# 제목\n', '설명.'],
      ['// 하나를 더합니다\n', 'console.log(1 + 1);'],
      'const x = 1;',
    ]);
    expect(ko.notebook.cells.map((cell) => cell.id)).to.deep.equal(['intro', 'commented', 'plain']);
    expect(ko.notebook.cells[1].outputs).to.deep.equal(ENGLISH.cells[1].outputs);
  });

  it('names the notebook and cell of a missing translation', () => {
    const layout = makeLayout((translations) => {
      delete translations.ko.intro;
    });
    expect(messages(layout)).to.deep.equal([
      'notebooks/ko/00_demo.ipynb: cell "intro": missing translation',
      'notebooks/ko/00_demo.ipynb: generated notebook is out of date; run npm run notebooks:build',
    ]);
  });

  it('reports a stale translation with the hash the English cell has now', () => {
    const layout = makeLayout((translations) => {
      translations.zh.commented = { sourceHash: sourceHash('// add two\nconsole.log(1 + 1);'), text: '// 加一\nconsole.log(1 + 1);' };
    });
    const expected = sourceHash('// add one\nconsole.log(1 + 1);');
    expect(messages(layout)[0]).to.equal(
      `notebooks/zh/00_demo.ipynb: cell "commented": stale translation: the English cell changed (translation has sourceHash ${sourceHash('// add two\nconsole.log(1 + 1);')}, English cell is ${expected}); update "text" and "sourceHash"`,
    );
  });

  it('rejects a translated code cell whose code differs from English', () => {
    const layout = makeLayout((translations) => {
      translations.ko.commented = { sourceHash: sourceHash('// add one\nconsole.log(1 + 1);'), text: '// 하나를 더합니다\nconsole.log(1 + 2);' };
    });
    expect(messages(layout)[0]).to.equal(
      'notebooks/ko/00_demo.ipynb: cell "commented": translated code differs from English other than in comments',
    );
  });

  it('rejects translations of cells that do not exist or need none', () => {
    const layout = makeLayout((translations) => {
      translations.ko.plain = { sourceHash: sourceHash('const x = 1;'), text: 'const x = 1;' };
    });
    expect(messages(layout)).to.deep.equal([
      'notebooks/ko/00_demo.ipynb: cell "plain": translation for a cell that the English notebook does not have or that needs none; remove it',
    ]);
  });

  it('reports a missing translation file and a missing generated notebook', () => {
    const layout = makeLayout();
    fs.rmSync(path.join(layout.translationsDir, 'zh', '00_demo.json'));
    fs.rmSync(path.join(layout.notebooksDir, 'zh', '00_demo.ipynb'));
    expect(messages(layout)).to.deep.equal([
      'notebooks/zh/00_demo.ipynb: translation file translations/zh/00_demo.json is missing',
      'notebooks/zh/00_demo.ipynb: generated notebook is missing; run npm run notebooks:build',
    ]);
  });

  it('names the notebook and cell of a markdown line broken between two CJK characters, even once built', () => {
    const layout = makeLayout((translations) => {
      translations.zh.intro = { sourceHash: sourceHash('# Title\nSome prose.'), text: ['# 标题\n', '一些说\n', '明。'] };
    });
    writeGenerated(layout);
    expect(messages(layout)).to.deep.equal([
      'notebooks/zh/00_demo.ipynb: cell "intro": hard line break between two CJK characters at line 2 ("说⏎明"): markdown shows it as a space; join the lines',
    ]);
  });

  it('reports a generated notebook edited by hand', () => {
    const layout = makeLayout();
    const file = path.join(layout.notebooksDir, 'ko', '00_demo.ipynb');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('console.log(1 + 1)', 'console.log(1 + 3)'));
    expect(messages(layout)).to.deep.equal([
      'notebooks/ko/00_demo.ipynb: generated notebook is out of date; run npm run notebooks:build',
    ]);
  });
});
