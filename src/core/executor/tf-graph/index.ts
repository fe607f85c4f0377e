/**
 * The TensorFlow-graph executor: a staged program lowered to a GraphDef, written as a SavedModel, and run by
 * tfjs-node as one session run per call. Used on the `tensorflow` backend; programs with a primitive TensorFlow
 * cannot run fall back to the kernel-by-kernel executor with the reason given here.
 *
 * @packageDocumentation
 */
import { lowerProgram } from './lower-program';
import type { Program } from '../../program';
import { GraphProgram } from './runner';
import { cachedSavedModel, DEFAULT_CACHE_DIR } from './saved-model-writer';

export { GraphProgram } from './runner';
export { lowerProgram, type LoweredProgram } from './lower-program';
export { LOWERINGS } from './lowerings';
export { cachedSavedModel, writeSavedModel, DEFAULT_CACHE_DIR } from './saved-model-writer';

/** Where {@link compileProgram} writes its SavedModels. */
export interface CompileOptions {
  /** The cache folder (default: `flax-ts-tf-graph` in the OS's temporary folder). */
  readonly cacheDir?: string;
}

/** A program ready to run as a TensorFlow graph, or why it cannot be one. */
export type CompiledProgram =
  { readonly ok: true; readonly program: GraphProgram } | { readonly ok: false; readonly reason: string };

/**
 * Lowers `program`, writes it (once per distinct graph) and loads it into a TensorFlow session.
 *
 * @example
 * const compiled = compileProgram(program);
 * if (compiled.ok) outputs = compiled.program.run(inputs);
 * else console.log(`kernel-by-kernel: ${compiled.reason}`);
 */
export function compileProgram(program: Program, options: CompileOptions = {}): CompiledProgram {
  const lowered = lowerProgram(program);
  if (!lowered.ok) return lowered;
  const dir = cachedSavedModel(lowered.graph, lowered.signature, options.cacheDir ?? DEFAULT_CACHE_DIR);
  return { ok: true, program: GraphProgram.load(dir, lowered.signature) };
}
