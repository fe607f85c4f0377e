// The browser example (examples/browser/): bundled with esbuild, served on a loopback port, run in headless Chromium
// on wasm and on WebGL (SwiftShader). It must train with Flax's losses and initialise with Flax's parameters.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { buildExample, type BundleReport } from '../../examples/browser/build';
import { serveExample, type ExampleServer } from '../../examples/browser/serve';
import type { ExampleState } from '../../examples/browser/state';
import { assertLibraryBuilt } from '../notebooks/support';
import guides from '../parity/fixtures/guides.json';
import linen from '../parity/fixtures/linen.json';
import { FLOAT32_PARITY, worstViolation } from '../support/close';
import { launchBrowser, type Browser } from './browser';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/lab/example');
const RUN_TIMEOUT_MS = 180_000;
/**
 * The page's "load" waits for the bundle's module script, which on WebGL (SwiftShader) compiles shaders on the CPU:
 * on a busy 2-core machine that took longer than Playwright's default 30 s.
 */
const PAGE_LOAD = { timeout: RUN_TIMEOUT_MS };

/** What the page reports once it has finished (its state without the library). */
type PageResult = Omit<ExampleState, 'library' | 'MLP'>;

/** A variables tree whose leaves are `{ shape, data }`, as the parity fixtures store arrays. */
interface StoredArray {
  readonly shape: number[];
  readonly data: number[];
}
type StoredTree = StoredArray | { readonly [name: string]: StoredTree };

function isStoredArray(tree: StoredTree): tree is StoredArray {
  return Array.isArray((tree as StoredArray).data);
}

/** Every leaf that differs from Flax's in shape, or beyond the float32 parity rule, by its path. */
function treeDifferences(actual: StoredTree, expected: StoredTree, where = ''): string[] {
  if (isStoredArray(expected)) {
    if (!isStoredArray(actual)) return [`${where}: not an array`];
    if (JSON.stringify(actual.shape) !== JSON.stringify(expected.shape)) {
      return [`${where}: shape ${JSON.stringify(actual.shape)}, not ${JSON.stringify(expected.shape)}`];
    }
    const violation = worstViolation(actual.data, expected.data, FLOAT32_PARITY);
    return violation <= 1 ? [] : [`${where}: ${violation.toFixed(2)}× the float32 tolerance`];
  }
  const names = Object.keys(expected).sort();
  if (isStoredArray(actual) || JSON.stringify(Object.keys(actual).sort()) !== JSON.stringify(names)) {
    return [`${where}: holds ${isStoredArray(actual) ? 'an array' : Object.keys(actual).join(', ')}`];
  }
  return names.flatMap((name) => treeDifferences(actual[name], expected[name], `${where}/${name}`));
}

/** The little of the DOM's canvas the WebGL check needs (this suite's TypeScript has no DOM library). */
interface HTMLCanvas {
  getContext(kind: 'webgl2'): {
    getExtension(name: 'WEBGL_debug_renderer_info'): { UNMASKED_RENDERER_WEBGL: number } | null;
    getParameter(name: number): unknown;
  } | null;
}

