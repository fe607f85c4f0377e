/**
 * Debian's Chromium, headless, driven by playwright-core, with the flags of DESIGN.md section 6 and a fresh
 * profile that is deleted again when the browser closes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../../src/display/chromium';

/** The same Chromium the notebooks render their static images with (`FLAX_TS_CHROMIUM` overrides). */
export const CHROMIUM = chromiumPath();

/** Viewport of every page: wide enough for a notebook and a 700 px chart next to the prompts. */
export const VIEWPORT = { width: 1280, height: 900 };

/** A running browser: one context on a fresh profile. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The flags for pages that need WebGL: the same, except that the GPU process stays on, with ANGLE on SwiftShader
 * (Chromium's CPU implementation of Vulkan) asked for by name. Chromium 156 still falls back to SwiftShader even
 * with `--disable-gpu`, but that automatic fallback is deprecated; `--enable-unsafe-swiftshader` is the switch
 * that keeps SwiftShader-backed WebGL available to pages once it is gone.
 */
export const WEBGL_FLAGS: readonly string[] = [
  ...CHROMIUM_FLAGS.filter((flag) => flag !== '--disable-gpu'),
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Launches Chromium on a new profile folder (playwright passes it as `--user-data-dir`). */
export async function launchBrowser(options: { readonly webgl?: boolean } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flax-ts-lab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...(options.webgl === true ? WEBGL_FLAGS : CHROMIUM_FLAGS)],
    viewport: VIEWPORT,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
