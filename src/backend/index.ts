/**
 * Picks the TensorFlow.js backend once per program, in Node.js and in browsers.
 *
 * Order of preference in Node.js: `tensorflow` (tfjs-node, native TensorFlow, an opt-in) if it loads, else `wasm`,
 * else the plain-JavaScript `cpu`. In browsers: `webgl`, else `wasm`, else `cpu`. `ready({ backend })` or, in
 * Node.js, `FLAX_TS_BACKEND=tensorflow|wasm|cpu` forces one. The choice, and why a preferred backend was skipped,
 * is reported in one short line by {@link ready}.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { environmentVariable, inNode } from './environment';
import { loadTfjsNode } from './tensorflow';
import { loadWebgl } from './webgl';

/** Names of the backends flax-ts knows how to pick. */
export type BackendName = 'tensorflow' | 'webgl' | 'wasm' | 'cpu';

const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'webgl', 'wasm', 'cpu'];
const NODE_PREFERENCE: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const BROWSER_PREFERENCE: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/**
 * The files of `@tensorflow/tfjs-backend-wasm/dist/` that its backend fetches (which one depends on the browser).
 * Spelled out here rather than taken from tfjs-backend-wasm's typings, which would make every strict user project
 * install `@types/emscripten`.
 */
export type WasmFileName =
  'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** How {@link ready} starts the backend. Only the first call's options count. */
export interface ReadyOptions {
  /** Use this backend and no other: `ready()` rejects when it cannot start. Overrides `FLAX_TS_BACKEND`. */
  readonly backend?: BackendName;
  /**
   * Where the page serves the `.wasm` files of `@tensorflow/tfjs-backend-wasm` (its `dist/*.wasm`): a URL prefix
   * ending in `/`, or one URL per file name. Needed in browsers when a bundler does not put them next to the
   * bundle; Node.js finds them in `node_modules`.
   */
  readonly wasmPaths?: string | Readonly<Record<WasmFileName, string>>;
}

/** What {@link ready} settled on. */
export interface BackendChoice {
  /** The active tfjs backend. */
  readonly name: BackendName;
  /** One line for humans: the backend and, after a fallback or a request, why. */
  readonly message: string;
}

let choice: Promise<BackendChoice> | undefined;
let firstOptions = '';

function checkedName(name: string, source: string): BackendName {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`${source} must be one of ${BACKEND_NAMES.join(', ')}; got "${name}".`);
  }
  return name as BackendName;
}

/** The backend the program asked for, and how it asked, if it did. */
function requested(options: ReadyOptions): { name: BackendName; by: string } | undefined {
  if (options.backend !== undefined) {
    return { name: checkedName(options.backend, 'ready({ backend })'), by: 'ready({ backend })' };
  }
  const fromEnvironment = environmentVariable('FLAX_TS_BACKEND');
  if (fromEnvironment === undefined || fromEnvironment === '') return undefined;
  return { name: checkedName(fromEnvironment, 'FLAX_TS_BACKEND'), by: 'FLAX_TS_BACKEND' };
}

/** Loads what the backend needs before tfjs can start it; returns why it cannot be used, or `undefined`. */
async function prepare(name: BackendName, options: ReadyOptions): Promise<string | undefined> {
  switch (name) {
    case 'tensorflow':
      return inNode() ? loadTfjsNode() : 'tfjs-node runs only in Node.js';
    case 'webgl':
      return inNode() ? 'WebGL runs only in browsers' : loadWebgl();
    case 'wasm':
      if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
      return undefined;
    case 'cpu':
      return undefined;
  }
}

/** What a user can do when a backend registered but tfjs could not start it. */
function startFailure(name: BackendName): string {
  if (name === 'wasm' && !inNode()) {
    return (
      'tfjs could not load its .wasm files: serve those of @tensorflow/tfjs-backend-wasm/dist with your page ' +
      "and pass their URL folder as ready({ wasmPaths: '/wasm/' })"
    );
  }
  if (name === 'webgl') return 'this browser gave tfjs no usable WebGL context';
  return `tfjs could not start the ${name} backend`;
}

async function activate(name: BackendName, options: ReadyOptions): Promise<string | undefined> {
  const problem = await prepare(name, options);
  if (problem !== undefined) return problem;
  try {
    return (await tf.setBackend(name)) ? undefined : startFailure(name);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function choose(options: ReadyOptions): Promise<BackendChoice> {
  const request = requested(options);
  const candidates = request ? [request.name] : inNode() ? NODE_PREFERENCE : BROWSER_PREFERENCE;
  const skipped: string[] = [];
  for (const name of candidates) {
    const problem = await activate(name, options);
    if (problem === undefined) {
      const why = skipped.length > 0 ? ` (${skipped.join('; ')})` : request ? ` (${request.by})` : '';
      return { name, message: `flax-ts backend: ${name}${why}` };
    }
    skipped.push(`${name}: ${problem}`);
  }
  throw new Error(`No TensorFlow.js backend could be started: ${skipped.join('; ')}`);
}

/**
 * Selects the backend (once) and resolves when it is ready to compute. Await it before the first operation;
 * later calls return the same choice, and may not ask for another one.
 *
 * @example
 * const { message } = await ready();
 * console.log(message); // "flax-ts backend: wasm (tensorflow: tfjs-node is not installed: …)"
 * await ready({ backend: 'cpu' }); // in a fresh program: plain JavaScript, no fallback
 */
export function ready(options: ReadyOptions = {}): Promise<BackendChoice> {
  const asked = JSON.stringify(options);
  if (choice === undefined) {
    firstOptions = asked;
    choice = choose(options);
  } else if (asked !== '{}' && asked !== firstOptions) {
    return Promise.reject(
      new Error(
        `ready(${asked}) came after the backend was already chosen with ready(${firstOptions === '{}' ? '' : firstOptions}): ` +
          'pass options to the first call of ready(), before any computation',
      ),
    );
  }
  return choice;
}
