import { expect } from 'chai';
import { showBundle } from '../../src/display/bundle';
import { insideTslab } from './inside-tslab';

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
});
