// Shared by the tf-graph tests: a throw-away SavedModel cache, the backend guard, and run-and-compare helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { compileProgram, type GraphProgram } from '../../../../src/core/executor/tf-graph';
import type { Program } from '../../../../src/core/program';
import { expectClose } from '../../../support/close';

/** Skips the calling suite (one line says why) unless tfjs-node's tensorflow backend is active. */
export function requireTensorflowBackend(context: Mocha.Context): void {
  if (tf.getBackend() === 'tensorflow') return;
  console.log(
    `      skipped: TensorFlow graphs run on the tensorflow backend only (active: ${tf.getBackend()})`,
  );
  context.skip();
}

/** A fresh cache folder under the OS's temporary folder, and a function that removes it. */
export function temporaryCache(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'flax-ts-tf-graph-test-'));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lowers, writes and loads `program`, failing the test if it cannot be lowered. */
export function compileOrFail(program: Program, cacheDir: string): GraphProgram {
  const compiled = compileProgram(program, { cacheDir });
  if (!compiled.ok) throw new Error(`expected the program to lower, but: ${compiled.reason}`);
  return compiled.program;
}

/** Asserts the graph's outputs equal the eager ones: exactly for int32 and bool, to float32 parity for floats. */
export function expectSameOutputs(
  actual: readonly tf.Tensor[],
  expected: readonly tf.Tensor[],
  what: string,
): void {
  expect(actual.length, `${what}: number of outputs`).to.equal(expected.length);
  actual.forEach((output, i) => {
    const reference = expected[i];
    expect(output.dtype, `${what}: output ${i} dtype`).to.equal(reference.dtype);
    if (reference.dtype === 'float32') {
      expectClose(output, reference.arraySync(), undefined, `${what}: output ${i}`);
    } else {
      expect(output.shape, `${what}: output ${i} shape`).to.deep.equal(reference.shape);
      expect(Array.from(output.dataSync()), `${what}: output ${i}`).to.deep.equal(
        Array.from(reference.dataSync()),
      );
    }
  });
}
