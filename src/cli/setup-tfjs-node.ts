/**
 * `npx flax-ts setup-tfjs-node`: makes `@tensorflow/tfjs-node` usable in the current project, so that flax-ts runs
 * on native TensorFlow (the `tensorflow` backend) instead of wasm. It is an opt-in: flax-ts does not depend on
 * tfjs-node, because its own install script downloads libtensorflow 2.9.1 from a CDN that answers 403 since 2025
 * (tensorflow/tfjs#8742), so that route is dead for everyone. This command:
 *   1. returns at once when its stamp says a verified binding is already in place;
 *   2. installs the tfjs-node JavaScript package without its install script, at the version of the tfjs-core that
 *      flax-ts uses, recorded in the project's `optionalDependencies` (so that a later `npm ci`, whose run of the
 *      dead install script fails, leaves it out instead of failing; run this command again after one);
 *   3. keeps a binding that already works (a prebuilt one, or one built earlier);
 *   4. otherwise builds the binding from source against the TensorFlow C library shipped inside the
 *      `tensorflow-cpu` wheel: only the wheel file is downloaded (pip download, into a cache folder shared by all
 *      projects), TensorFlow is never installed.
 * Every binding is verified in a child process (import, backend name, a small matmul checked against plain JS),
 * because a binding that crashes must crash a throwaway process, not flax-ts.
 *
 * On any failure it prints one line saying why and removes the binding and the TensorFlow libraries, so that
 * `require('@tensorflow/tfjs-node')` fails cleanly and flax-ts falls back to wasm; it exits 1 (0 with
 * `--optional`, which this repository's own `npm run setup` uses).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';

const TFJS_NODE = '@tensorflow/tfjs-node';
/** The wheel whose `libtensorflow_cc.so.2` replaces libtensorflow 2.9.1; its C API is what tfjs-node calls. */
const WHEEL = { project: 'tensorflow-cpu', fileStem: 'tensorflow_cpu', version: '2.21.0' };
/** Written into tfjs-node's folder after a successful check, so `npm ci` (which wipes it) invalidates it. */
const STAMP_FILE = '.flax-ts-setup.json';
/** Parts of the wheel the binding needs: the two shared libraries and the headers the C API pulls in. */
const WHEEL_LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
const WHEEL_HEADERS = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/', 'xla/'];
/**
 * Names binding.gyp links against (`-ltensorflow -ltensorflow_framework`), plus `libtensorflow.so.2.9.1`: the
 * file whose presence tells tfjs-node's install script that libtensorflow is already downloaded.
 */
const LIBTENSORFLOW_MARKER = 'libtensorflow.so.2.9.1';
const LIBRARY_LINKS: Record<string, string> = {
  'libtensorflow.so': 'libtensorflow_cc.so.2',
  'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
  [LIBTENSORFLOW_MARKER]: 'libtensorflow_cc.so.2',
};

/** A failure with the one line the user sees. */
class SetupError extends Error {}

/** What the command line asked for. */
interface SetupOptions {
  /** The project to set up: the nearest folder with a package.json, from the working directory up. */
  readonly root: string;
  /** Where the wheel is downloaded and the build log written; shared by projects, so a second setup is fast. */
  readonly cacheDir: string;
  /** Install tfjs-node without recording it in package.json (this repository, whose package.json stays lean). */
  readonly noSave: boolean;
  /** Exit 0 after a failure: the caller goes on with wasm. */
  readonly optional: boolean;
}

/** The usage text of `npx flax-ts setup-tfjs-node --help`. */
export const SETUP_USAGE = `Usage: npx flax-ts setup-tfjs-node [--cache-dir DIR] [--no-save] [--optional]

Installs @tensorflow/tfjs-node into this project and builds its native binding against the TensorFlow C
library of the tensorflow-cpu ${WHEEL.version} wheel (Linux x86-64; needs Python 3 with pip, a C++ compiler
and make; about a minute). flax-ts then runs on native TensorFlow; without it, on WebAssembly.

  --cache-dir DIR  where the wheel (about 270 MB) is kept (default: $XDG_CACHE_HOME/flax-ts/tfjs-node,
                   else ~/.cache/flax-ts/tfjs-node)
  --no-save        do not record tfjs-node in package.json's optionalDependencies
  --optional       exit 0 when it fails, so a setup script goes on (flax-ts falls back to wasm)

Run it again after \`npm ci\` or a fresh install: tfjs-node's own install script cannot download libtensorflow
anymore, so npm leaves the package out; the cached wheel makes the second setup quick.`;

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'flax-ts', 'tfjs-node');
}

