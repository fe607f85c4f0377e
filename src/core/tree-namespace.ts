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
  treeLeaves as leaves,
  treeMap as map,
  treeStructure as structure,
  treeUnflatten as unflatten,
} from './tree';
export type { Tree, TreeDef } from './tree';