async function waitForPage(page: Page): Promise<PageResult> {
  await page.waitForFunction(
    () => (globalThis as unknown as { flaxTsExample?: PageResult }).flaxTsExample?.status !== 'running',
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
  return page.evaluate(() => {
    const { status, backend, message, losses, error } = (
      globalThis as unknown as { flaxTsExample: PageResult }
    ).flaxTsExample;
    return { status, backend, message, losses, error };
  });
}

describe('the browser example (examples/browser), bundled with esbuild, in headless Chromium', function () {
  this.timeout(RUN_TIMEOUT_MS + 60_000);
  let bundle: BundleReport;
  let server: ExampleServer;

  before(async () => {
    assertLibraryBuilt();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    bundle = await buildExample();
    server = await serveExample();
    const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
    const parts = Object.entries(bundle.bySource)
      .sort(([, a], [, b]) => b - a)
      .map(([source, bytes]) => `${source} ${megabytes(bytes)}`);
    console.log(
      `      bundle: ${megabytes(bundle.bytes)} (${megabytes(bundle.gzipBytes)} gzipped): ${parts.join(', ')}`,
    );
  });

  after(async () => {
    await server.close();
  });

  for (const backend of ['wasm', 'webgl'] as const) {
    describe(`on ${backend}`, () => {
      let browser: Browser | undefined;
      let page: Page;
      let result: PageResult;
      const pageErrors: string[] = [];

      before(async () => {
        browser = await launchBrowser({ webgl: backend === 'webgl' });
        page = await browser.context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error.message));
        const started = Date.now();
        await page.goto(`${server.url}/?backend=${backend}`, PAGE_LOAD);
        result = await waitForPage(page);
        console.log(`      (${backend}: page loaded, trained and plotted in ${Date.now() - started} ms)`);
        await page.screenshot({ path: path.join(ARTIFACTS, `${backend}.png`), fullPage: true });
      });

      after(async () => {
        await browser?.close();
      });

      it('starts the requested backend and finishes without errors', () => {
        expect(result.error, result.message).to.equal(undefined);
        expect(result.status).to.equal('done');
        expect(result.backend).to.equal(backend);
        expect(result.message).to.equal(`flax-ts backend: ${backend} (ready({ backend }))`);
        expect(pageErrors).to.deep.equal([]);
      });

      if (backend === 'webgl') {
        it("runs on Chromium's SwiftShader, the WebGL every headless machine has", async () => {
          const renderer = await page.evaluate(() => {
            const canvas = (
              globalThis as unknown as { document: { createElement(tag: 'canvas'): HTMLCanvas } }
            ).document.createElement('canvas');
            const gl = canvas.getContext('webgl2');
            const info = gl?.getExtension('WEBGL_debug_renderer_info');
            return info ? String(gl?.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL2 context';
          });
          expect(renderer).to.include('SwiftShader');
        });
      }

      it("trains with Flax's losses (the state guide, train=True, five epochs)", () => {
        const expected = guides.mlp_vmap_train.losses;
        const violation = worstViolation(result.losses, expected, FLOAT32_PARITY);
        console.log(
          `      (${backend} losses ${result.losses.join(', ')}; ${violation.toFixed(3)}× the tolerance)`,
        );
        expect(result.losses).to.have.length(expected.length);
        expect(
          violation,
          `losses ${result.losses.join(', ')} against flax's ${expected.join(', ')}`,
        ).to.be.at.most(1);
      });

      it("initialises the MLP with Flax's parameters (test/parity/linen.py's stateGuide.mlp)", async () => {
        const variables = await page.evaluate(() => {
          const { library, MLP } = (globalThis as unknown as { flaxTsExample: ExampleState }).flaxTsExample;
          const model = new MLP({ hiddenSize: 10, outSize: 1 });
          const initialised = model.init(library.random.PRNGKey(0), [library.np.ones([100])]);
          return library.tree.map((leaf) => {
            const array = leaf as { shape: number[]; dataSync(): ArrayLike<number> };
            return { shape: array.shape, data: Array.from(array.dataSync()) };
          }, initialised);
        });
        expect(treeDifferences(variables as StoredTree, linen.stateGuide.mlp.variables)).to.deep.equal([]);
      });

      it('plots the loss with Plotly, one point per epoch', async () => {
        const points = await page.locator('#loss-plot svg.main-svg .scatterlayer .point').count();
        expect(points).to.equal(result.losses.length);
      });
    });
  }

  it('picks webgl by itself where the browser has WebGL', async () => {
    const browser = await launchBrowser({ webgl: true });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/`, PAGE_LOAD);
      const result = await waitForPage(page);
      expect([result.status, result.message]).to.deep.equal(['done', 'flax-ts backend: webgl']);
    } finally {
      await browser.close();
    }
  });

  it('names the fix when the .wasm files cannot be fetched', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.route('**/*.wasm', (route) => route.abort());
      await page.goto(`${server.url}/?backend=wasm`, PAGE_LOAD);
      const result = await waitForPage(page);
      expect(result.status).to.equal('failed');
      expect(result.error).to.equal(
        'No TensorFlow.js backend could be started: wasm: tfjs could not load its .wasm files: serve those of ' +
          "@tensorflow/tfjs-backend-wasm/dist with your page and pass their URL folder as ready({ wasmPaths: '/wasm/' })",
      );
    } finally {
      await browser.close();
    }
  });
});
