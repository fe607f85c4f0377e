import { expect } from 'chai';
import { canonicalOutputs, roundFloats } from '../../scripts/notebooks/outputs';
import { Notebook } from '../../scripts/notebooks/notebook';

function notebookWith(outputs: Record<string, unknown>[]): Notebook {
  return { cells: [{ cell_type: 'code', id: 'c', metadata: {}, source: '', outputs, execution_count: 1 }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

describe('notebooks/outputs', () => {
  it('rounds floats to 4 significant digits and leaves integers alone', () => {
    expect(roundFloats('loss 0.6666666865348816, step 12, w [-1.234567e-7, 3.0]')).to.equal('loss 0.6667, step 12, w [-1.235e-7, 3]');
  });

  it('compares float32 noise as equal but real changes as different', () => {
    const stream = (text: string) => notebookWith([{ output_type: 'stream', name: 'stdout', text: [text] }]);
    expect(canonicalOutputs(stream('0.66666668\n'))).to.deep.equal(canonicalOutputs(stream('0.6666666865348816\n')));
    expect(canonicalOutputs(stream('0.6667\n'))).not.to.deep.equal(canonicalOutputs(stream('0.6668\n')));
  });

  it('compares images by presence and ignores execution counts and metadata', () => {
    const image = (png: string, count: number) =>
      notebookWith([{ output_type: 'display_data', data: { 'image/png': png, 'text/plain': 'fig' }, metadata: { a: count }, execution_count: count }]);
    expect(canonicalOutputs(image('AAAA', 1))).to.deep.equal(canonicalOutputs(image('BBBB', 2)));
    expect(canonicalOutputs(image('AAAA', 1))).not.to.deep.equal(canonicalOutputs(notebookWith([])));
  });
});
