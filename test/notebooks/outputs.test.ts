import { expect } from 'chai';
import { Notebook } from '../../scripts/notebooks/notebook';
import {
  outputDifferences,
  PRINTS_BACKEND_TAG,
  ROUND_OFF_SENSITIVE_TAG,
  roundOffSensitiveCells,
} from '../../scripts/notebooks/outputs';

function notebookWith(outputs: Record<string, unknown>[], metadata: Record<string, unknown> = {}): Notebook {
  return {
    cells: [{ cell_type: 'code', id: 'c', metadata, source: '', outputs, execution_count: 1 }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const stream = (text: string | string[], metadata: Record<string, unknown> = {}) =>
  notebookWith([{ output_type: 'stream', name: 'stdout', text }], metadata);

/** The differences between a stored and a fresh stream output. */
const streamDifferences = (stored: string, fresh: string) => outputDifferences(stream(stored), stream(fresh));

describe('notebooks/outputs', () => {
  it('accepts float32 noise and finds changes in the first 4 significant digits', () => {
    expect(streamDifferences('loss 0.6666666865348816\n', 'loss 0.66666668\n')).to.deep.equal([]);
    // The loss of issue 16 on two CPUs.
    expect(streamDifferences('loss 1.8771801', 'loss 1.8771806')).to.deep.equal([]);
    expect(streamDifferences('loss 0.6667\n', 'loss 0.6668\n')).to.deep.equal([
      'cell "c" output 0: stored 0.6667, fresh 0.6668 at «…{"output_type":"stream","name":"stdout","text":"loss ⟨n⟩»',
    ]);
  });

  // Rounding both sides to 4 digits, as the earlier form did, split these at a rounding boundary.
  it('compares numbers with a tolerance, never by rounding them to a boundary', () => {
    expect(streamDifferences('1.23449999', '1.23450001')).to.deep.equal([]);
    expect(streamDifferences('-2.0000009536743164', '-2')).to.deep.equal([]);
  });

  it('compares integers exactly, and a float with an integer by tolerance', () => {
    expect(streamDifferences('step 12, shape [128, 5]', 'step 13, shape [128, 5]')).to.have.length(1);
    expect(streamDifferences('shape [128, 5]', 'shape [128, 6]')).to.have.length(1);
    expect(streamDifferences('Key(shape=[], data=[1797259609, 2579123966])', 'Key(shape=[], data=[1797259609, 2579123967])')).to.have.length(1);
    expect(streamDifferences('[ 3, 1.5 ]', '[ 2.9999998, 1.5 ]')).to.deep.equal([]);
  });

  // The earlier form rewrote the digits in each of these as if they were floats, so that, e.g., two different
  // hex ids became the same "3fInfinitya9c2"; they are text and must match exactly.
  it('keeps digits that belong to something other than a number as text', () => {
    for (const [stored, fresh] of [
      ['flax-ts-plot-3f8e5103a9c2', 'flax-ts-plot-3f8e5104a9c2'],
      ['Dense_1e3', 'Dense_1e4'],
      ['x1.23456', 'x1.23457'],
      ['123e4567-e89b-12d3', '123e4568-e89b-12d3'],
      ['v1.2.3', 'v1.2.4'],
      ['0x1e5', '0x1e6'],
    ]) {
      const differences = streamDifferences(stored, fresh);
      expect(differences, stored).to.have.length(1);
      expect(differences[0], stored).to.match(/^cell "c" output 0: text differs/);
    }
    expect(streamDifferences('step 5.', 'step 5.')).to.deep.equal([]);
    expect(streamDifferences('loss 1.8771801.', 'loss 1.8771806.')).to.deep.equal([]);
  });

  it('takes round-off around 0 for 0, next to the larger numbers of its array or printed list', () => {
    // The grid point np.linspace(-3, 3, 61)[30]: 0 on tensorflow, -6.109e-7 on wasm, 1.341e-7 in JAX.
    const grid = (middle: number) => [-3, -0.1, middle, 0.1, 3];
    const plot = (middle: number) =>
      notebookWith([
        {
          output_type: 'display_data',
          data: {
            'application/vnd.plotly.v1+json': { data: [{ x: grid(middle) }] },
            'text/html': `<script>Plotly.newPlot(el, ${JSON.stringify([{ x: grid(middle) }])})</script>`,
            'text/plain': `[\n  ${grid(middle).join(',\n  ')}\n]`,
          },
          metadata: {},
        },
      ]);
    expect(outputDifferences(plot(0), plot(-6.109476089477539e-7))).to.deep.equal([]);
    expect(outputDifferences(plot(0), plot(1.3411045e-7))).to.deep.equal([]);
    // Above a millionth of the scale it is a value of its own: one difference in each of the three forms.
    expect(outputDifferences(plot(0), plot(4e-6))).to.have.length(3);
    // On its own, or next to larger numbers outside its list, a small number keeps all its digits.
    expect(streamDifferences('lr 1.5e-7, loss 2.5', 'lr 0, loss 2.5')).to.have.length(1);
    expect(streamDifferences('[1e+21] [-6.1e-7, 0.5]', '[1e+21] [0, 0.5]')).to.have.length(1);
  });

  it('compares images by presence, in image outputs and embedded in HTML, and other base64 data exactly', () => {
    const image = (png: string, count: number) =>
      notebookWith([
        {
          output_type: 'display_data',
          data: {
            'image/png': png,
            'text/html': `<img src="data:image/png;base64,${png}" alt="0.123456">`,
            'text/plain': 'fig',
          },
          metadata: { a: count },
          execution_count: count,
        },
      ]);
    // The earlier form read "1e5" and "2e999" in the base64 data as numbers: 100000 and Infinity.
    expect(outputDifferences(image('iVBORw0KGgo/1e5+AAA2e999/', 1), image('AAAA', 2))).to.deep.equal([]);
    expect(outputDifferences(image('AAAA', 1), notebookWith([]))).to.deep.equal([
      'cell "c": 1 outputs stored, 0 in the fresh run',
    ]);
    const font = (payload: string) => stream(`url(data:font/woff2;base64,${payload})`);
    expect(outputDifferences(font('d09GMgABAAAAA1e5+2e999/=='), font('d09GMgABAAAAA1e5+2e999/=='))).to.deep.equal([]);
    expect(outputDifferences(font('d09GMgABAAAAA1e5+2e999/=='), font('d09GMgABAAAAA1e6+2e999/=='))).to.have.length(1);
  });

  it('compares text stored as a list of lines as one string', () => {
    expect(outputDifferences(stream(['a\n', 'b 0.5\n']), stream('a\nb 0.5\n'))).to.deep.equal([]);
  });

  it("compares the backend's name as <backend> in cells tagged prints-backend, and only there", () => {
    const tagged = { tags: [PRINTS_BACKEND_TAG] };
    expect(outputDifferences(stream('tensorflow\n', tagged), stream('wasm\n', tagged))).to.deep.equal([]);
    expect(outputDifferences(stream('tensorflow\n'), stream('wasm\n'))).to.have.length(1);
    expect(outputDifferences(stream('tensorflow\n', tagged), stream('something else\n', tagged))).to.have.length(1);
  });

  it('compares only the text and integers of cells tagged round-off-sensitive, and names them', () => {
    const tagged = { tags: [ROUND_OFF_SENSITIVE_TAG] };
    const run = (text: string) => stream(text, tagged);
    expect(outputDifferences(run('88 steps, accuracy 0.889'), run('88 steps, accuracy 0.875'))).to.deep.equal([]);
    expect(outputDifferences(run('88 steps, accuracy 0.889'), run('89 steps, accuracy 0.889'))).to.have.length(1);
    expect(outputDifferences(run('88 steps, accuracy 0.889'), run('88 steps, loss 0.889'))).to.have.length(1);
    expect(outputDifferences(stream('accuracy 0.889'), stream('accuracy 0.875'))).to.have.length(1);
    expect(roundOffSensitiveCells(run(''))).to.deep.equal(['c']);
    expect(roundOffSensitiveCells(stream(''))).to.deep.equal([]);
  });
});
