import { expect } from 'chai';
import { showBundle } from '../../src/display/bundle';
import { shapes } from '../../src/display';
import { tslabJupyterModule } from '../../scripts/notebooks/tslab-hook';

type Sent = { data: Record<string, unknown>; update: boolean }[];

/** Runs `body` as if inside a tslab cell and returns what it sent to the front end. */
function insideTslab(body: () => void): Sent {
  const sent: Sent = [];
  // Setting the writer as tslab's kernel does before each cell stands in for a running kernel.
  const jupyter = tslabJupyterModule();
  jupyter.lastWriteDisplayData = (content, update) => sent.push({ data: content.data, update });
  try {
    body();
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  return sent;
}

/** Runs `body` and returns what it printed with console.log. */
function printed(body: () => void): string[] {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  try {
    body();
  } finally {
    console.log = log;
  }
  return lines;
}

describe('display/bundle', () => {
  it('sends every mimetype of a bundle in one display_data message through tslab', () => {
    const bundle = { 'text/plain': 'a figure', 'text/html': '<b>a figure</b>', 'application/json': { a: 1 } };
    expect(
      insideTslab(() => {
        showBundle(bundle);
      }),
    ).to.deep.equal([{ data: bundle, update: false }]);
  });

  it('prints the text/plain form outside a notebook', () => {
    expect(
      printed(() => {
        showBundle({ 'text/plain': 'plain', 'text/html': '<i>rich</i>' });
      }),
    ).to.deep.equal(['plain']);
  });

  it('shows shape trees as text/plain display data', () => {
    const sent = insideTslab(() => {
      shapes({ params: { Dense_0: { kernel: [3, 4], bias: [4] } } });
    });
    expect(sent).to.deep.equal([
      { data: { 'text/plain': '{ params: { Dense_0: { bias: [4], kernel: [3, 4] } } }' }, update: false },
    ]);
  });
});
