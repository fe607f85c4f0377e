/**
 * Drives one JupyterLab tab the way a reader would: menus, keyboard and mouse, no access to Lab's internals.
 * Kernel state is read from the server's REST API, which is what Lab itself shows in its toolbar.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { VIEWPORT } from './browser';
import { CellState } from './cell-checks';
import { LabServer } from './lab-server';

/** The kernelspec every notebook names in its metadata. */
const KERNEL_NAME = 'tslab';
const APP_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

interface Session {
  readonly id: string;
  readonly path: string;
  readonly kernel: { readonly name: string; readonly execution_state: string };
}

/** The few DOM members the in-page functions use (the project compiles without the DOM library). */
interface DomElement {
  readonly className: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** A JupyterLab page with at most one notebook open at a time. */
export class LabPage {
  private constructor(
    private readonly page: Page,
    private readonly server: LabServer,
  ) {}

  /** Loads Lab in a new tab and waits until its main area is there. */
  static async open(page: Page, server: LabServer): Promise<LabPage> {
    await page.goto(`${server.url}/lab?token=${server.token}`);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: APP_TIMEOUT_MS });
    await page.locator('.lm-MenuBar-itemLabel', { hasText: /^File$/ }).waitFor({ timeout: APP_TIMEOUT_MS });
    return new LabPage(page, server);
  }

  /** The notebook on screen (hidden tabs keep their DOM, so they are excluded). */
  private get notebook(): Locator {
    return this.page.locator('#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)');
  }

  private async menu(menu: string, item: string): Promise<void> {
    await this.page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${menu}$`) }).click();
    await this.page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).click();
  }

  private async session(notebookPath: string): Promise<Session | undefined> {
    const sessions = await this.server.api<Session[]>('/api/sessions');
    return sessions.find((session) => session.path === notebookPath);
  }

  /**
   * Opens a notebook (a path relative to the server's root) with File → Open from Path and waits until its
   * kernel is idle, unless `waitForKernel` is false (nothing will run). Throws when a kernel other than tslab
   * started, or Lab asks something instead.
   */
  async openNotebook(notebookPath: string, { waitForKernel = true } = {}): Promise<void> {
    await this.menu('File', 'Open from Path…');
    const dialog = this.page.locator('.jp-Dialog');
    await dialog.locator('input').fill(notebookPath);
    await dialog.locator('.jp-mod-accept').click();
    await dialog.waitFor({ state: 'detached' });
    await this.notebook.locator('.jp-Cell').first().waitFor({ timeout: APP_TIMEOUT_MS });
    const deadline = Date.now() + APP_TIMEOUT_MS;
    for (;;) {
      await this.failOnDialog(notebookPath);
      const session = await this.session(notebookPath);
      if (session !== undefined && session.kernel.name !== KERNEL_NAME) {
        throw new Error(
          `${notebookPath}: kernel "${session.kernel.name}" started instead of "${KERNEL_NAME}"`,
        );
      }
      if (session !== undefined && !waitForKernel) return;
      const indicator = this.notebook.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
      if (session?.kernel.execution_state === 'idle' && (await indicator.count()) > 0) return;
      if (Date.now() > deadline)
        throw new Error(`${notebookPath}: the ${KERNEL_NAME} kernel did not become idle`);
      await sleep(POLL_MS);
    }
  }

  /**
   * Fails on any dialog that shows up while the kernel starts, with its text. The notebooks name the tslab
   * kernelspec, so Lab has nothing to ask; a dialog here (a kernel picker, an error) means the setup is broken.
   */
  private async failOnDialog(notebookPath: string): Promise<void> {
    const dialog = this.page.locator('.jp-Dialog');
    if ((await dialog.count()) > 0) {
      throw new Error(
        `${notebookPath}: Lab shows a dialog instead of starting ${KERNEL_NAME}: ${await dialog.innerText()}`,
      );
    }
  }

  /** The kernel's display name as the notebook toolbar shows it. */
  async kernelDisplayName(): Promise<string> {
    return (await this.notebook.locator('.jp-KernelName').textContent()) ?? '';
  }

  /**
   * Run → Run All Cells, then waits until the run is over: the kernel is idle and no prompt shows `[*]`, twice in
   * a row (the kernel is briefly idle between cells, while Lab still shows the queued ones as `[*]`).
   */
  async runAll(notebookPath: string, timeoutMs: number): Promise<void> {
    await this.menu('Run', 'Run All Cells');
    const prompts = this.notebook.locator('.jp-CodeCell .jp-InputArea-prompt');
    const deadline = Date.now() + timeoutMs;
    let quietPolls = 0;
    while (quietPolls < 2) {
      if (Date.now() > deadline) {
        throw new Error(
          `${notebookPath}: still running after ${timeoutMs / 1000} s: ${(await prompts.allTextContents()).join(' ')}`,
        );
      }
      await sleep(POLL_MS);
      const shown = await prompts.allTextContents();
      const started = shown.some((prompt) => prompt !== '[ ]:');
      const running = shown.some((prompt) => prompt.includes('*'));
      const idle = (await this.session(notebookPath))?.kernel.execution_state === 'idle';
      quietPolls = started && !running && idle ? quietPolls + 1 : 0;
    }
  }

  /**
   * Moves the mouse onto every Plotly output and waits for its interactive chart: Plotly's Lab renderer shows the
   * bundle's static PNG first and draws the chart when the pointer enters the image. Returns without throwing when
   * a chart does not appear; `cellStates` reports it.
   */
  async showInteractivePlots(): Promise<void> {
    const plots = this.notebook.locator('.jp-RenderedPlotly');
    const count = await plots.count();
    for (let index = 0; index < count; index++) {
      const plot = plots.nth(index);
      const chart = plot.locator('svg.main-svg').first();
      for (let attempt = 0; attempt < 3 && !(await chart.isVisible()); attempt++) {
        await plot.scrollIntoViewIfNeeded();
        const box = await plot.boundingBox();
        if (box === null) continue;
        // Leave first: the pointer may already rest where the image appears, and only entering it counts.
        await this.page.mouse.move(0, 0);
        await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 50), { steps: 4 });
        await chart.waitFor({ timeout: 20_000 }).catch(() => undefined);
      }
    }
  }

  /** Every cell of the open notebook, in order, as Lab shows it. */
  async cellStates(): Promise<CellState[]> {
    return this.notebook.locator('.jp-Notebook .jp-Cell').evaluateAll((cells: DomElement[]) =>
      cells.map((cell) => {
        const classes = cell.className.split(' ');
        const kind = classes.includes('jp-CodeCell')
          ? 'code'
          : classes.includes('jp-MarkdownCell')
            ? 'markdown'
            : 'raw';
        const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'), (output) => ({
          mimeType: output.getAttribute('data-mime-type') ?? '',
          text: output.textContent ?? '',
        }));
        // Plotly marks the renderer's own node as the plot (`js-plotly-plot`) and draws into it.
        const plots = Array.from(cell.querySelectorAll('.jp-RenderedPlotly.js-plotly-plot'));
        const interactivePlots = plots.filter((plot) => plot.querySelector('svg.main-svg') !== null).length;
        const prompt = cell.querySelector('.jp-InputArea-prompt')?.textContent ?? '';
        return { kind, prompt, outputs, interactivePlots } as const;
      }),
    );
  }

  /** The status bar's trust summary, e.g. "Notebook trusted: 14 of 14 code cells trusted." */
  async trustStatus(): Promise<string> {
    return (await this.page.locator('.jp-StatusItem-trust').getAttribute('title')) ?? '';
  }

  /** Whether each output area is rendered as trusted (Lab marks it `jp-mod-trusted`). */
  async trustedOutputs(): Promise<boolean[]> {
    return this.notebook
      .locator('.jp-OutputArea-output')
      .evaluateAll((outputs: DomElement[]) =>
        outputs.map((output) => output.className.split(' ').includes('jp-mod-trusted')),
      );
  }

  /** File → Save Notebook, then waits until the tab no longer shows unsaved changes. */
  async save(): Promise<void> {
    await this.menu('File', 'Save Notebook');
    await this.page
      .locator('#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)')
      .waitFor({ timeout: 30_000 });
  }

  /** A screenshot of the whole notebook: the viewport grows to the notebook's full height for the shot. */
  async screenshot(file: string): Promise<void> {
    const scroller = this.notebook.locator('.jp-WindowedPanel-outer');
    // From the top: after the charts were hovered the notebook is scrolled down, and a taller viewport keeps that.
    const hidden = await scroller.evaluate(
      (node: { scrollHeight: number; clientHeight: number; scrollTop: number }) => {
        node.scrollTop = 0;
        return node.scrollHeight - node.clientHeight;
      },
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.setViewportSize({ width: VIEWPORT.width, height: VIEWPORT.height + Math.max(0, hidden) });
    try {
      await sleep(POLL_MS);
      await this.page.screenshot({ path: file });
    } finally {
      await this.page.setViewportSize(VIEWPORT);
    }
  }

  /** Closes the notebook's tab and shuts its kernel down (through the REST API, as Lab's Shut Down does). */
  async closeNotebook(notebookPath: string): Promise<void> {
    await this.menu('File', 'Close Tab');
    // A tab with unsaved changes (a failed run) asks first; the work copy is not worth keeping then.
    const discard = this.page.locator('.jp-Dialog button', { hasText: /^Discard$/ });
    const closed = this.notebook.waitFor({ state: 'detached', timeout: 30_000 });
    if (
      (await Promise.race([closed.then(() => 'closed'), discard.waitFor().then(() => 'asked')])) === 'asked'
    ) {
      await discard.click();
      await closed;
    }
    const session = await this.session(notebookPath);
    if (session !== undefined) await this.server.api(`/api/sessions/${session.id}`, 'DELETE');
  }
}
