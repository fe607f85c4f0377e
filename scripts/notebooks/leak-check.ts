/**
 * The `leak-check` cell tag: a training loop must leave `tf.memory().numTensors` flat (DESIGN.md §1, Memory).
 *
 * The cell runner (`run-cells.ts`) runs a tagged cell a second time and compares the tensor count before and after
 * that run. The first run is the warm-up: it traces and compiles the jitted steps, whose programs keep their
 * constants for as long as they live. A loop that frees what each step replaces (jit's donation, `tidy`) leaves the
 * count where it was; one that leaks k tensors per step leaves k × steps more. So a tagged cell must be safe to run
 * again: it continues training from state made in earlier cells, or builds and frees its own inside `tidy`, and it
 * builds no new model or jitted function (each would be traced anew).
 */
import { hasTag, type Cell } from './notebook';

/** The tag of a cell whose tensor count must be flat (see the module comment). */
export const LEAK_CHECK_TAG = 'leak-check';

/** Whether the cell is tagged for the leak check. */
export function isLeakChecked(cell: Cell): boolean {
  return hasTag(cell, LEAK_CHECK_TAG);
}

/** The failure message for a tagged cell whose second run changed the tensor count, or undefined when flat. */
export function leakReport(before: number, after: number): string | undefined {
  if (after === before) return undefined;
  const change = after > before ? `${after - before} more` : `${before - after} fewer`;
  return (
    `running it again left ${change} tensors (tf.memory().numTensors ${before} → ${after}); ` +
    `a cell tagged "${LEAK_CHECK_TAG}" must leave the tensor count flat: free what each step replaces ` +
    `(jit's donateArgnums, tidy).\n`
  );
}
