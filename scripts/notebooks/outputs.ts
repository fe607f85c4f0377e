/**
 * Compares a notebook's stored outputs with a fresh run, under one rule that holds on any machine and backend.
 *
 * Each output is reduced to its form: its JSON with every number taken out (a placeholder marks where), and the
 * numbers in order. Stored and fresh outputs agree when their forms have the same text and their numbers agree at
 * the stored precision (`stored-precision.ts`: 4 significant digits, round-off around 0 next to larger numbers,
 * integers exact). What counts as a number:
 * - JSON numbers (a Plotly figure's data), each with the scale of its array;
 * - in text, a number standing on its own: not glued to letters, digits, `_`, `$`, `.`, `+`, `-` or `/` on either
 *   side (nor `=` on the right; a `.` not followed by a digit may end a sentence), so digits that belong to
 *   something else (`Dense_1e3`, a hex id such as `3f8e5103`, a version `1.2.3`, base64 data) stay text and must
 *   match exactly. A number inside a bracketed list has the scale of that list, as in a JSON array.
 *
 * Besides numbers:
 * - images count only by presence: their pixels depend on the Chromium build and fonts, while the data they show
 *   is compared through the figure's JSON next to them. This covers `image/*` outputs and images embedded in text
 *   as base64 data URIs (the static image inside a plot's HTML);
 * - a cell tagged `prints-backend` (in its metadata's `tags`) prints the name of the backend it ran on, which
 *   belongs to the machine, not the notebook: its outputs are compared with that name as `<backend>`;
 * - a cell tagged `round-off-sensitive` shows floats that round-off decides (a training run that amplifies it):
 *   its outputs must have the same text and integers, but its floats are not compared. The tag marks a notebook
 *   to fix, and the tests name every cell that carries it;
 * - output metadata and execution counts are ignored, and text stored as a list of lines is compared as one string.
 */
import { Cell, hasTag, Notebook, Output } from './notebook';
import { agreeAtStoredPrecision, magnitudeScale } from './stored-precision';

/** The tag of a cell whose output names the backend (see the module comment). */
export const PRINTS_BACKEND_TAG = 'prints-backend';

/** The tag of a cell whose floats depend on round-off (see the module comment). */
export const ROUND_OFF_SENSITIVE_TAG = 'round-off-sensitive';

/** The backends flax-ts can pick, as `ready()` names them. */
const BACKEND_NAME = /\b(?:tensorflow|wasm|cpu|webgl)\b/g;

const IMAGE_MIMETYPE = /^image\//;

/** A base64 data URI; group 1 is its mimetype. */
const DATA_URI = /data:([\w.+-]+\/[\w.+-]+)(?:;[\w.+-]+=[\w.+-]+)*;base64,[A-Za-z0-9+/]*={0,2}/g;

/** A number standing on its own in text (see the module comment), as JavaScript prints numbers. */
const NUMBER = /(?<![\w$.+\-/])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w$+\-/=]|\.\d)/g;

/** A bracketed list with no bracket inside: a printed array, or the innermost level of a nested one. */
const INNERMOST_LIST = /\[[^[\]]*\]/g;

/** Marks where a number was taken out of an output's text. */
const PLACEHOLDER = '⟨n⟩';

/** A number taken out of an output, with the scale of the array or list it came with. */
interface FoundNumber {
  readonly value: number;
  readonly scale: number;
}

/** What is compared of one output: its text with the numbers taken out, and the numbers. */
interface OutputForm {
  readonly text: string;
  readonly numbers: readonly FoundNumber[];
}

/** Whether the cell is tagged as printing the backend's name. */
export function printsBackend(cell: Cell): boolean {
  return hasTag(cell, PRINTS_BACKEND_TAG);
}

/** The ids of the notebook's cells tagged round-off-sensitive, whose floats are not compared. */
export function roundOffSensitiveCells(notebook: Notebook): string[] {
  return notebook.cells.filter((cell) => hasTag(cell, ROUND_OFF_SENSITIVE_TAG)).map((cell) => cell.id);
}

/** Takes the numbers out of text (outside data URIs), each with its list's scale or, alone, none. */
function takeNumbersFromText(text: string, numbers: FoundNumber[]): string {
  const lists = Array.from(text.matchAll(INNERMOST_LIST), (list) => ({
    start: list.index,
    end: list.index + list[0].length,
    scale: magnitudeScale(Array.from(list[0].matchAll(NUMBER), ([found]) => Number(found))),
  }));
  return text.replace(NUMBER, (found: string, offset: number) => {
    const list = lists.find(({ start, end }) => start <= offset && offset < end);
    numbers.push({ value: Number(found), scale: list?.scale ?? 0 });
    return PLACEHOLDER;
  });
}

