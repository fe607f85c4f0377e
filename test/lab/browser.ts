/**
 * Debian's Chromium, headless, driven by playwright-core, with the flags of DESIGN.md section 6 and a fresh
 * profile that is deleted again when the browser closes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../../src/display/plotly-image';

/** The same Chromium the notebooks render their static images with (`FLAX_TS_CHROMIUM` overrides). */
export const CHROMIUM = process.env.FLAX_TS_CHROMIUM ?? DEFAULT_CHROMIUM;

/** Viewport of every page: wide enough for a notebook and a 700 px chart next to the prompts. */
export const VIEWPORT = { width: 1280, height: 900 };

/** A running browser: one context on a fresh profile. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium on a new profile folder (playwright passes it as `--user-data-dir`). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flax-ts-lab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS],
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
