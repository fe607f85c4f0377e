/**
 * The wrapper every schedule of this folder is made with.
 *
 * @packageDocumentation
 */
import type { NDArray } from '../../core/np';
import { tidyTree } from '../../core/scope';
import type { Schedule } from '../scale';

/**
 * `fn` as a schedule that, called outside any `tidy`, leaves only its result allocated: its intermediates (the
 * clipped count, the fraction, …) are disposed on return.
 */
export function tidySchedule(name: string, fn: Schedule): Schedule {
  return (count: NDArray) => tidyTree(name, () => fn(count));
}
