/**
 * Mapping over a tree prefix: `jax.tree.map(fn, prefix, full)` where `prefix` stops early and each of its leaves
 * stands for a whole subtree of `full` (how optax's masks and labels cover parameter trees).
 *
 * @packageDocumentation
 */
import { isTreeNode, type Tree } from '../core/tree';

function describeKeys(keys: readonly string[]): string {
  return `[${keys.map((key) => `'${key}'`).join(', ')}]`;
}

function mismatch(path: string, problem: string): Error {
  return new Error(`The mask does not match the tree at ${path === '' ? 'its root' : path}: ${problem}.`);
}

/**
 * Calls `fn(leaf, ...subtrees)` for every leaf of `prefix`, with the subtrees of `trees` found at the same place,
 * and returns the tree of results (shaped like `prefix`). Above the leaves of `prefix`, every tree must have the
 * same containers with the same keys; an error names the first place where they differ.
 */
export function mapPrefix(
  fn: (leaf: unknown, ...subtrees: Tree[]) => Tree,
  prefix: Tree,
  ...trees: Tree[]
): Tree {
  const visit = (node: Tree, subtrees: Tree[], path: string): Tree => {
    if (node === null || node === undefined) return node;
    if (!isTreeNode(node)) return fn(node, ...subtrees);
    if (Array.isArray(node)) {
      for (const t of subtrees) {
        if (!Array.isArray(t) || t.length !== node.length) {
          throw mismatch(path, `expected a list of length ${node.length}, got ${describe(t)}`);
        }
      }
      return node.map((child: Tree, i) =>
        visit(
          child,
          subtrees.map((t) => (t as Tree[])[i]),
          `${path}[${i}]`,
        ),
      );
    }
    const keys = Object.keys(node).sort();
    for (const t of subtrees) {
      const other = isTreeNode(t) && !Array.isArray(t) ? Object.keys(t).sort() : undefined;
      if (other?.join('\u0000') !== keys.join('\u0000')) {
        throw mismatch(
          path,
          `expected keys ${describeKeys(keys)}, got ${other ? describeKeys(other) : describe(t)}`,
        );
      }
    }
    const record = node as Record<string, Tree>;
    return Object.fromEntries(
      Object.keys(record).map((key) => [
        key,
        visit(
          record[key],
          subtrees.map((t) => (t as Record<string, Tree>)[key]),
          path === '' ? key : `${path}.${key}`,
        ),
      ]),
    );
  };
  return visit(prefix, trees, '');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list of length ${value.length}`;
  if (isTreeNode(value)) return 'an object';
  return value === null || value === undefined ? String(value) : 'a leaf';
}
