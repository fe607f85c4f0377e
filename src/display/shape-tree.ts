/**
 * Formats a tree of array shapes the way the Flax guides print `jax.tree_util.tree_map(jnp.shape, variables)`:
 * `{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }`.
 *
 * Keys are sorted as JAX sorts dict keys, so the printout matches the guides whatever order the variables were
 * created in. A tree that does not fit on one line is broken into one entry per line, indented by two spaces.
 *
 * @packageDocumentation
 */

/** A tree whose leaves are shapes (`number[]`) or other printable values. */
export type ShapeTree =
  | readonly number[]
  | readonly ShapeTree[]
  | { readonly [key: string]: ShapeTree }
  | string
  | number
  | boolean
  | null
  | undefined;

/** Formatting options. */
export interface ShapeTreeOptions {
  /** Longest line before an object or list is split over several lines. Default 100. */
  readonly width?: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function isShape(value: ShapeTree): value is readonly number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

function formatKey(key: string): string {
  return IDENTIFIER.test(key) ? key : `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function formatLeaf(value: string | number | boolean | null | undefined): string {
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

function format(tree: ShapeTree, indent: string, width: number): string {
  if (isShape(tree)) return `[${tree.join(', ')}]`;
  if (tree === null || typeof tree !== 'object') return formatLeaf(tree);
  const isList = Array.isArray(tree);
  const entries: [string, ShapeTree][] = isList
    ? (tree as readonly ShapeTree[]).map((item) => ['', item])
    : Object.keys(tree)
        .sort()
        .map((key) => [`${formatKey(key)}: `, (tree as { readonly [key: string]: ShapeTree })[key]]);
  const [open, close] = isList ? ['[', ']'] : ['{ ', ' }'];
  if (entries.length === 0) return isList ? '[]' : '{}';
  const inner = indent + '  ';
  const flat = `${open}${entries.map(([key, value]) => key + format(value, inner, Infinity)).join(', ')}${close}`;
  if (indent.length + flat.length <= width) return flat;
  const lines = entries.map(([key, value]) => `${inner}${key}${format(value, inner, width)},`);
  return `${open.trim()}\n${lines.join('\n')}\n${indent}${close.trim()}`;
}

/**
 * The printout of a tree of shapes.
 *
 * @example
 * formatShapeTree({ params: { Dense_0: { kernel: [3, 4], bias: [4] } } });
 * // "{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }"
 */
export function formatShapeTree(tree: ShapeTree, options: ShapeTreeOptions = {}): string {
  return format(tree, '', options.width ?? 100);
}
