/**
 * Pytrees: nested plain objects and arrays whose leaves are tensors (or anything that is not a plain container).
 *
 * As in JAX, object keys are visited in sorted order, so two trees with the same keys flatten the same way
 * whatever order their keys were written in; `null` and `undefined` are empty subtrees, not leaves.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A nested structure of plain objects, arrays and registered nodes; every other value is a leaf. */
export type Tree<L = unknown> =
  L | readonly Tree<L>[] | { readonly [key: string]: Tree<L> } | null | undefined;

/** The shape of a tree without its leaves: enough to rebuild it from a list of leaves. */
export type TreeDef =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'none'; readonly value: null | undefined }
  | { readonly kind: 'array'; readonly children: readonly TreeDef[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly TreeDef[] }
  | {
      readonly kind: 'node';
      readonly node: PytreeNode<unknown>;
      readonly name: string;
      /** The node's static data (e.g. a TrainState's `applyFn` and `tx`): compared by identity. */
      readonly aux: unknown;
      readonly children: TreeDef;
    };

/**
 * How a class's instances take part in trees (JAX's `register_pytree_node`): `flatten` splits an instance into its
 * children (a plain object or array whose leaves are traced, mapped, donated…) and static data; `unflatten` builds
 * an instance back from the same static data and new children.
 */
export interface PytreeNode<T> {
  flatten(node: T): [children: Record<string, unknown> | readonly unknown[], aux: unknown];
  unflatten(aux: unknown, children: Record<string, unknown> | readonly unknown[]): T;
}

const registered = new Map<object, PytreeNode<unknown>>();

/**
 * Registers class `cls` (and its subclasses) as a tree node, so `tree.map`, `jit`, `grad` and `vmap` look inside
 * its instances.
 *
 * @example
 * tree.registerPytreeNode(Pair, { flatten: (p) => [[p.a, p.b], null], unflatten: (_, [a, b]) => new Pair(a, b) });
 */
export function registerPytreeNode<T>(cls: abstract new (...args: never[]) => T, node: PytreeNode<T>): void {
  registered.set(cls.prototype as object, node);
}

/** The registration covering `value`'s class or one of its base classes. */
function registeredNode(value: object): PytreeNode<unknown> | undefined {
  for (
    let proto = Object.getPrototypeOf(value) as object | null;
    proto !== null;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    const node = registered.get(proto);
    if (node !== undefined) return node;
  }
  return undefined;
}

/** True for the containers a tree is made of: arrays and plain (prototype-less or Object) objects. */
export function isTreeNode(value: unknown): value is readonly unknown[] | Record<string, unknown> {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The containers being flattened, root first, with the key that leads to each one's child (an array index or an
 * object key, formatted only if a cycle is found: flattening runs on every jitted call).
 */
interface Ancestry {
  readonly nodes: object[];
  readonly keys: (number | string)[];
}

function pathOf(keys: readonly (number | string)[]): string {
  return keys.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('') || '(the root)';
}

/** Enters a container: throws if it is one of its own ancestors (a tree must be finite). */
function enter(container: object, ancestry: Ancestry): void {
  const at = ancestry.nodes.indexOf(container);
  if (at >= 0) {
    throw new TypeError(
      `A tree cannot contain itself: the value at ${pathOf(ancestry.keys)} is the container at ` +
        `${pathOf(ancestry.keys.slice(0, at))} (a cycle).`,
    );
  }
  ancestry.nodes.push(container);
}

function flattenChild(child: unknown, key: number | string, leaves: unknown[], ancestry: Ancestry): TreeDef {
  ancestry.keys.push(key);
  const def = flattenInto(child, leaves, ancestry);
  ancestry.keys.pop();
  return def;
}

function flattenInto(tree: unknown, leaves: unknown[], ancestry: Ancestry): TreeDef {
  if (tree === null || tree === undefined) return { kind: 'none', value: tree };
  if (Array.isArray(tree)) {
    enter(tree, ancestry);
    const children = tree.map((child: unknown, i) => flattenChild(child, i, leaves, ancestry));
    ancestry.nodes.pop();
    return { kind: 'array', children };
  }
  if (isTreeNode(tree)) {
    enter(tree, ancestry);
    const keys = Object.keys(tree).sort();
    const children = keys.map((key) =>
      flattenChild((tree as Record<string, unknown>)[key], key, leaves, ancestry),
    );
    ancestry.nodes.pop();
    return { kind: 'object', keys, children };
  }
  const node = typeof tree === 'object' ? registeredNode(tree) : undefined;
  if (node !== undefined) {
    enter(tree, ancestry);
    const [children, aux] = node.flatten(tree);
    const name = tree.constructor.name;
    const def: TreeDef = { kind: 'node', node, name, aux, children: flattenInto(children, leaves, ancestry) };
    ancestry.nodes.pop();
    return def;
  }
  leaves.push(tree);
  return { kind: 'leaf' };
}

/** Splits a tree into its leaves (depth first, object keys sorted) and its structure. */
export function treeFlatten<L = unknown>(tree: Tree<L>): [L[], TreeDef] {
  const leaves: unknown[] = [];
  const def = flattenInto(tree, leaves, { nodes: [], keys: [] });
  return [leaves as L[], def];
}

/**
 * Like {@link treeFlatten}, also giving each leaf's path from the root (`.params.Dense_0.kernel`, `[1]`), as
 * JAX's `tree_flatten_with_path` does; errors and messages use it to say where a leaf sits.
 */
export function treeFlattenWithPath<L = unknown>(tree: Tree<L>): [[string, L][], TreeDef] {
  const [leaves, def] = treeFlatten(tree);
  const paths: string[] = [];
  const walk = (d: TreeDef, path: string): void => {
    switch (d.kind) {
      case 'leaf':
        paths.push(path);
        return;
      case 'none':
        return;
      case 'array':
        d.children.forEach((child, i) => {
          walk(child, `${path}[${i}]`);
        });
        return;
      case 'object':
        d.children.forEach((child, i) => {
          walk(child, `${path}.${d.keys[i]}`);
        });
        return;
      case 'node':
        walk(d.children, path);
        return;
    }
  };
  walk(def, '');
  return [leaves.map((leaf, i) => [paths[i], leaf]), def];
}

/** `object[key] = value` as an own property, even for the key `__proto__` (which assignment would not create). */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** Rebuilds a tree of structure `def` from `leaves` (the inverse of {@link treeFlatten}). */
export function treeUnflatten<L>(def: TreeDef, leaves: readonly L[]): Tree<L> {
  let next = 0;
  const build = (node: TreeDef): unknown => {
    switch (node.kind) {
      case 'leaf':
        if (next >= leaves.length) throw new Error(`treeUnflatten: too few leaves (${leaves.length}).`);
        return leaves[next++];
      case 'none':
        return node.value;
      case 'array':
        return node.children.map(build);
      case 'object': {
        // A loop rather than Object.fromEntries, which costs several times more: jit rebuilds its output trees on
        // every call.
        const object: Record<string, unknown> = {};
        node.keys.forEach((key, i) => {
          setOwn(object, key, build(node.children[i]));
        });
        return object;
      }
      case 'node':
        return node.node.unflatten(node.aux, build(node.children) as Record<string, unknown>);
    }
  };
  const tree = build(def);
  if (next !== leaves.length) {
    throw new Error(`treeUnflatten: the structure has ${next} leaves but ${leaves.length} were given.`);
  }
  return tree as Tree<L>;
}

/** The leaves of a tree, in flattening order. */
export function treeLeaves<L = unknown>(tree: Tree<L>): L[] {
  return treeFlatten(tree)[0];
}

/** The structure of a tree (its {@link TreeDef}). */
export function treeStructure(tree: Tree): TreeDef {
  return treeFlatten(tree)[1];
}

/** Number of leaves a structure holds. */
export function treeDefLeafCount(def: TreeDef): number {
  switch (def.kind) {
    case 'leaf':
      return 1;
    case 'none':
      return 0;
    case 'node':
      return treeDefLeafCount(def.children);
    default:
      return def.children.reduce((total, child) => total + treeDefLeafCount(child), 0);
  }
}

/**
 * Renders a structure like JAX's `PyTreeDef`, e.g. `{a: *, b: [*, *]}`; registered nodes show their class name and,
 * when `auxKey` is given, their static data through it.
 */
export function treeDefToString(def: TreeDef, auxKey?: (aux: unknown) => string): string {
  // Appended to one string rather than joined from arrays: jit keys its traces with it on every call.
  let out = '';
  const render = (d: TreeDef): void => {
    switch (d.kind) {
      case 'leaf':
        out += '*';
        return;
      case 'none':
        out += String(d.value);
        return;
      case 'array':
        out += '[';
        d.children.forEach((child, i) => {
          if (i > 0) out += ', ';
          render(child);
        });
        out += ']';
        return;
      case 'object':
        out += '{';
        d.keys.forEach((key, i) => {
          out += `${i > 0 ? ', ' : ''}${key}: `;
          render(d.children[i]);
        });
        out += '}';
        return;
      case 'node':
        out += `${d.name}${auxKey === undefined ? '' : `<${auxKey(d.aux)}>`}(`;
        render(d.children);
        out += ')';
        return;
    }
  };
  render(def);
  return out;
}

function sameStructure(a: TreeDef, b: TreeDef): boolean {
  return treeDefToString(a) === treeDefToString(b);
}

/**
 * Applies `fn` to every leaf of `tree` (and the matching leaves of `rest`, which must have the same structure),
 * returning a tree of the results with the structure of `tree`.
 *
 * @example
 * treeMap((p, g) => np.subtract(p, np.multiply(0.1, g)), params, grads);
 */
export function treeMap<L = unknown, R = unknown>(
  fn: (leaf: L, ...rest: L[]) => R,
  tree: Tree,
  ...rest: Tree[]
): Tree<R> {
  const [leaves, def] = treeFlatten(tree);
  const others = rest.map((other, i) => {
    const [otherLeaves, otherDef] = treeFlatten(other);
    if (!sameStructure(def, otherDef)) {
      throw new Error(
        `treeMap: tree ${i + 1} has structure ${treeDefToString(otherDef)}, ` +
          `but the first tree has ${treeDefToString(def)}.`,
      );
    }
    return otherLeaves;
  });
  return treeUnflatten(
    def,
    leaves.map((leaf, i) => fn(leaf as L, ...others.map((otherLeaves) => otherLeaves[i] as L))),
  );
}

/** Anything with a shape: tensors, and the batch tracers seen inside `vmap`. */
interface Shaped {
  readonly shape: readonly number[];
}

function isShaped(value: unknown): value is Shaped {
  return typeof value === 'object' && value !== null && Array.isArray((value as Partial<Shaped>).shape);
}

/**
 * The shape of every array leaf: the TypeScript form of the guides' `jax.tree_util.tree_map(jnp.shape, tree)`.
 * Leaves without a shape (numbers, strings) are kept as they are.
 */
export function shapes(tree: Tree): Tree {
  return treeMap((leaf: unknown) => (isShaped(leaf) ? [...leaf.shape] : leaf), tree);
}

function isDisposable(value: unknown): value is tf.Tensor {
  return typeof value === 'object' && value !== null && typeof (value as tf.Tensor).dispose === 'function';
}

/** Disposes every tensor leaf of a tree (for trees the caller owns, e.g. last step's parameters). */
export function dispose(tree: Tree): void {
  for (const leaf of treeLeaves(tree)) if (isDisposable(leaf)) leaf.dispose();
}
