import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
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

/** The choice is made once per process, so each selection scenario runs `ready()` in its own child process. */
function readyInFreshProcess(backend: string | undefined): FreshChoice {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
  delete env.FLAX_TS_BACKEND;
  if (backend !== undefined) env.FLAX_TS_BACKEND = backend;
  const script =
    "require('./src').ready().then((c) => console.log(JSON.stringify(c)), " +
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
      error: 'FLAX_TS_BACKEND must be one of tensorflow, wasm, cpu; got "gpu".',
    });
  });
});