/** The nearest folder, from `start` up, that holds a package.json. */
function projectRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) {
      throw new SetupError(`no package.json in ${start} or above: run it inside your project`);
    }
  }
}

function parseOptions(args: readonly string[]): SetupOptions {
  const cacheIndex = args.indexOf('--cache-dir');
  const cacheArg = cacheIndex >= 0 ? args[cacheIndex + 1] : undefined;
  if (cacheIndex >= 0 && (cacheArg === undefined || cacheArg.startsWith('--'))) {
    throw new SetupError('--cache-dir needs a folder');
  }
  const known = new Set(['--cache-dir', '--no-save', '--optional', '--verify', cacheArg]);
  const unknown = args.find((arg) => !known.has(arg));
  if (unknown !== undefined) throw new SetupError(`unknown option ${unknown} (see --help)`);
  const root = projectRoot(process.cwd());
  return {
    root,
    cacheDir: cacheArg === undefined ? defaultCacheDir() : resolve(cacheArg),
    noSave: args.includes('--no-save'),
    optional: args.includes('--optional'),
  };
}

interface Stamp {
  readonly tfjsNode: string;
  readonly source: string;
  readonly nodeModules: string;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function log(line: string): void {
  console.log(`flax-ts setup-tfjs-node: ${line}`);
}

/**
 * The tfjs-node version to install: that of the tfjs-core flax-ts runs on, since tfjs-node registers its backend
 * with tfjs-core and both are released together.
 */
function tfjsCoreVersion(): string {
  const manifest = require.resolve('@tensorflow/tfjs-core/package.json', { paths: [__dirname] });
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function findPackage(root: string): string | undefined {
  try {
    return dirname(require.resolve(`${TFJS_NODE}/package.json`, { paths: [root] }));
  } catch {
    return undefined;
  }
}

/** Installs the JavaScript package only: its install script would try the dead CDN. */
function installPackage(options: SetupOptions): string {
  const version = tfjsCoreVersion();
  log(`installing ${TFJS_NODE}@${version} without its install script`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = [
    'install',
    // Exact: tfjs-node must stay at the version of flax-ts's tfjs-core, not float to a later 4.x.
    ...(options.noSave ? ['--no-save'] : ['--save-optional', '--save-exact']),
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    `${TFJS_NODE}@${version}`,
  ];
  const result = run(npm, args, options.root);
  const found = findPackage(options.root);
  if (result.status !== 0 || found === undefined) {
    throw new SetupError(`npm could not install ${TFJS_NODE}@${version}: ${lastLine(result.stderr)}`);
  }
  return found;
}

function lastLine(text: string | null): string {
  const lines = (text ?? '').split('\n').filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? 'no output';
}

function readStamp(packageDir: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(join(packageDir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/** What must not have changed for an earlier verified setup to stand. */
function stampFor(packageDir: string, source: string): Stamp {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { tfjsNode: version, source, nodeModules: process.versions.modules };
}

function bindingExists(packageDir: string): boolean {
  const lib = join(packageDir, 'lib');
  return existsSync(lib) && readdirSync(lib).some((dir) => existsSync(join(lib, dir, 'tfjs_binding.node')));
}

/** Runs {@link verifyHere} in a child process; returns why the binding is unusable, or undefined. */
function verifyInChild(root: string): string | undefined {
  const cli = join(__dirname, `index${extname(__filename)}`);
  const result = spawnSync(process.execPath, [...process.execArgv, cli, 'setup-tfjs-node', '--verify'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    timeout: 120_000,
  });
  if (result.status === 0) return undefined;
  if (result.signal !== null) return `loading it killed a test process (${result.signal})`;
  const errorLine = result.stderr.split('\n').find((line) => /^\w*Error: /.test(line));
  return errorLine ?? lastLine(result.stderr);
}

/** The child side: import tfjs-node and compare a small matmul on `tensorflow` with the same sum in plain JS. */
function verifyHere(root: string): void {
  const tfjsNode = require.resolve(TFJS_NODE, { paths: [root] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require(tfjsNode) as typeof import('@tensorflow/tfjs-core');
  if (tf.getBackend() !== 'tensorflow') throw new Error(`tfjs-node left the backend at ${tf.getBackend()}`);
  const [m, k, n] = [3, 4, 2];
  const a = Array.from({ length: m * k }, (_, i) => i - 5);
  const b = Array.from({ length: k * n }, (_, i) => 0.5 * i);
  const native = tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync();
  for (let row = 0; row < m; row++) {
    for (let col = 0; col < n; col++) {
      let expected = 0;
      for (let i = 0; i < k; i++) expected += a[row * k + i] * b[i * n + col];
      if (native[row * n + col] !== expected) {
        throw new Error(
          `matmul on tensorflow gave ${native[row * n + col]} at [${row}, ${col}], not ${expected}`,
        );
      }
    }
  }
}

/** The project's own virtual environment's Python when it has one (its pip is set up), else the system's. */
function python(root: string): string {
  const venvPython = join(root, '.venv', 'bin', 'python');
  return existsSync(venvPython) ? venvPython : 'python3';
}

/** Downloads the wheel file once into the cache (pip download never installs it). */
function fetchWheel(options: SetupOptions): string {
  const cache = options.cacheDir;
  mkdirSync(cache, { recursive: true });
  const cached = () =>
    readdirSync(cache).find((file) => file.startsWith(`${WHEEL.fileStem}-${WHEEL.version}-`));
  if (cached() === undefined) {
    log(`downloading the ${WHEEL.project} ${WHEEL.version} wheel (about 270 MB) into ${cache}`);
    const spec = `${WHEEL.project}==${WHEEL.version}`;
    const result = spawnSync(
      python(options.root),
      ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', spec, '-d', cache],
      {
        encoding: 'utf8',
        env: { PIP_RETRIES: '0', ...process.env },
      },
    );
    if (result.status !== 0)
      throw new SetupError(`pip could not download ${spec}: ${lastLine(result.stderr)}`);
  }
  const wheel = cached();
  if (wheel === undefined)
    throw new SetupError(`pip reported success but no ${WHEEL.fileStem} wheel is in ${cache}`);
  return join(cache, wheel);
}

/** Extracts the libraries and headers into tfjs-node's `deps/` in the layout its binding.gyp expects. */
function stageLibtensorflow(wheel: string, packageDir: string, root: string): void {
  const deps = join(packageDir, 'deps');
  const partial = `${deps}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const members = [
    ...WHEEL_LIBRARIES.map((file) => `tensorflow/${file}`),
    ...WHEEL_HEADERS.map((dir) => `tensorflow/include/${dir}`),
  ];
  // Python's zipfile is at hand wherever pip is, unlike an unzip command.
  const extract =
    'import sys, zipfile\n' +
    'wheel, target, prefixes = sys.argv[1], sys.argv[2], tuple(sys.argv[3:])\n' +
    'with zipfile.ZipFile(wheel) as z:\n' +
    '    z.extractall(target, [m for m in z.namelist() if m.startswith(prefixes)])\n';
  const result = run(python(root), ['-c', extract, wheel, partial, ...members], root);
  if (result.status !== 0) throw new SetupError(`could not extract ${wheel}: ${lastLine(result.stderr)}`);

  const lib = join(partial, 'lib');
  mkdirSync(lib);
  for (const file of WHEEL_LIBRARIES) renameSync(join(partial, 'tensorflow', file), join(lib, file));
  for (const [link, target] of Object.entries(LIBRARY_LINKS)) symlinkSync(target, join(lib, link));
  renameSync(join(partial, 'tensorflow', 'include'), join(partial, 'include'));
  rmSync(join(partial, 'tensorflow'), { recursive: true });
  rmSync(deps, { recursive: true, force: true });
  renameSync(partial, deps);
}

/** Compiles the binding with node-pre-gyp (tfjs-node's own build driver) and npm's node-gyp. */
function buildBinding(packageDir: string, cacheDir: string): void {
  const nodePreGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [packageDir] });
  const result = run(process.execPath, [nodePreGyp, 'install', '--build-from-source'], packageDir);
  const buildLog = join(cacheDir, 'build.log');
  writeFileSync(buildLog, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) {
    // The compiler's own message when there is one, else node-gyp's summary ("`make` failed with exit code: 2").
    const lines = result.stderr.split('\n');
    const why =
      lines.find((line) => line.includes('error:')) ??
      lines.find((line) => line.includes('ERR! stack Error:'));
    throw new SetupError(
      `building the binding failed (${why?.trim() ?? lastLine(result.stderr)}); see ${buildLog}`,
    );
  }
}

/** Leaves tfjs-node importable-but-failing (no binding, no libraries), so flax-ts falls back cleanly. */
function removeNativeParts(packageDir: string): void {
  // node-pre-gyp compiles in build-tmp-napi-vN; the binding itself lands in lib/napi-vN.
  const buildDirs = readdirSync(packageDir).filter(
    (entry) => entry === 'build' || entry.startsWith('build-tmp'),
  );
  for (const part of ['lib', 'deps', 'deps.partial', ...buildDirs, STAMP_FILE]) {
    rmSync(join(packageDir, part), { recursive: true, force: true });
  }
}

function setUp(options: SetupOptions): void {
  const started = Date.now();
  const packageDir = findPackage(options.root) ?? installPackage(options);
  const stamp = readStamp(packageDir);
  const wheelSource = `${WHEEL.project} ${WHEEL.version} wheel`;
  // The marker file is libtensorflow itself after a normal install, and a link to it after a wheel build.
  const libtensorflowPresent = existsSync(join(packageDir, 'deps', 'lib', LIBTENSORFLOW_MARKER));
  if (stamp !== undefined && bindingExists(packageDir) && libtensorflowPresent) {
    const expected = stampFor(packageDir, stamp.source);
    if (stamp.tfjsNode === expected.tfjsNode && stamp.nodeModules === expected.nodeModules) {
      log(`ready (tfjs-node ${stamp.tfjsNode}, ${stamp.source}; verified earlier)`);
      return;
    }
  }
  if (bindingExists(packageDir) && verifyInChild(options.root) === undefined) {
    writeFileSync(join(packageDir, STAMP_FILE), JSON.stringify(stampFor(packageDir, 'binding as installed')));
    log('ready (the installed binding works)');
    return;
  }
  try {
    removeNativeParts(packageDir);
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      // The wheel's libraries are Linux x86-64 ELF files; other systems need a libtensorflow of their own.
      throw new SetupError(
        `building from the ${wheelSource} needs Linux x86-64, not ${process.platform} ${process.arch}`,
      );
    }
    const wheel = fetchWheel(options);
    log(`building the tfjs-node binding against libtensorflow from the ${wheelSource} (about a minute)`);
    stageLibtensorflow(wheel, packageDir, options.root);
    buildBinding(packageDir, options.cacheDir);
    const problem = verifyInChild(options.root);
    if (problem !== undefined) throw new SetupError(`the binding built but does not work: ${problem}`);
    writeFileSync(
      join(packageDir, STAMP_FILE),
      JSON.stringify(stampFor(packageDir, `built from the ${wheelSource}`)),
    );
    log(`ready (built from the ${wheelSource} in ${Math.round((Date.now() - started) / 1000)} s)`);
  } catch (error) {
    removeNativeParts(packageDir);
    throw error;
  }
}

/**
 * Runs the command with its arguments (after `setup-tfjs-node`); returns the process exit code.
 *
 * @example
 * process.exitCode = setupTfjsNode(['--cache-dir', '.cache/tfjs-node']);
 */
export function setupTfjsNode(args: readonly string[]): number {
  try {
    const options = parseOptions(args);
    if (args.includes('--verify')) {
      verifyHere(options.root);
      return 0;
    }
    setUp(options);
    return 0;
  } catch (error) {
    if (args.includes('--verify')) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    log(`tfjs-node is unavailable, flax-ts will use wasm: ${reason.split('\n')[0]}`);
    return args.includes('--optional') ? 0 : 1;
  }
}
