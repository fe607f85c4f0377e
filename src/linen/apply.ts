/**
 * `init` and `apply` (Flax's `flax/core/scope.py` `init`/`apply` and `Module.init`/`Module.apply`): check the
 * variables and rngs, bind a fresh copy of the module to a root scope, call one method, and hand back the output
 * and the collections. Runs in a tfjs scope, so every intermediate tensor is disposed; the result's are kept.
 *
 * @packageDocumentation
 */
import { tidyTree } from '../core/scope';
import { isTreeNode } from '../core/tree';
import { KeyArray, type Key } from '../core/random';
import { Tracer } from '../core/trace';
import {
  ApplyModuleInvalidMethodError,
  ApplyScopeInvalidVariablesStructureError,
  ApplyScopeInvalidVariablesTypeError,
  InvalidRngError,
} from './errors';
import { bindToRoot, requireState, type ModuleLike } from './module-state';
import { Scope } from './scope';
import {
  copyMutableCollections,
  isVariables,
  namedCollections,
  type CollectionFilter,
  type Variables,
} from './variables';

/** One key (used for the `params` stream) or keys by stream name: `{ params: k1, dropout: k2 }`. */
export type Rngs = Key | { readonly [stream: string]: Key };

/** How to run one method on a bound copy of a module. */
export interface RunOptions {
  readonly method: string;
  readonly rngs: Rngs | undefined;
  readonly mutable: CollectionFilter;
  readonly initializing: boolean;
  /** False when only the collections are wanted: the output is then disposed with the intermediates. */
  readonly keepOutput: boolean;
}

/** One key (a traced one inside `jit`, or one example's inside `vmap`). */
function isSingleKey(value: unknown): value is Key {
  const isKey = value instanceof KeyArray || (value instanceof Tracer && value.dtype === 'key');
  return isKey && value.shape.length === 0;
}

function rngStreams(rngs: Rngs | undefined, className: string): Record<string, Key> {
  if (rngs === undefined) return {};
  if (isSingleKey(rngs)) return { params: rngs };
  if (!isTreeNode(rngs) || Array.isArray(rngs)) {
    throw new InvalidRngError(
      `RNGs should be of shape (2,) or PRNGKey in Module ${className}, but rngs are: ${String(rngs)}`,
    );
  }
  for (const [stream, key] of Object.entries(rngs)) {
    if (!isSingleKey(key)) {
      throw new InvalidRngError(
        `rngs should be a dictionary mapping strings to \`jax.PRNGKey\` (random.key(seed)); ` +
          `"${stream}" is ${String(key)}.`,
      );
    }
  }
  return { ...rngs };
}

function checkVariables(variables: unknown): asserts variables is Variables {
  if (!isVariables(variables)) throw new ApplyScopeInvalidVariablesTypeError();
  const params = variables.params as Variables[string] | undefined;
  if (params !== undefined && 'params' in params && isTreeNode(params.params)) {
    throw new ApplyScopeInvalidVariablesStructureError();
  }
}

/** After the call: a collection named in `mutable` that neither came in nor was created is almost surely a typo. */
function checkMutableNames(mutable: CollectionFilter, variables: Variables, className: string): void {
  for (const col of namedCollections(mutable)) {
    if (!(col in variables)) {
      const have = Object.keys(variables).join(', ') || 'none';
      throw new Error(
        `${className}.apply: mutable names the collection "${col}", which the variables do not have and the ` +
          `module did not create (collections: ${have}).`,
      );
    }
  }
}

/**
 * Binds a copy of `module` to `variables` and `rngs`, runs `method` with `args`, and returns its output and the
 * collections that `mutable` selects (all of them during `init`).
 */
export function runBound(
  module: ModuleLike,
  variables: unknown,
  args: readonly unknown[],
  options: RunOptions,
): [unknown, Variables] {
  const { className } = requireState(module);
  checkVariables(variables);
  const rngs = rngStreams(options.rngs, className);
  if (!Array.isArray(args)) {
    throw new TypeError(
      `${className}: pass the method's arguments as one array, e.g. model.apply(variables, [x, true]).`,
    );
  }
  return tidyTree('apply', () => {
    const working = copyMutableCollections(variables, options.mutable);
    const scope = Scope.root(working, { rngs, mutable: options.mutable, initializing: options.initializing });
    try {
      const bound = bindToRoot(module, scope) as Record<string, unknown>;
      const method = bound[options.method];
      if (typeof method !== 'function') throw new ApplyModuleInvalidMethodError(options.method);
      const output = (method as (...a: unknown[]) => unknown).apply(bound, args);
      const collections = options.initializing ? scope.variables() : scope.mutableVariables();
      checkMutableNames(options.mutable, scope.variables(), className);
      return [options.keepOutput ? output : undefined, collections];
    } finally {
      scope.invalidate();
    }
  });
}
