import { expect } from 'chai';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createInterface } from 'readline';
import { renderPng } from '../../src/display/plotly-image';
import { commandLine, descendants, waitUntilGone } from '../support/processes';

const figure = { data: [{ type: 'scatter', y: [3, 1, 2] }], layout: { title: { text: 'Loss' } } };
const IMAGE_MODULE = path.resolve(__dirname, '../../src/display/plotly-image.ts');

/** Width and height from a base64 PNG's IHDR chunk. */
function pngSize(base64: string): [number, number] {
  const bytes = Buffer.from(base64, 'base64');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function timedPng(width: number, height: number): Promise<{ png: string; ms: number }> {
  const started = Date.now();
  const image = await renderPng(figure, width, height);
  if (!('png' in image)) expect.fail(`no image: ${image.unavailable}`);
  return { png: image.png, ms: Date.now() - started };
}

/** The renderer processes (and their browsers) below a process. */
function renderersBelow(pid: number): number[] {
  return descendants(pid).filter((child) => commandLine(child).includes('plotly-renderer'));
}

/** A process below the program, as it prints them. */
interface Below {
  readonly pid: number;
  readonly command: string;
}

/** Checks that no process is left (`running` are those still running) and the browser's profile folder is gone. */
function expectAllGone(below: readonly Below[], running: readonly number[]): void {
  expect(running, 'processes still running after the program ended').to.deep.equal([]);
  const profiles = below.flatMap(({ command }) => /--user-data-dir=(\S+)/.exec(command)?.[1] ?? []);
  expect(profiles, 'the browser was given a profile folder').not.to.be.empty;
  for (const profile of profiles) expect(fs.existsSync(profile), `${profile} is left behind`).to.be.false;
}

/**
 * A Node program (CommonJS, run with tsx's loader) that runs `before`, draws `figure` once, prints `ready` and the
 * processes below it as JSON, and then runs `after`.
 */
function program(before: string, after: string): string[] {
  const source = `
    ${before}
    const { renderPng } = require(${JSON.stringify(IMAGE_MODULE)});
    const { commandLine, descendants } = require(${JSON.stringify(path.resolve(__dirname, '../support/processes.ts'))});
    (async () => {
      const image = await renderPng(${JSON.stringify(figure)}, 320, 200);
      if (!('png' in image)) throw new Error(image.unavailable);
      const below = descendants(process.pid).map((pid) => ({ pid, command: commandLine(pid) }));
      console.log('ready ' + JSON.stringify(below));
      ${after}
    })();`;
  return ['--require', require.resolve('tsx/cjs'), '-e', source];
}

describe('display/plotly-image', function () {
  this.timeout(120_000);

  it('draws every figure of a process in one renderer, each after the first in well under 1.5 s', async () => {
    const first = await timedPng(320, 200);
    expect(pngSize(first.png)).to.deep.equal([320, 200]);
    const renderers = renderersBelow(process.pid);
    expect(renderers).to.have.length(1);
    for (const [width, height] of [
      [700, 450],
      [320, 200],
    ]) {
      const later = await timedPng(width, height);
      expect(pngSize(later.png)).to.deep.equal([width, height]);
      expect(later.ms, `a later figure took ${later.ms} ms`).to.be.below(1500);
    }
    expect(renderersBelow(process.pid)).to.deep.equal(renderers);
  });

  it('lets a program that plotted end by itself, and takes the renderer and its browser with it', async () => {
    const run = spawnSync(process.execPath, program('', ''), { encoding: 'utf8', timeout: 60_000 });
    expect(run.error, 'the program did not end by itself').to.be.undefined;
    expect(run.status, run.stderr).to.equal(0);
    const below = JSON.parse(run.stdout.replace(/^ready /, '')) as Below[];
    expect(below.map(({ command }) => command).join('\n'))
      .to.include('plotly-renderer')
      .and.include('chromium');
    expectAllGone(
      below,
      await waitUntilGone(
        below.map(({ pid }) => pid),
        15_000,
      ),
    );
  });

  it('keeps its renderer through an interrupt of the process group, and ends it when the group is killed', async () => {
    // Like a tslab kernel under Jupyter, which signals the kernel's process group: the program survives SIGINT
    // (an interrupt) and draws again with the same renderer, then the group is killed outright (SIGKILL).
    const child = spawn(
      process.execPath,
      program(
        "process.on('SIGINT', () => undefined);",
        `require('readline').createInterface({ input: process.stdin }).on('line', async () => {
          const started = Date.now();
          const again = await renderPng(${JSON.stringify(figure)}, 320, 200);
          console.log('again ' + JSON.stringify({ ms: Date.now() - started, png: 'png' in again }));
        });`,
      ),
      { detached: true, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const nextLine = async () => String((await lines.next()).value);
    try {
      const below = JSON.parse((await nextLine()).replace(/^ready /, '')) as Below[];
      const renderers = below
        .filter(({ command }) => command.includes('plotly-renderer'))
        .map(({ pid }) => pid);
      expect(renderers).to.have.length(1);
      process.kill(-child.pid!, 'SIGINT');
      child.stdin.write('draw again\n');
      const again = JSON.parse((await nextLine()).replace(/^again /, '')) as { ms: number; png: boolean };
      expect(again.png).to.be.true;
      expect(again.ms).to.be.below(1500);
      expect(renderersBelow(child.pid!)).to.deep.equal(renderers);
      process.kill(-child.pid!, 'SIGKILL');
      expectAllGone(
        below,
        await waitUntilGone(
          below.map(({ pid }) => pid),
          15_000,
        ),
      );
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
});
