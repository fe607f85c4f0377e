// Every notebook of every language in JupyterLab, in headless Chromium: Run All on a fresh tslab kernel, the
// saved notebook reopened as untrusted, and the nbconvert HTML export. Screenshots go to test-artifacts/lab/.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { allNotebookPaths, REPO_LAYOUT } from '../../scripts/notebooks/layout';
import { assertKernelInstalled } from '../../scripts/notebooks/nbconvert';
import { readNotebook } from '../../scripts/notebooks/notebook';
import { assertLibraryBuilt, brokenNotebook } from '../notebooks/support';
import { commandLine, descendants, waitUntilGone } from '../support/processes';
import { Browser, launchBrowser } from './browser';
import { cellProblems, expectedCells } from './cell-checks';
import { exportHtml } from './html-export';
import { LabPage } from './lab-page';
import { LabServer, startLabServer } from './lab-server';

const REPO = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(REPO, 'test-artifacts', 'lab');
/**
 * The server's root: a mirror of the repository inside it, with notebooks/ copied (Lab saves into it) and every
 * other top-level entry linked, so the notebooks find what they read by relative path (`../data`, the parity
 * fixtures under `../../test`) and `import ... from 'flax-ts'` resolves as in the repository.
 */
const WORK = path.join(ARTIFACTS, 'work');
const RUN_TIMEOUT_MS = 180_000;

/** A committed notebook and where the suite puts its copy and pictures. */
interface Subject {
  readonly label: string;
  readonly committed: string;
  /** Path relative to the server's root, e.g. `notebooks/en/00_start_here.ipynb`. */
  readonly workPath: string;
  readonly language: string;
  readonly name: string;
}

const subjects: Subject[] = allNotebookPaths(REPO_LAYOUT).map((committed) => {
  const language = path.basename(path.dirname(committed));
  const name = path.basename(committed, '.ipynb');
  const workPath = `notebooks/${language}/${name}.ipynb`;
  return { label: workPath, committed, workPath, language, name };
});

function prepareWork(): void {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  for (const entry of fs.readdirSync(REPO)) {
    if (entry.startsWith('.') || entry === 'test-artifacts') continue;
    const target = path.join(REPO, entry);
    if (entry === 'notebooks') fs.cpSync(target, path.join(WORK, entry), { recursive: true });
    else fs.symlinkSync(target, path.join(WORK, entry));
  }
}

/**
 * The Plotly renderer processes below the Jupyter server (each kernel starts one at its first figure), with
 * everything they started (their Chromium).
 */
function plotRendererTree(serverPid: number): { renderers: number[]; all: number[] } {
  const renderers = descendants(serverPid).filter((pid) => commandLine(pid).includes('plotly-renderer'));
  return { renderers, all: [...renderers, ...renderers.flatMap(descendants)] };
}

/** Logs how long a phase took, for the suite's timing in CI logs. */
function timePhase(name: string): void {
  let start = 0;
  before(() => {
    start = Date.now();
  });
  after(() => {
    console.log(`      (${name}: ${((Date.now() - start) / 1000).toFixed(1)} s)`);
  });
}

