import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { plotlyBundle, PlotlyFigure } from '../../src/display/plotly-figure';

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
  it('emits the plotly JSON, HTML drawing it, a PNG made by Plotly and a text summary in one bundle', async () => {
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
    expect(bundle['text/html']).to.match(
      /Plotly\.newPlot\("flax-ts-plot-[0-9a-f]{12}", \[\{"type":"scatter","y":\[3,1,2\]\}\]/,
    );
    expect(pngSize(bundle['image/png'] as string)).to.deep.equal([320, 200]);
    expect(bundle['text/plain']).to.equal('Plotly figure "Loss": 1 trace');
  });

  it('puts plotly.js into the first HTML output of a process only', () => {
    // A fresh process, since earlier tests in this one have already emitted the library.
    const script = `
      const { plotlyBundle } = require('./src/display/plotly-figure');
      (async () => {
        const figure = { data: [{ y: [1, 2] }] };
        const lengths = [];
        for (let i = 0; i < 2; i++) lengths.push((await plotlyBundle(figure))['text/html'].length);
        console.log(JSON.stringify(lengths));
      })();`;
    const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, FLAX_TS_CHROMIUM: '/nonexistent/chromium' },
      encoding: 'utf8',
    });
    const [first, second] = JSON.parse(run.stdout) as [number, number];
    const library = fs.statSync(require.resolve('plotly.js-dist-min')).size;
    expect(first).to.be.greaterThan(library);
    expect(second).to.be.lessThan(1_000);
  });

  it('gives the same HTML id for the same figure, so re-runs store the same output', async () => {
    const id = (html: unknown) => /id="([^"]+)"/.exec(html as string)?.[1];
    const first = id((await plotlyBundle(figure))['text/html']);
    expect(first).to.match(/^flax-ts-plot-/);
    expect(id((await plotlyBundle(figure))['text/html'])).to.equal(first);
    expect(id((await plotlyBundle({ data: [{ y: [1] }] }))['text/html'])).not.to.equal(first);
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
