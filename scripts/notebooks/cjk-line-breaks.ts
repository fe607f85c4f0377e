/**
 * Finds hard line breaks between two CJK characters in markdown.
 *
 * Markdown joins the lines of a paragraph with a space, and browsers (Chromium, GitHub's viewer) draw that space
 * even between two Chinese or Japanese characters, where the text has none: `显示在\n它下方` reads "显示在 它下方".
 * So a paragraph in those scripts must stay on one line wherever it breaks between two such characters. The
 * indentation of a continuation line (in a list item) is not text and does not count. Lines never joined to the
 * next are left alone: headings, fenced code, and markdown hard breaks (two trailing spaces or a backslash). Hangul
 * is not counted: Korean separates words with spaces, and a break between two Hangul words stands for that space.
 */
import type { Notebook } from './notebook';
import { sourceText } from './notebook';
import type { Problem } from './translations';

/** Han ideographs, kana, and CJK and full-width punctuation: the characters written without spaces between them. */
const CJK = /[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/** The opening or closing line of a fenced code block. */
const FENCE = /^\s*(```|~~~)/;
/** An ATX heading: a block of its own, never joined to the next line. */
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
/** Two trailing spaces or a backslash: markdown's explicit line break. */
const HARD_BREAK = /( {2}|\\)$/;

/** One break: the 1-based number of the line it ends, and the characters on either side. */
export interface CjkLineBreak {
  readonly line: number;
  readonly before: string;
  readonly after: string;
}

/** Every line break in `markdown` that has a CJK character on both sides. */
export function cjkLineBreaks(markdown: string): CjkLineBreak[] {
  const lines = markdown.split('\n');
  const breaks: CjkLineBreak[] = [];
  let inFence = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (FENCE.test(lines[i])) inFence = !inFence;
    if (inFence || HEADING.test(lines[i]) || HARD_BREAK.test(lines[i])) continue;
    const before = Array.from(lines[i].trimEnd()).at(-1);
    const after = Array.from(lines[i + 1].trimStart())[0] as string | undefined;
    if (before !== undefined && after !== undefined && CJK.test(before) && CJK.test(after)) {
      breaks.push({ line: i + 1, before, after });
    }
  }
  return breaks;
}

/** One problem per markdown cell of `notebook` that breaks a line between two CJK characters, naming the lines. */
export function cjkLineBreakProblems(label: string, notebook: Notebook): Problem[] {
  return notebook.cells.flatMap((cell) => {
    if (cell.cell_type !== 'markdown') return [];
    const breaks = cjkLineBreaks(sourceText(cell));
    if (breaks.length === 0) return [];
    const where = breaks.map(({ line, before, after }) => `line ${line} ("${before}⏎${after}")`).join(', ');
    const reason = `hard line break between two CJK characters at ${where}: markdown shows it as a space; join the lines`;
    return [{ notebook: label, cellId: cell.id, reason }];
  });
}
