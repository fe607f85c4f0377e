/**
 * The Plotly renderer process: draws figures to PNG with Plotly itself (`Plotly.toImage`) in headless Chromium,
 * for the process that forked it (`plotly-image.ts`), one request after another over the IPC channel.
 *
 * Chromium is started at the first request and kept, with plotly.js loaded in one page, so only a notebook's
 * first figure waits for a browser (about 2 s) and every later one takes the time of `toImage` (tens of ms).
 * The browser is driven by playwright-core, with a fresh profile that it deletes when the browser closes.
 *
 * Its lifetime is its parent's: when the parent exits (however it ends, even killed) the IPC channel closes, and
 * this process closes the browser, which deletes its profile, and exits. It runs in a process group of its own,
 * so signals meant for its parent's group (Jupyter's interrupt, or its SIGKILL of a kernel that will not stop)
 * do not cut that short. Chromium itself also exits if the pipe to this process closes.
 *
 * @packageDocumentation
 */
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from './chromium';
import type { PlotlyFigure } from './plotly-figure';

/** What the parent asks: draw `figure` at `width`×`height` CSS pixels with the Chromium at `executablePath`. */
export interface RenderRequest {
  readonly id: number;
  readonly figure: PlotlyFigure;
  readonly width: number;
  readonly height: number;
  readonly executablePath: string;
}

/** The answer to the request with the same id: a base64 PNG, or why there is none. */
export type RenderReply =
  { readonly id: number; readonly png: string } | { readonly id: number; readonly unavailable: string };

/** A browser with one page that has plotly.js loaded. */
interface PlotlyPage {
  readonly browser: Browser;
  readonly page: Page;
  readonly executablePath: string;
}

/** playwright-core, or an error naming what to install. */
function loadPlaywright(): typeof import('playwright-core') {
  try {
    // A plain require: only processes that draw figures load it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('playwright-core') as typeof import('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed (npm install -D playwright-core)');
  }
}

function plotlyScriptPath(): string {
  try {
    return require.resolve('plotly.js-dist-min');
  } catch {
    throw new Error('plotly.js-dist-min is not installed (npm install -D plotly.js-dist-min)');
  }
}

let current: Promise<PlotlyPage> | undefined;

async function openPlotlyPage(executablePath: string): Promise<PlotlyPage> {
  const browser = await loadPlaywright().chromium.launch({
    executablePath,
    args: [...CHROMIUM_FLAGS],
    headless: true,
    // This process decides when the browser closes (see the module comment), not playwright's signal handlers.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ path: plotlyScriptPath() });
    return { browser, page, executablePath };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** The open page, started on first use and again after the browser went away or another Chromium is asked for. */
async function plotlyPage(executablePath: string): Promise<PlotlyPage> {
  const open = await current;
  if (open !== undefined && (!open.browser.isConnected() || open.executablePath !== executablePath)) {
    current = undefined;
    await open.browser.close().catch(() => undefined);
  }
  current ??= openPlotlyPage(executablePath);
  return current;
}

async function render({ figure, width, height, executablePath }: RenderRequest): Promise<string> {
  const { page } = await plotlyPage(executablePath);
  const dataUrl = await page.evaluate(
    async ({ figure, width, height }) => {
      const plotly = (
        globalThis as unknown as { Plotly: { toImage: (...args: unknown[]) => Promise<string> } }
      ).Plotly;
      return plotly.toImage(figure, { format: 'png', width, height });
    },
    { figure, width, height },
  );
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

async function answer(request: RenderRequest): Promise<RenderReply> {
  try {
    return { id: request.id, png: await render(request) };
  } catch (error) {
    // Start afresh next time: the browser may be what failed.
    const failed = current;
    current = undefined;
    await failed?.then(({ browser }) => browser.close()).catch(() => undefined);
    return { id: request.id, unavailable: error instanceof Error ? error.message : String(error) };
  }
}

/** How long closing the browser may take before this process exits anyway (Chromium then sees its pipe close). */
const CLOSE_TIMEOUT_MS = 5_000;

async function shutDown(): Promise<void> {
  setTimeout(() => process.exit(0), CLOSE_TIMEOUT_MS).unref();
  await current?.then(({ browser }) => browser.close()).catch(() => undefined);
  process.exit(0);
}

if (process.send === undefined) {
  throw new Error('plotly-renderer runs as a child process with an IPC channel (see plotly-image.ts)');
}
process.on('message', (request: RenderRequest) => {
  void answer(request).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => void shutDown());
process.on('SIGTERM', () => void shutDown());
