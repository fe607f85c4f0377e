import { expect } from 'chai';
import * as fs from 'fs';
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
