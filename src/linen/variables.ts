/**
 * Variable dicts: `{ collection: { name or submodule: value or subtree } }` as plain objects (no FrozenDict), the
 * collection filters of `mutable`, `pop`, and `readVariable`.
 *
 * @packageDocumentation
 */
import { isNDArray, type NDArray } from '../core/array';
import { isTreeNode } from '../core/tree';

/** A variable's value or a submodule's subtree of values. */
export type VariableTree = NDArray | { [name: string]: VariableTree };

/** One collection (`params`, `batch_stats`, …): variables and submodule subtrees by name. */
export type Collection = { [name: string]: VariableTree };

/** All collections of a model, as `init` returns them and `apply` takes them. */
export type Variables = { [collection: string]: Collection };

/**
 * Which collections are mutable, as Flax's `mutable`: `true` (all), `false` (none), one name, or a list of names.
 */
export type CollectionFilter = boolean | string | readonly string[];

/** True if `filter` selects collection `col` (Flax's `in_filter`). */
export function inFilter(filter: CollectionFilter, col: string): boolean {
  if (typeof filter === 'boolean') return filter;
  if (typeof filter === 'string') return filter === col;
  return filter.includes(col);
}

/** The collection names a filter lists explicitly (none for `true`/`false`). */
export function namedCollections(filter: CollectionFilter): readonly string[] {
  if (typeof filter === 'boolean') return [];
  return typeof filter === 'string' ? [filter] : filter;
}

/** A copy of the nested objects of a subtree (leaves shared), so writes never reach the caller's objects. */
function copyStructure(tree: unknown): unknown {
  if (!isTreeNode(tree) || Array.isArray(tree)) return tree;
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, copyStructure(value)]));
}

/** `variables` with the structure of every collection selected by `mutable` copied (Flax's `unfreeze`). */
export function copyMutableCollections(variables: Variables, mutable: CollectionFilter): Variables {
  return Object.fromEntries(
    Object.entries(variables).map(([col, value]) => [
      col,
      inFilter(mutable, col) ? (copyStructure(value) as Collection) : value,
    ]),
  );
}

/** True for `{ collection: { string keys… } }`, what `apply` accepts (Flax's `_is_valid_variables`). */
export function isVariables(value: unknown): value is Variables {
  if (!isTreeNode(value) || Array.isArray(value)) return false;
  return Object.values(value).every((col) => isTreeNode(col) && !Array.isArray(col));
}

/**
 * Splits one collection off a variable dict: `const [state, params] = nn.pop(variables, 'params')`, as Flax's
 * `variables.pop('params')` on a FrozenDict. `variables` itself is left unchanged.
 */
export function pop(variables: Variables, collection: string): [Variables, Collection] {
  if (!(collection in variables)) {
    const have = Object.keys(variables).join(', ');
    throw new Error(`pop: the variables have no collection "${collection}" (they have: ${have}).`);
  }
  const { [collection]: popped, ...rest } = variables;
  return [rest, popped];
}

/**
 * One variable, by its path through a collection (or through all collections): typed as an array, so strict
 * TypeScript needs neither a cast nor a `!`. Throws, naming the path, when the path leads nowhere or to a subtree.
 *
 * @example
 * const kernel = nn.readVariable(variables.params, 'Dense_0', 'kernel'); // NDArray
 * const mean = nn.readVariable(variables, 'batch_stats', 'BatchNorm_0', 'mean');
 */
export function readVariable(tree: Variables | VariableTree, ...path: string[]): NDArray {
  let node: unknown = tree;
  const walked: string[] = [];
  for (const name of path) {
    const at = `/${walked.join('/')}`;
    if (!isTreeNode(node) || Array.isArray(node)) {
      throw new Error(`readVariable: ${at} is a variable; the path cannot go on to "${name}".`);
    }
    if (!(name in node)) {
      throw new Error(
        `readVariable: "${name}" not found at ${at} (there: ${Object.keys(node).join(', ') || 'nothing'}).`,
      );
    }
    node = (node as Record<string, unknown>)[name];
    walked.push(name);
  }
  if (isNDArray(node)) return node;
  const at = `/${walked.join('/')}`;
  if (!isTreeNode(node)) throw new Error(`readVariable: ${at} holds a ${typeof node}, not an array.`);
  throw new Error(
    `readVariable: ${at} is a subtree (${Object.keys(node).join(', ') || 'empty'}), not a variable: add the ` +
      'name of one of its entries to the path.',
  );
}
