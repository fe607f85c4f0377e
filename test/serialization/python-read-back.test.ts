// Checkpoints written by flax-ts, read by the real flax 0.12.8 in the project venv (.venv, from
// test/parity/requirements.txt): test/serialization/flax_read_back.py restores each file with
// flax.serialization and prints what it got, which must be what flax-ts wrote; for state dicts Flax must also
// write the very same bytes back. Skipped (one line) when the venv has no flax, except under CI=true.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { nn, np, optax, serialization, training, valueAndGrad, type NDArray } from '../../src';
import { dispose } from '../../src/core/tree';
import { serializeChunked } from '../../src/serialization/bytes';
import {
  adamTx,
  CheckpointMLP,
  describeTree,
  mixedTx,
  modelVariables,
  newTrainState,
  type Described,
} from './checkpoints';

const PYTHON = join(__dirname, '..', '..', '.venv', 'bin', 'python');
const SCRIPT = join(__dirname, 'flax_read_back.py');

interface ReadBack {
  restored: Described;
  identical: boolean | null;
}

function venvHasFlax(): boolean {
  return spawnSync(PYTHON, ['-c', 'import flax, optax'], { stdio: 'ignore' }).status === 0;
}

/** What Python's flax.serialization makes of each file (see flax_read_back.py), in one Python process. */
function readInPython(dir: string, files: readonly { kind: string; bytes: Uint8Array }[]): ReadBack[] {
  const args = files.flatMap(({ kind, bytes }, i) => {
    const file = join(dir, `${i}-${kind}.msgpack`);
    writeFileSync(file, bytes);
    return [kind, file];
  });
  const run = spawnSync(PYTHON, ['-P', SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`flax_read_back.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ReadBack[];
}

/** A TrainState of CheckpointMLP after three training steps in flax-ts, so that its optimizer state is not zero. */
function trainedState(tx: optax.GradientTransformation, withStats: boolean): training.TrainState {
  let state = newTrainState(tx, withStats);
  const { batch_stats } = modelVariables();
  const x = tf.tensor([[0.5, -1, 2, 0.25]]);
  const loss = (params: optax.Params): NDArray =>
    np.sum(np.square(new CheckpointMLP().apply({ params, batch_stats } as nn.Variables, [x])));
  for (let i = 0; i < 3; i++) {
    const [value, grads] = valueAndGrad(loss)(state.params);
    state = state.applyGradients({ grads }, { disposeOld: true });
    dispose([value, grads]);
  }
  dispose([batch_stats, x]);
  return state;
}

describe('serialization: checkpoints written by flax-ts, read by flax 0.12.8', function () {
  /** Per case, what flax-ts wrote (described) and what Python read. */
  const results = new Map<string, { wrote: Described; read: ReadBack }>();

  before(function () {
    // Importing jax in Python takes seconds on a loaded machine.
    this.timeout(180_000);
    if (!venvHasFlax()) {
      if (process.env.CI === 'true')
        throw new Error(`${PYTHON} has no flax: pip install -r test/parity/requirements.txt`);
      console.log('      skipped: .venv has no flax (pip install -r test/parity/requirements.txt)');
      this.skip();
    }
    const tree = {
      float32: tf.tensor([
        [0.1, -2],
        [3.5, 1e-30],
      ]),
      int32: tf.tensor([-(2 ** 31), 2 ** 31 - 1, 7], undefined, 'int32'),
      bool: tf.tensor([true, false, true], undefined, 'bool'),
      zeroD: tf.scalar(2.5),
      empty: tf.zeros([0, 3]),
      ints: [
        0,
        127,
        128,
        255,
        65535,
        65536,
        2 ** 32,
        -1,
        -32,
        -33,
        -129,
        -32769,
        -(2 ** 31) - 1,
        2 ** 53 - 1,
      ],
      bigInts: [2n ** 53n, 2n ** 64n - 1n, -(2n ** 63n)],
      floats: [0.1, -2.5, 1e300, 2 ** 60],
      strings: ['', 'flax ✓', 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(256), 'v'.repeat(70_000)],
      bytes: [new Uint8Array([0, 1, 255]), new Uint8Array(70_000).fill(7)],
      nothing: null,
      bools: [true, false],
      longList: Array.from({ length: 65_536 }, (_, i) => i % 3),
      bigMap: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i])),
      nested: { list: [1, 'a', [2.5, null]], emptyMap: {}, emptyList: [] },
    };
    const chunked = {
      big: tf.reshape(tf.range(0, 20), [4, 5]),
      inner: { bool: tf.tensor([true, false, true]) },
    };
    const variables = modelVariables();
    const adamState = trainedState(adamTx(), false);
    const mixedState = trainedState(mixedTx(), true);
    const cases = [
      {
        name: 'msgpack',
        kind: 'msgpack',
        bytes: serialization.msgpackSerialize(tree),
        wrote: describeTree(tree),
      },
      // 8-byte chunks: two float32s or eight bools each.
      { name: 'chunked', kind: 'msgpack', bytes: serializeChunked(chunked, 8), wrote: describeTree(chunked) },
      ...(
        [
          ['variables', variables],
          ['train_state_adam', adamState],
          ['train_state_mixed', mixedState],
        ] as const
      ).map(([kind, value]) => ({
        name: kind,
        kind,
        bytes: serialization.toBytes(value),
        wrote: describeTree(serialization.toStateDict(value)),
      })),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'flax-ts-checkpoints-'));
    try {
      readInPython(dir, cases).forEach((read, i) =>
        results.set(cases[i].name, { wrote: cases[i].wrote, read }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      dispose([tree, chunked, variables]);
      adamState.dispose();
      mixedState.dispose();
    }
  });

  it("msgpackSerialize: msgpack_restore reads every type, in each of msgpack's sizes", () => {
    const { wrote, read } = results.get('msgpack')!;
    expect(read.restored).to.deep.equal(wrote);
  });

  it('chunked arrays: msgpack_restore joins them back', () => {
    const { wrote, read } = results.get('chunked')!;
    expect(read.restored).to.deep.equal(wrote);
  });

  for (const name of ['variables', 'train_state_adam', 'train_state_mixed']) {
    it(`toBytes (${name}): from_bytes restores it in Python, and to_bytes writes the same bytes back`, () => {
      const { wrote, read } = results.get(name)!;
      expect(read.restored).to.deep.equal(wrote);
      expect(read.identical).to.equal(true);
    });
  }
});
