/**
 * `mergeParam` (Flax's `merge_param`): a hyperparameter such as `deterministic` or `useRunningAverage` may be
 * given to the constructor or at call time, but exactly once.
 *
 * @packageDocumentation
 */

/**
 * Returns whichever of `a` (constructor) and `b` (call time) is given (`undefined` and `null` count as not
 * given); throws Flax's messages when neither or both are.
 *
 * @example
 * const deterministic = nn.mergeParam('deterministic', this.deterministic, deterministic);
 */
export function mergeParam<T>(name: string, a: T | null | undefined, b: T | null | undefined): T {
  const hasA = a !== undefined && a !== null;
  const hasB = b !== undefined && b !== null;
  if (!hasA && !hasB) {
    throw new Error(`Parameter "${name}" must be passed to the constructor or at call time.`);
  }
  if (hasA && hasB) {
    throw new Error(
      `Parameter "${name}" was passed to the constructor and at call time. Should be passed just once.`,
    );
  }
  return (hasA ? a : b) as T;
}
