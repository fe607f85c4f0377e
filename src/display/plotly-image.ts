/**
 * Renders a Plotly figure to a PNG with Plotly itself (`Plotly.toImage`), in headless Chromium.
 *
 * Notebook viewers that strip scripts (GitHub's) show only static images, so every figure carries one. The
 * browser is Debian's Chromium driven by playwright-core, launched with a fresh profile and no network-facing
 * features, and closed after each figure so no process outlives the cell.
 *
 * @packageDocumentation
 */
import * as fs from 'fs';
import type { PlotlyFigure } from './plotly-figure';

/** Where Debian installs Chromium; override with the `FLAX_TS_CHROMIUM` environment variable. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium without GPU, sandbox (containers run as root) or anything that would reach the network. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A PNG (base64), or why there is none. */
export type StaticImage = { readonly png: string } | { readonly unavailable: string };

function chromiumPath(): string {
  return process.env.FLAX_TS_CHROMIUM ?? DEFAULT_CHROMIUM;
}

/** playwright-core, an optional dependency, or why it cannot be loaded. */
function loadPlaywright(): typeof import('playwright-core') | string {
  try {
    // A plain require: only notebooks that plot need it, so it must not be resolved at build time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('playwright-core') as typeof import('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm install -D playwright-core)';
  }
}

/** Renders the figure at `width`×`height` CSS pixels; never throws for a missing browser, says so instead. */
export async function renderPng(figure: PlotlyFigure, width: number, height: number): Promise<StaticImage> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) return { unavailable: `Chromium not found at ${executablePath}` };
  const playwright = loadPlaywright();
  if (typeof playwright === 'string') return { unavailable: playwright };
  const plotlyPath = require.resolve('plotly.js-dist-min');
  const browser = await playwright.chromium.launch({
    executablePath,
    args: [...CHROMIUM_FLAGS],
    headless: true,
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ path: plotlyPath });
    const dataUrl = await page.evaluate(
      async ({ figure, width, height }) => {
        const plotly = (
          globalThis as unknown as { Plotly: { toImage: (...args: unknown[]) => Promise<string> } }
        ).Plotly;
        return plotly.toImage(figure, { format: 'png', width, height });
      },
      { figure, width, height },
    );
    return { png: dataUrl.slice(dataUrl.indexOf(',') + 1) };
  } finally {
    await browser.close();
  }
}