describe('notebooks in JupyterLab, in headless Chromium', function () {
  this.timeout(RUN_TIMEOUT_MS + 60_000);
  let browser: Browser | undefined;
  let server: LabServer | undefined;
  let lab: LabPage;
  let labTab: Page;
  /** Notebooks that ran cleanly and were saved: the untrusted phase reopens these. */
  const saved = new Set<string>();

  const startLab = async (stateName: string) => {
    const stateDir = path.join(ARTIFACTS, stateName);
    fs.rmSync(stateDir, { recursive: true, force: true });
    server = await startLabServer({ rootDir: WORK, stateDir });
    lab = await LabPage.open(labTab, server);
  };

  before(async () => {
    assertLibraryBuilt();
    assertKernelInstalled();
    prepareWork();
    browser = await launchBrowser();
    labTab = await browser.context.newPage();
    await startLab('server-run');
  });

  after(async () => {
    await server?.stop();
    await browser?.close();
  });

  describe('Run All on a fresh tslab kernel', () => {
    timePhase('Run All');

    for (const subject of subjects) {
      it(`runs ${subject.label} without errors, with every output and interactive chart`, async () => {
        const expected = expectedCells(readNotebook(subject.committed));
        const plots = expected.reduce((sum, cell) => sum + cell.plots, 0);
        let rendererTree: number[] = [];
        await lab.openNotebook(subject.workPath);
        try {
          expect(await lab.kernelDisplayName()).to.equal('TypeScript');
          const started = Date.now();
          await lab.runAll(subject.workPath, RUN_TIMEOUT_MS);
          console.log(`      (${subject.label}: Run All in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
          // One kernel runs at a time here (each is shut down when its notebook closes): it has one renderer
          // for all its figures, and none when it drew none.
          const { renderers, all } = plotRendererTree(server!.pid);
          rendererTree = all;
          expect(renderers, 'Plotly renderer processes of the kernel').to.have.length(plots > 0 ? 1 : 0);
          await lab.showInteractivePlots();
          const problems = cellProblems(expected, await lab.cellStates(), true);
          await lab.screenshot(path.join(ARTIFACTS, subject.language, `${subject.name}.png`));
          expect(problems, subject.label).to.deep.equal([]);
          await lab.save();
          saved.add(subject.workPath);
        } finally {
          await lab.closeNotebook(subject.workPath);
        }
        expect(
          await waitUntilGone(rendererTree, 15_000),
          'renderer processes still running after the kernel was shut down',
        ).to.deep.equal([]);
      });
    }

    it('reports the cell of a notebook whose code does not compile', async () => {
      const workPath = 'broken.ipynb';
      const file = brokenNotebook();
      fs.copyFileSync(file, path.join(WORK, workPath));
      await lab.openNotebook(workPath);
      try {
        await lab.runAll(workPath, RUN_TIMEOUT_MS);
        const problems = cellProblems(expectedCells(readNotebook(file)), await lab.cellStates(), true);
        expect(problems).to.deep.equal([
          `cell 2 (id "broken") shows stderr: 1:7 - Type 'string' is not assignable to type 'number'.`,
        ]);
      } finally {
        await lab.closeNotebook(workPath);
      }
    });
  });

  describe('saved notebooks reopened as untrusted (a new server with an empty notary)', () => {
    timePhase('untrusted reopen');
    before(async () => {
      await server?.stop();
      await startLab('server-untrusted');
    });

    for (const subject of subjects) {
      it(`shows every output and interactive chart of ${subject.label} without running it`, async function () {
        if (!saved.has(subject.workPath)) this.skip();
        const expected = expectedCells(readNotebook(subject.committed));
        await lab.openNotebook(subject.workPath, { waitForKernel: false });
        try {
          expect(await lab.trustStatus()).to.match(/^Notebook not trusted/);
          expect(await lab.trustedOutputs()).not.to.include(true);
          await lab.showInteractivePlots();
          const problems = cellProblems(expected, await lab.cellStates(), false);
          await lab.screenshot(path.join(ARTIFACTS, subject.language, `${subject.name}.untrusted.png`));
          expect(problems, subject.label).to.deep.equal([]);
        } finally {
          await lab.closeNotebook(subject.workPath);
        }
      });
    }
  });

  describe('nbconvert --to html exports', () => {
    timePhase('HTML export');
    const htmlFiles = new Map<string, string>();
    let htmlTab: Page;

    before(async () => {
      for (const language of new Set(subjects.map((subject) => subject.language))) {
        const files = subjects.filter((subject) => subject.language === language);
        exportHtml(
          files.map((subject) => subject.committed),
          path.join(ARTIFACTS, 'html', language),
        ).forEach((html, index) => htmlFiles.set(files[index].workPath, html));
      }
      htmlTab = await browser!.context.newPage();
      // The export links require.js and MathJax from a CDN; there is no network, and the charts must not need it.
      await htmlTab.route(/^https?:/, (route) => route.abort());
    });

    for (const subject of subjects) {
      it(`shows every chart of ${subject.label} in its HTML export`, async () => {
        const plots = expectedCells(readNotebook(subject.committed)).reduce(
          (sum, cell) => sum + cell.plots,
          0,
        );
        const html = htmlFiles.get(subject.workPath)!;
        await htmlTab.goto(`file://${html}`);
        // Each plot is a div holding the static image, or Plotly's chart when plotly.js is on the page.
        const charts = await htmlTab
          .locator('div[id^="flax-ts-plot-"]')
          .evaluateAll((divs: { querySelector(selector: string): { naturalWidth?: number } | null }[]) =>
            divs.map((div) =>
              div.querySelector('svg.main-svg') !== null ? 1 : (div.querySelector('img')?.naturalWidth ?? 0),
            ),
          );
        await htmlTab.screenshot({ path: html.replace(/\.html$/, '.png'), fullPage: true });
        expect(charts, `${subject.label}: one chart per plot`).to.have.length(plots);
        expect(
          charts.filter((width) => width > 0),
          `${subject.label}: charts that show`,
        ).to.have.length(plots);
      });
    }
  });
});
