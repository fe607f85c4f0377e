/**
 * The hook through which tslab's display functions reach the front end: `lastWriteDisplayData` in
 * `tslab/dist/jupyter`, which tslab's kernel sets before running each cell.
 */
import { createRequire } from 'module';
import type * as TslabJupyter from 'tslab/dist/jupyter';

/** The writer tslab calls with each display_data message, or null when no cell is running. */
export type DisplayWriter = typeof TslabJupyter.lastWriteDisplayData | null;

/**
 * tslab's jupyter module object itself: an `import` would give read-only bindings, while setting the hook, as the
 * kernel does, needs the object the module exports.
 */
export function tslabJupyterModule(): { lastWriteDisplayData: DisplayWriter } {
  return createRequire(__filename)('tslab/dist/jupyter') as { lastWriteDisplayData: DisplayWriter };
}
