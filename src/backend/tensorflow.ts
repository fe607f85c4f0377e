/**
 * Loads tfjs-node (`@tensorflow/tfjs-node`), whose import registers tfjs's native `tensorflow` backend, and
 * turns each way it can fail into one line that tells the reader what to do.
 *
 * tfjs-node is an opt-in, not a dependency: its own install script downloads a libtensorflow build that is no longer
 * served (tensorflow/tfjs#8742), so flax-ts ships a command that installs it into the user's project and builds
 * its binding from the `tensorflow-cpu` wheel instead (`npx flax-ts setup-tfjs-node`). A missing package or binding
 * must never stop flax-ts: the caller falls back, and the message names that command.
 *
 * @packageDocumentation
 */

const TFJS_NODE = '@tensorflow/tfjs-node';

/** The command that installs tfjs-node into the user's project and builds its native binding. */
export const SETUP_COMMAND = 'npx flax-ts setup-tfjs-node';

/** How to find and import a package; a parameter so that tests can stand in for a broken install. */
export interface PackageLoader {
  /** Throws when the package is not installed (like `require.resolve`). */
  readonly resolve: (name: string) => unknown;
  /** Imports the package and runs its side effects (like `require`). */
  readonly load: (name: string) => unknown;
}

const nodeLoader: PackageLoader = {
  resolve: (name) => require.resolve(name),
  // A plain require: tfjs-node is optional, and must not be resolved at build time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  load: (name): unknown => require(name) as unknown,
};

/**
 * Imports tfjs-node, which registers and activates the `tensorflow` backend.
 *
 * @returns `undefined` on success, otherwise one line saying why tfjs-node cannot be used and how to fix it.
 */
export function loadTfjsNode(loader: PackageLoader = nodeLoader): string | undefined {
  try {
    loader.resolve(TFJS_NODE);
  } catch {
    return `tfjs-node (native TensorFlow) is not installed: \`${SETUP_COMMAND}\` adds it to your project`;
  }
  // TensorFlow's C++ start-up log (CPU feature notes at INFO level) would otherwise open every program and
  // notebook output; warnings and errors still show. An explicit TF_CPP_MIN_LOG_LEVEL is respected.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
  try {
    loader.load(TFJS_NODE);
    return undefined;
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    // tfjs-node names its addon file when the install script never built or downloaded it.
    if (firstLine.includes('tfjs_binding.node')) {
      return `tfjs-node is installed but its native binding is missing: \`${SETUP_COMMAND}\` builds it`;
    }
    return `tfjs-node failed to load (${firstLine}): \`${SETUP_COMMAND}\` rebuilds it`;
  }
}
