// The project's TypeScript (5.9) run as a user's strict project runs it, on files that import `flax-ts`: from
// inside the repository, `flax-ts` resolves through node_modules to the built package (dist/), as in tslab.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** `strict` alone: what the project itself and its notebook test have long promised. */
export const STRICT_FLAGS = ['--strict'] as const;

/** The strictest settings we promise to compile in: `strict` plus the two flags that reach into index types. */
export const STRICTEST_FLAGS = [
  '--strict',
  '--noUncheckedIndexedAccess',
  '--exactOptionalPropertyTypes',
] as const;

/**
 * tsc's diagnostics for `files` under `flags`, one per line (empty when they compile). ES modules, so notebook
 * code may use top-level `await`. Library .d.ts files are skipped unless `checkLibraries`: the @tensorflow/tfjs
 * umbrella (tfjs-layers) and even tfjs-core (hash_util.d.ts wants `Long` types) have typings that do not compile.
 */
export function tscDiagnostics(
  files: readonly string[],
  flags: readonly string[],
  { checkLibraries = false } = {},
): string {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const settings = ['--noEmit', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'node'];
  const libraries = ['--esModuleInterop', '--types', 'node', '--lib', 'es2022,dom'];
  const skip = checkLibraries ? [] : ['--skipLibCheck'];
  try {
    execFileSync(process.execPath, [tsc, ...settings, ...flags, ...libraries, ...skip, ...files], {
      cwd: root,
      encoding: 'utf8',
    });
    return '';
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    if (stdout === undefined || stdout === '') throw error;
    return stdout;
  }
}
