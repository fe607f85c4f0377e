/**
 * The `tree` namespace: JAX's `jax.tree` utilities under their short names (`tree.map`, `tree.leaves`, …).
 *
 * @packageDocumentation
 */
export {
  dispose,
  shapes,
  treeDefToString as structureToString,
  treeFlatten as flatten,
  treeFlattenWithPath as flattenWithPath,
  treeLeaves as leaves,
  treeMap as map,
  treeStructure as structure,
  treeUnflatten as unflatten,
  registerPytreeNode,
} from './tree';
export type { PytreeNode, Tree, TreeDef } from './tree';
