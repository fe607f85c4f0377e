import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { ready } from '../../src';

const ROOT = resolve(__dirname, '..', '..');
/** Written by `npm run setup:tfjs-node` once tfjs-node's binding has been verified. */
const TFJS_NODE_STAMP = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-node', '.flax-ts-setup.json');

/** What a fresh process settles on: the backend choice, or the error `ready()` rejected with. */
interface FreshChoice {
  readonly name?: string;
  readonly message?: string;
  readonly error?: string;
}

/**
 * The choice is made once per process, so each selection scenario runs in its own child process: `calls` is the
 * program's sequence of `ready(...)` arguments (as source text), and the last call's outcome is returned.
 */
function readyInFreshProcess(backend: string | undefined, calls: readonly string[] = ['']): FreshChoice {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
  delete env.FLAX_TS_BACKEND;
  if (backend !== undefined) env.FLAX_TS_BACKEND = backend;
  const script =
    "const { ready } = require('./src');" +
    `(async () => { for (const options of [${calls.map((call) => `[${call}]`).join(', ')}]) await ready(...options); })()` +
    '.then(() => ready()).then((c) => console.log(JSON.stringify(c)), ' +
    '(e) => console.log(JSON.stringify({ error: e.message })));';
  const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as FreshChoice;
}

describe('backend', () => {
  it('reports the active tfjs backend in one line', async () => {
    const { name, message } = await ready();
    expect(tf.getBackend()).to.equal(name);
    expect(message).to.match(new RegExp(`^flax-ts backend: ${name}`));
    expect(message).not.to.include('\n');
  });

  it('returns the same choice on every call', async () => {
    expect(await ready()).to.equal(await ready());
  });

  it('prefers tensorflow once setup:tfjs-node has built it, else falls back to wasm and says why', () => {
    const choice = readyInFreshProcess(undefined);
    if (existsSync(TFJS_NODE_STAMP)) {
      expect(choice).to.deep.equal({ name: 'tensorflow', message: 'flax-ts backend: tensorflow' });
    } else {
      expect(choice.name).to.equal('wasm');
      expect(choice.message).to.match(/^flax-ts backend: wasm \(tensorflow: tfjs-node .+\)$/);
    }
  });

  it('obeys FLAX_TS_BACKEND=cpu', () => {
    expect(readyInFreshProcess('cpu')).to.deep.equal({
      name: 'cpu',
      message: 'flax-ts backend: cpu (FLAX_TS_BACKEND)',
    });
  });

  it('obeys FLAX_TS_BACKEND=wasm', () => {
    expect(readyInFreshProcess('wasm')).to.deep.equal({
      name: 'wasm',
      message: 'flax-ts backend: wasm (FLAX_TS_BACKEND)',
    });
  });

  it('rejects an unknown FLAX_TS_BACKEND, naming the allowed values', () => {
    expect(readyInFreshProcess('gpu')).to.deep.equal({
      error: 'FLAX_TS_BACKEND must be one of tensorflow, webgl, wasm, cpu; got "gpu".',
    });
  });

  it('obeys ready({ backend }), ahead of FLAX_TS_BACKEND', () => {
    expect(readyInFreshProcess('wasm', ["{ backend: 'cpu' }"])).to.deep.equal({
      name: 'cpu',
      message: 'flax-ts backend: cpu (ready({ backend }))',
    });
  });

  it('rejects a backend that Node.js cannot run, saying why', () => {
    expect(readyInFreshProcess(undefined, ["{ backend: 'webgl' }"])).to.deep.equal({
      error: 'No TensorFlow.js backend could be started: webgl: WebGL runs only in browsers',
    });
  });

  it('rejects options that come after the choice was made, and keeps the choice', () => {
    expect(readyInFreshProcess('cpu', ['', "{ backend: 'wasm' }"])).to.deep.equal({
      error:
        'ready({"backend":"wasm"}) came after the backend was already chosen with ready(): ' +
        'pass options to the first call of ready(), before any computation',
    });
    expect(readyInFreshProcess(undefined, ["{ backend: 'cpu' }", "{ backend: 'cpu' }", ''])).to.deep.equal({
      name: 'cpu',
      message: 'flax-ts backend: cpu (ready({ backend }))',
    });
  });
});

describe('backend: computing before ready()', () => {
  it('says to await ready() from flax-ts, instead of tfjs advice that never tries tfjs-node', () => {
    const script =
      "const { np } = require('./src');" +
      'try { np.add(np.ones([2]), 1); console.log("computed"); } catch (e) { console.log(e.message); }';
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
      encoding: 'utf8',
    });
    expect(child.stdout).to.match(/flax-ts has no backend yet: `await ready\(\)` \(from 'flax-ts'\)/);
  });
});
