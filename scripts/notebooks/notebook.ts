/**
 * The slice of nbformat 4.5 the notebook scripts need: reading, writing and inspecting cells.
 *
 * Notebooks are written the way nbformat itself writes them (keys sorted, one-space indent, trailing newline),
 * so a notebook saved by JupyterLab and the same notebook written here are byte for byte the same.
 */
import * as fs from 'fs';

/** One output of a code cell, kept as the JSON object nbformat stores. */
export type Output = Record<string, unknown>;

/** A notebook cell; `source` is a string or the list of lines nbformat usually stores. */
export interface Cell {
  cell_type: 'markdown' | 'code' | 'raw';
  id: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
  [key: string]: unknown;
}

/** A whole notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** The cell's source as one string. */
export function sourceText(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Whether the cell carries `tag` in its metadata's `tags`. */
export function hasTag(cell: Cell, tag: string): boolean {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

/** Splits text into the line list nbformat stores (each line keeps its `\n`). */
export function sourceLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Reads a notebook and checks the parts the scripts rely on: nbformat ≥ 4.5 and an id on every cell. */
export function readNotebook(file: string): Notebook {
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  if (notebook.nbformat !== 4 || notebook.nbformat_minor < 5) {
    throw new Error(`${file}: nbformat 4.5 or later is required (cell ids), got ${notebook.nbformat}.${notebook.nbformat_minor}`);
  }
  notebook.cells.forEach((cell, index) => {
    if (typeof cell.id !== 'string' || cell.id === '') throw new Error(`${file}: cell ${index} has no id`);
  });
  return notebook;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}

/** The exact text nbformat would write for this notebook. */
export function serializeNotebook(notebook: Notebook): string {
  return JSON.stringify(sortKeys(notebook), null, 1) + '\n';
}

/** Writes the notebook unless the file already holds exactly that text; returns whether it wrote. */
export function writeNotebook(file: string, notebook: Notebook): boolean {
  const text = serializeNotebook(notebook);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.writeFileSync(file, text);
  return true;
}