/** Text with its numbers taken out and embedded images replaced by a placeholder; other data URIs stay whole. */
function takeNumbersFromString(text: string, numbers: FoundNumber[]): string {
  let result = '';
  let last = 0;
  for (const uri of text.matchAll(DATA_URI)) {
    result += takeNumbersFromText(text.slice(last, uri.index), numbers);
    result += IMAGE_MIMETYPE.test(uri[1]) ? `data:${uri[1]};base64,<image>` : uri[0];
    last = uri.index + uri[0].length;
  }
  return result + takeNumbersFromText(text.slice(last), numbers);
}

/** The value with every number replaced by the placeholder and pushed onto `numbers`, in order. */
function takeNumbers(value: unknown, scale: number, numbers: FoundNumber[], text: (s: string) => string): unknown {
  if (typeof value === 'number') {
    numbers.push({ value, scale });
    return PLACEHOLDER;
  }
  if (typeof value === 'string') return takeNumbersFromString(text(value), numbers);
  if (Array.isArray(value)) {
    const arrayScale = magnitudeScale(value.filter((item): item is number => typeof item === 'number'));
    return value.map((item) => takeNumbers(item, arrayScale, numbers, text));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, takeNumbers(item, 0, numbers, text)]),
    );
  }
  return value;
}

/** nbformat stores multi-line text as a list of lines; the lines as one string, anything else as it is. */
function joinedLines(value: unknown): unknown {
  return Array.isArray(value) && value.every((line) => typeof line === 'string') ? value.join('') : value;
}

/** The form of one output of `cell` (see the module comment). */
function outputForm(output: Output, cell: Cell): OutputForm {
  const { data, text, metadata: _metadata, execution_count: _count, ...rest } = output;
  const shownData =
    data !== null && typeof data === 'object'
      ? Object.fromEntries(
          Object.entries(data as Record<string, unknown>).map(([mime, value]) => [
            mime,
            IMAGE_MIMETYPE.test(mime) ? '<image>' : joinedLines(value),
          ]),
        )
      : data;
  const backendAsPlaceholder = printsBackend(cell)
    ? (value: string) => value.replace(BACKEND_NAME, '<backend>')
    : (value: string) => value;
  const numbers: FoundNumber[] = [];
  const form = takeNumbers({ ...rest, text: joinedLines(text), data: shownData }, 0, numbers, backendAsPlaceholder);
  return { text: JSON.stringify(form), numbers };
}

/** The form's text up to and including its `index`th number, shortened to its end: where that number stands. */
function whereNumber(form: OutputForm, index: number): string {
  const upTo = form.text.split(PLACEHOLDER).slice(0, index + 1).join(PLACEHOLDER) + PLACEHOLDER;
  return `…${upTo.slice(-60)}`;
}

/** Why two forms of the same output differ, or nothing when they agree; `floats` false compares integers only. */
function formDifferences(stored: OutputForm, fresh: OutputForm, floats: boolean): string[] {
  if (stored.text !== fresh.text || stored.numbers.length !== fresh.numbers.length) {
    let at = 0;
    while (at < stored.text.length && stored.text[at] === fresh.text[at]) at += 1;
    const from = Math.max(0, at - 40);
    return [`text differs: stored «${stored.text.slice(from, from + 120)}», fresh «${fresh.text.slice(from, from + 120)}»`];
  }
  return stored.numbers.flatMap(({ value, scale }, index) => {
    const freshValue = fresh.numbers[index].value;
    const compared = floats || (Number.isInteger(value) && Number.isInteger(freshValue));
    return !compared || agreeAtStoredPrecision(value, freshValue, Math.max(scale, fresh.numbers[index].scale))
      ? []
      : [`stored ${value}, fresh ${freshValue} at «${whereNumber(stored, index)}»`];
  });
}

/**
 * Where the stored outputs of a notebook differ from a fresh run of it, one message per difference naming the
 * cell and output (empty when they agree).
 */
export function outputDifferences(stored: Notebook, fresh: Notebook): string[] {
  const freshCells = new Map(fresh.cells.map((cell) => [cell.id, cell]));
  return stored.cells
    .filter((cell) => cell.cell_type === 'code')
    .flatMap((cell) => {
      const storedOutputs = cell.outputs ?? [];
      const freshOutputs = freshCells.get(cell.id)?.outputs ?? [];
      if (storedOutputs.length !== freshOutputs.length) {
        return [`cell "${cell.id}": ${storedOutputs.length} outputs stored, ${freshOutputs.length} in the fresh run`];
      }
      return storedOutputs.flatMap((output, index) =>
        formDifferences(
          outputForm(output, cell),
          outputForm(freshOutputs[index], cell),
          !hasTag(cell, ROUND_OFF_SENSITIVE_TAG),
        ).map(
          (difference) => `cell "${cell.id}" output ${index}: ${difference}`,
        ),
      );
    });
}
