import { expect } from 'chai';
import { cjkLineBreakProblems, cjkLineBreaks } from '../../scripts/notebooks/cjk-line-breaks';
import type { Notebook } from '../../scripts/notebooks/notebook';

describe('notebooks/cjk-line-breaks', () => {
  it('finds a break between two Han characters, naming the line and both characters', () => {
    expect(cjkLineBreaks('单元格的值会显示在\n它下方。')).to.deep.equal([{ line: 1, before: '在', after: '它' }]);
  });

  it('counts CJK punctuation and the text of a list item continued on an indented line', () => {
    expect(cjkLineBreaks('第一句。\n第二句')).to.deep.equal([{ line: 1, before: '。', after: '第' }]);
    expect(cjkLineBreaks('- 它们应当是属性。\n  用不同超参数')).to.deep.equal([{ line: 1, before: '。', after: '用' }]);
  });

  it('accepts breaks next to Latin text or code, between Hangul words, and markdown hard breaks', () => {
    expect(cjkLineBreaks('使用\n`vmap` 时')).to.deep.equal([]);
    expect(cjkLineBreaks('调用 vmap\n时')).to.deep.equal([]);
    expect(cjkLineBreaks('같은 값을\n돌려줍니다')).to.deep.equal([]);
    expect(cjkLineBreaks('第一行  \n第二行')).to.deep.equal([]);
    expect(cjkLineBreaks('第一行\\\n第二行')).to.deep.equal([]);
    expect(cjkLineBreaks('段落一。\n\n段落二。')).to.deep.equal([]);
  });

  it('leaves headings and fenced code alone, and checks the text after a fence', () => {
    expect(cjkLineBreaks('## 标题\n正文')).to.deep.equal([]);
    expect(cjkLineBreaks('```python\nx = 1  # 第一\n第二 = 2\n```\n之后\n一行')).to.deep.equal([
      { line: 5, before: '后', after: '一' },
    ]);
  });

  it('reports each markdown cell with breaks once, and ignores code cells', () => {
    const notebook: Notebook = {
      cells: [
        { cell_type: 'markdown', id: 'prose', metadata: {}, source: ['甲乙\n', '丙丁\n', '戊己'] },
        { cell_type: 'markdown', id: 'fine', metadata: {}, source: '一行就好。' },
        { cell_type: 'code', id: 'code', metadata: {}, outputs: [], execution_count: null, source: '// 注释\n// 注释' },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    expect(cjkLineBreakProblems('notebooks/zh/00_demo.ipynb', notebook)).to.deep.equal([
      {
        notebook: 'notebooks/zh/00_demo.ipynb',
        cellId: 'prose',
        reason:
          'hard line break between two CJK characters at line 1 ("乙⏎丙"), line 2 ("丁⏎戊"): markdown shows it as a space; join the lines',
      },
    ]);
  });
});
