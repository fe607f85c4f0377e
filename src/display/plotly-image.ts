/**
 * Static PNG images of Plotly figures, drawn by Plotly itself in headless Chromium.
 *
 * Notebook viewers that strip scripts (GitHub's) show only static images, so every figure carries one, wherever
 * it was made: a notebook saved from JupyterLab is as complete as one stored by `npm run notebooks:execute`.
 * The drawing happens in one renderer process per Node process, i.e. per notebook kernel (`plotly-renderer.ts`):
 * forked at the first figure, it keeps its browser, so every later figure appears as fast as the chart itself.
 *
 * The renderer never keeps this process alive by itself: a script that plots still ends when its work is done,
 * and a kernel that is shut down exits as it did without plots. However this process ends, even killed, its end
 * closes the IPC channel, and the renderer closes its browser and exits too, so nothing is left behind.
 *
 * @packageDocumentation
 */
import { ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromiumPath } from './chromium';
import type { PlotlyFigure } from './plotly-figure';
import type { RenderReply, RenderRequest } from './plotly-renderer';

/** A PNG (base64), or why there is none. */
export type StaticImage = { readonly png: string } | { readonly unavailable: string };

/** The longest wait for one image; after it the figure is shown without one, and the renderer is replaced. */
const RENDER_TIMEOUT_MS = 60_000;

/** The renderer's main module, next to this one: JavaScript in the package, TypeScript when run from source. */
const RENDERER_MAIN = path.join(__dirname, `plotly-renderer${path.extname(__filename)}`);

/**
 * Node flags for the renderer. Run from TypeScript source (the tests), it needs tsx's loader like this module;
 * the package's renderer needs none, and inherits none either (a debugger's `--inspect` would collide on its port).
 */
function rendererExecArgv(): string[] {
  return path.extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [];
}

/** A renderer process and the requests it has not answered yet. */
class Renderer {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (image: StaticImage) => void>();
  private nextId = 0;

  constructor(onExit: () => void) {
    this.child = fork(RENDERER_MAIN, [], {
      execArgv: rendererExecArgv(),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // A process group of its own: Jupyter signals a kernel's whole group (SIGINT to interrupt, SIGKILL when a
      // kernel will not stop), and a renderer killed outright could not delete its browser's profile folder.
      detached: true,
    });
    // Neither the process nor its channel keeps this process alive; while an image is awaited, the request's
    // timeout timer does.
    this.child.unref();
    this.child.channel?.unref();
    this.child.on('message', (reply: RenderReply) => {
      this.settle(reply.id, 'png' in reply ? { png: reply.png } : { unavailable: reply.unavailable });
    });
    const failAll = (why: string) => {
      onExit();
      for (const id of [...this.pending.keys()]) this.settle(id, { unavailable: why });
    };
    this.child.on('exit', (code, signal) => {
      failAll(`the Plotly renderer process exited (${signal ?? `code ${code}`})`);
    });
    this.child.on('error', (error) => {
      failAll(`the Plotly renderer process failed: ${error.message}`);
    });
  }

  render(request: Omit<RenderRequest, 'id'>): Promise<StaticImage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.settle(id, { unavailable: `no image after ${RENDER_TIMEOUT_MS / 1000} s` });
        this.child.kill();
      }, RENDER_TIMEOUT_MS);
      this.pending.set(id, (image) => {
        clearTimeout(timeout);
        resolve(image);
      });
      this.child.send({ id, ...request } satisfies RenderRequest, (error) => {
        if (error !== null) this.settle(id, { unavailable: `the Plotly renderer process: ${error.message}` });
      });
    });
  }

  private settle(id: number, image: StaticImage): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(image);
  }
}

/** This process's renderer, once a figure has asked for one. */
let renderer: Renderer | undefined;

/** Renders the figure at `width`×`height` CSS pixels; never throws for a missing browser, says so instead. */
export async function renderPng(figure: PlotlyFigure, width: number, height: number): Promise<StaticImage> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) return { unavailable: `Chromium not found at ${executablePath}` };
  const current =
    renderer ??
    new Renderer(() => {
      if (renderer === current) renderer = undefined;
    });
  renderer = current;
  return current.render({ figure, width, height, executablePath });
}
