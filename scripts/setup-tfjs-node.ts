/**
 * `npm run setup:tfjs-node [-- --strict]`: makes `@tensorflow/tfjs-node` usable, so that flax-ts runs on native
 * TensorFlow (the `tensorflow` backend) instead of wasm.
 *
 * tfjs-node's own install script downloads libtensorflow 2.9.1 from a CDN that answers 403 since 2025
 * (tensorflow/tfjs#8742), so that route is dead for everyone. This script:
 *   1. returns at once when its stamp says a verified binding is already in place;
 *   2. installs the tfjs-node JavaScript package without its install script when npm dropped it (`npm ci`
 *      runs that script, which fails, and then leaves out the optional dependency rather than failing);
 *   3. keeps a binding that already works (a prebuilt one, or one built earlier);
 *   4. otherwise builds the binding from source against the TensorFlow C library shipped inside the
 *      `tensorflow-cpu` wheel: only the wheel file is downloaded (pip download), TensorFlow is never installed.
 * Every binding is verified in a child process (import, backend name, a small matmul checked against plain JS),
 * because a binding that crashes must crash a throwaway process, not flax-ts.
 *
 * On any failure it prints one line saying why, removes the binding and the TensorFlow libraries, so that
 * `require('@tensorflow/tfjs-node')` fails cleanly and flax-ts falls back to wasm, and exits 0 (1 with
 * `--strict`, which CI uses to prove the build works).
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
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TFJS_NODE = '@tensorflow/tfjs-node';
/** The wheel whose `libtensorflow_cc.so.2` replaces libtensorflow 2.9.1; its C API is what tfjs-node calls. */
const WHEEL = { project: 'tensorflow-cpu', fileStem: 'tensorflow_cpu', version: '2.21.0' };
const CACHE = join(ROOT, '.cache', 'tfjs-node');
const BUILD_LOG_NAME = '.cache/tfjs-node/build.log';
const BUILD_LOG = join(ROOT, BUILD_LOG_NAME);
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

interface Stamp {
  readonly tfjsNode: string;
  readonly source: string;
  readonly nodeModules: string;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function log(line: string): void {
  console.log(`setup:tfjs-node: ${line}`);
}

/** The tfjs-node version this repository declares; it must equal the @tensorflow/tfjs version it extends. */
function declaredVersion(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    optionalDependencies?: Record<string, string>;
  };
  const version = manifest.optionalDependencies?.[TFJS_NODE];
  if (version === undefined)
    throw new SetupError(`package.json has no optionalDependencies entry for ${TFJS_NODE}`);
  return version;
}

function findPackage(): string | undefined {
  try {
    return dirname(require.resolve(`${TFJS_NODE}/package.json`, { paths: [ROOT] }));
  } catch {
    return undefined;
  }
}

/** Installs the JavaScript package only: its install script would try the dead CDN. */
function installPackage(version: string): string {
  log(`installing ${TFJS_NODE}@${version} without its install script`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = [
    'install',
    '--no-save',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    `${TFJS_NODE}@${version}`,
  ];
  const result = run(npm, args, ROOT);
  const found = findPackage();
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
function verifyInChild(): string | undefined {
  const result = spawnSync(process.execPath, [...process.execArgv, __filename, '--verify'], {
    cwd: ROOT,
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
function verifyHere(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require(TFJS_NODE) as typeof import('@tensorflow/tfjs');
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

function python(): string {
  const venvPython = join(ROOT, '.venv', 'bin', 'python');
  return existsSync(venvPython) ? venvPython : 'python3';
}

/** Downloads the wheel file once into the cache (pip download never installs it). */
function fetchWheel(): string {
  mkdirSync(CACHE, { recursive: true });
  const cached = () =>
    readdirSync(CACHE).find((file) => file.startsWith(`${WHEEL.fileStem}-${WHEEL.version}-`));
  if (cached() === undefined) {
    log(`downloading the ${WHEEL.project} ${WHEEL.version} wheel (about 270 MB) into .cache/tfjs-node`);
    const spec = `${WHEEL.project}==${WHEEL.version}`;
    const result = spawnSync(
      python(),
      ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', spec, '-d', CACHE],
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
    throw new SetupError(`pip reported success but no ${WHEEL.fileStem} wheel is in ${CACHE}`);
  return join(CACHE, wheel);
}

/** Extracts the libraries and headers into tfjs-node's `deps/` in the layout its binding.gyp expects. */
function stageLibtensorflow(wheel: string, packageDir: string): void {
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
  const result = run(python(), ['-c', extract, wheel, partial, ...members], ROOT);
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
function buildBinding(packageDir: string): void {
  const nodePreGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [packageDir] });
  const result = run(process.execPath, [nodePreGyp, 'install', '--build-from-source'], packageDir);
  writeFileSync(BUILD_LOG, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) {
    // The compiler's own message when there is one, else node-gyp's summary ("`make` failed with exit code: 2").
    const lines = result.stderr.split('\n');
    const why =
      lines.find((line) => line.includes('error:')) ??
      lines.find((line) => line.includes('ERR! stack Error:'));
    throw new SetupError(
      `building the binding failed (${why?.trim() ?? lastLine(result.stderr)}); see ${BUILD_LOG_NAME}`,
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

function setUp(): void {
  const started = Date.now();
  const packageDir = findPackage() ?? installPackage(declaredVersion());
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
  if (bindingExists(packageDir) && verifyInChild() === undefined) {
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
    const wheel = fetchWheel();
    log(`building the tfjs-node binding against libtensorflow from the ${wheelSource} (about a minute)`);
    stageLibtensorflow(wheel, packageDir);
    buildBinding(packageDir);
    const problem = verifyInChild();
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

function main(): void {
  if (process.argv.includes('--verify')) {
    verifyHere();
    return;
  }
  try {
    setUp();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`tfjs-node is unavailable, flax-ts will use wasm: ${reason.split('\n')[0]}`);
    if (process.argv.includes('--strict')) process.exitCode = 1;
  }
}

main();
