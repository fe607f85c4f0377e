import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { plotlyBundle, PlotlyFigure } from '../../src/display/plotly-figure';
import { launchBrowser } from '../lab/browser';

const figure: PlotlyFigure = {
  data: [{ type: 'scatter', y: [3, 1, 2] }],
  layout: { title: { text: 'Loss' }, width: 320, height: 200 },
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(base64: string): [number, number] {
  const bytes = Buffer.from(base64, 'base64');
  expect(bytes.subarray(1, 4).toString('latin1')).to.equal('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('display/plotly-figure', () => {
  it('emits the plotly JSON, HTML showing it, a PNG made by Plotly and a text summary in one bundle', async () => {
    const bundle = await plotlyBundle(figure);
    expect(Object.keys(bundle).sort()).to.deep.equal([
      'application/vnd.plotly.v1+json',
      'image/png',
      'text/html',
      'text/plain',
    ]);
    expect(bundle['application/vnd.plotly.v1+json']).to.deep.equal({
      data: figure.data,
      layout: figure.layout,
    });
    const html = bundle['text/html'] as string;
    // The static image first; replaced by the interactive chart where the page has plotly.js.
    expect(html).to.include(
      `<img src="data:image/png;base64,${bundle['image/png'] as string}" alt="Plotly figure &quot;Loss&quot;: 1 trace">`,
    );
    expect(html).to.match(/window\.Plotly\.newPlot\(el, \[\{"type":"scatter","y":\[3,1,2\]\}\]/);
    expect(pngSize(bundle['image/png'] as string)).to.deep.equal([320, 200]);
    expect(bundle['text/plain']).to.equal('Plotly figure "Loss": 1 trace');
  });

  it('keeps plotly.js out of the HTML, which stays small', async () => {
    const html = (await plotlyBundle(figure))['text/html'] as string;
    const library = fs.statSync(require.resolve('plotly.js-dist-min')).size;
    expect(html.length).to.be.lessThan(library / 10);
    expect(html).not.to.include('<script type="text/javascript" src=');
  });

  describe('the HTML fallback', () => {
    // Its id and script do not depend on the image; leave the image out so the bundles need no renderer.
    before(() => {
      process.env.FLAX_TS_CHROMIUM = '/nonexistent/chromium';
    });
    after(() => {
      delete process.env.FLAX_TS_CHROMIUM;
    });
    const htmlOf = async (figure: PlotlyFigure) => (await plotlyBundle(figure))['text/html'] as string;
    const idNumber = async (figure: PlotlyFigure) =>
      Number(/id="flax-ts-plot-(\d+)"/.exec(await htmlOf(figure))?.[1]);

    it("numbers the process's figures in the order they are made, whatever their data", async () => {
      const first = await idNumber({ data: [{ y: [2.5, 1.8771801] }] });
      expect(first).to.be.above(0);
      // The same loss on another machine (issue 16), then a different figure: only the order counts.
      expect(await idNumber({ data: [{ y: [2.5, 1.8771806] }] })).to.equal(first + 1);
      expect(await idNumber({ data: [{ y: [1] }] })).to.equal(first + 2);
    });

    it('starts at 1 in every process, so a notebook run on a fresh kernel stores the same ids anywhere', () => {
      const source = `
        const { plotlyBundle } = require(${JSON.stringify(require.resolve('../../src/display/plotly-figure'))});
        (async () => {
          for (const y of [[1, 2], [3, 4]]) {
            console.log(/id="([^"]+)"/.exec((await plotlyBundle({ data: [{ y }] }))['text/html'])[1]);
          }
        })();`;
      const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', source], {
        encoding: 'utf8',
      });
      expect(run.stdout.trim().split('\n'), run.stderr).to.deep.equal(['flax-ts-plot-1', 'flax-ts-plot-2']);
    });

    it('draws each chart into its own <div> where plotly.js is on the page, even when two share an id', async () => {
      const first = await htmlOf({ data: [{ y: [1, 2], type: 'scatter' }] });
      // Two kernels (two notebooks, or one before and after a restart) number their figures alike.
      const second = (await htmlOf({ data: [{ y: [3, 4], type: 'scatter' }] })).replace(
        /flax-ts-plot-\d+/,
        /flax-ts-plot-\d+/.exec(first)![0],
      );
      const browser = await launchBrowser();
      try {
        const page = await browser.context.newPage();
        // plotly.js inline, then both outputs, parsed in order as in an exported notebook.
        const plotlyJs = fs
          .readFileSync(require.resolve('plotly.js-dist-min'), 'utf8')
          .replace(/<\/script/gi, '<\\/script');
        await page.setContent(`<script>${plotlyJs}</script>${first}${second}`);
        const charts = await page
          .locator('div[id^="flax-ts-plot-"]')
          .evaluateAll((divs: { querySelectorAll(selector: string): { length: number } }[]) =>
            divs.map((div) => div.querySelectorAll('svg.main-svg').length),
          );
        expect(charts).to.have.length(2);
        expect(
          charts.every((svgs) => svgs > 0),
          `svg.main-svg per chart: ${charts.join(', ')}`,
        ).to.be.true;
      } finally {
        await browser.close();
      }
    });
  });

  it('says in the text form, not on stderr, that the static image is missing when Chromium is absent', async () => {
    process.env.FLAX_TS_CHROMIUM = '/nonexistent/chromium';
    try {
      const bundle = await plotlyBundle(figure);
      expect(bundle).not.to.have.property('image/png');
      expect(bundle['text/plain']).to.equal(
        'Plotly figure "Loss": 1 trace (no static image: Chromium not found at /nonexistent/chromium)',
      );
    } finally {
      delete process.env.FLAX_TS_CHROMIUM;
    }
  });
});
