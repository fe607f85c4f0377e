/**
 * Picks the TensorFlow.js backend once per process.
 *
 * Order of preference: `tensorflow` (tfjs-node, native TensorFlow) if it loads, else `wasm`, else the pure-JS
 * `cpu` backend. `FLAX_TS_BACKEND=tensorflow|wasm|cpu` forces one. The choice, and why a preferred backend was
 * skipped, is reported in one short line by {@link ready}.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadTfjsNode } from './tensorflow';

/** Names of the backends flax-ts knows how to pick. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** What {@link ready} settled on. */
export interface BackendChoice {
  /** The active tfjs backend. */
  readonly name: BackendName;
  /** One line for humans: the backend and, after a fallback, why the preferred one was skipped. */
  readonly message: string;
}

let choice: Promise<BackendChoice> | undefined;

function requestedBackend(): BackendName | undefined {
  const requested = process.env.FLAX_TS_BACKEND;
  if (requested === undefined || requested === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new Error(`FLAX_TS_BACKEND must be one of ${BACKEND_NAMES.join(', ')}; got "${requested}".`);
  }
  return requested as BackendName;
}

async function activate(name: BackendName): Promise<string | undefined> {
  if (name === 'tensorflow') {
    const problem = loadTfjsNode();
    if (problem !== undefined) return problem;
  }
  try {
    return (await tf.setBackend(name)) ? undefined : `tfjs could not initialise the ${name} backend`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function choose(): Promise<BackendChoice> {
  const requested = requestedBackend();
  const candidates = requested === undefined ? BACKEND_NAMES : [requested];
  const skipped: string[] = [];
  for (const name of candidates) {
    const problem = await activate(name);
    if (problem === undefined) {
      const why = skipped.length > 0 ? ` (${skipped.join('; ')})` : requested ? ' (FLAX_TS_BACKEND)' : '';
      return { name, message: `flax-ts backend: ${name}${why}` };
    }
    skipped.push(`${name}: ${problem}`);
  }
  throw new Error(`No TensorFlow.js backend could be started: ${skipped.join('; ')}`);
}

/**
 * Selects the backend (once) and resolves when it is ready to compute. Await it before the first operation;
 * later calls return the same choice.
 *
 * @example
 * const { message } = await ready();
 * console.log(message); // "flax-ts backend: tensorflow"
 */
export function ready(): Promise<BackendChoice> {
  choice ??= choose();
  return choice;
}
