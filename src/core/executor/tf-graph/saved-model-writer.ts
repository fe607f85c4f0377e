/**
 * Writes a graph as a SavedModel folder TensorFlow's loaders accept: `saved_model.pb` and an empty `variables/`
 * folder (our graphs hold no variables; the loader then restores nothing). {@link cachedSavedModel} writes each
 * distinct graph once, into a folder named by the hash of its bytes.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDef } from './graph-def';
import { encodeSavedModel, type Signature } from './saved-model-proto';

const SAVED_MODEL_FILE = 'saved_model.pb';
const VARIABLES_FOLDER = 'variables';

/** Where {@link cachedSavedModel} keeps its SavedModels unless told otherwise. */
export const DEFAULT_CACHE_DIR = join(tmpdir(), 'flax-ts-tf-graph');

/** Writes `graph` with `signature` as a SavedModel into `dir` (created if missing; an existing model is replaced). */
export function writeSavedModel(dir: string, graph: GraphDef, signature: Signature): void {
  writeFolder(dir, encodeSavedModel(graph, signature));
}

/**
 * The SavedModel folder for `graph` and `signature` inside `cacheDir`, written only when no earlier call (in this
 * process or another) wrote the same bytes. The folder name is the SHA-256 of `saved_model.pb`, so a program
 * that stages to the same graph reuses the folder, and any change to the graph gets a folder of its own.
 *
 * @returns the folder's path, for `loadSavedModel`.
 */
export function cachedSavedModel(
  graph: GraphDef,
  signature: Signature,
  cacheDir: string = DEFAULT_CACHE_DIR,
): string {
  const bytes = encodeSavedModel(graph, signature);
  const dir = join(cacheDir, createHash('sha256').update(bytes).digest('hex'));
  if (existsSync(join(dir, SAVED_MODEL_FILE))) return dir;
  // Written beside the target and renamed into place, so a concurrent reader never sees half a model.
  const staging = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFolder(staging, bytes);
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process won the race and wrote the same bytes; anything else is a real failure.
    if (!existsSync(join(dir, SAVED_MODEL_FILE))) throw error;
  }
  return dir;
}

function writeFolder(dir: string, savedModel: Uint8Array): void {
  mkdirSync(join(dir, VARIABLES_FOLDER), { recursive: true });
  writeFileSync(join(dir, SAVED_MODEL_FILE), savedModel);
}
