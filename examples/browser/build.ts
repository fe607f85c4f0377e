/**
 * Bundles the example page with esbuild, as a user's project would: `flax-ts` resolves to the built package
 * (node_modules/flax-ts, i.e. this repository's dist/, so run `npm run build` first), Plotly and TensorFlow.js come
 * from node_modules, and the .wasm files of tfjs's WebAssembly backend are copied next to the bundle.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export const EXAMPLE_DIR = __dirname;
const OUT_DIR = path.join(EXAMPLE_DIR, 'dist');
const BUNDLE = path.join(OUT_DIR, 'main.js');

/** The bundle's size, whole and by where its bytes come from. */
export interface BundleReport {
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Bytes in the (minified, not gzipped) bundle per source: `flax-ts`, each npm package, or `example`. */
  readonly bySource: Readonly<Record<string, number>>;
}

/** `node_modules/@scope/name/…` → `@scope/name`; the package's own files → `flax-ts`; the page → `example`. */
function sourceOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  return input.startsWith('dist/') ? 'flax-ts' : 'example';
}

/** Builds dist/main.js and copies the .wasm files; returns the bundle's size. */
export async function buildExample(): Promise<BundleReport> {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(EXAMPLE_DIR, 'main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    // Flax names submodules after their classes (Dense_0, BatchNorm_1), and those names pick each parameter's
    // rng: a minifier that renames classes changes the variables and every number after them.
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    logLimit: 5,
    // The repository's tsconfig maps `flax-ts` to src/ for type checking; the bundle takes the package as built.
    tsconfigRaw: {},
  });
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of fs.readdirSync(path.join(wasmDir, 'dist')).filter((name) => name.endsWith('.wasm'))) {
    fs.copyFileSync(path.join(wasmDir, 'dist', file), path.join(OUT_DIR, file));
  }
  const bundle = fs.readFileSync(BUNDLE);
  const bySource: Record<string, number> = {};
  const output = Object.values(result.metafile.outputs)[0];
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const source = sourceOf(path.relative(path.resolve(EXAMPLE_DIR, '..', '..'), path.resolve(input)));
    bySource[source] = (bySource[source] ?? 0) + bytesInOutput;
  }
  return { bytes: bundle.length, gzipBytes: gzipSync(bundle).length, bySource };
}
