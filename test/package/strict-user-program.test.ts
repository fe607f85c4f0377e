// The types a strict project meets: strict-user-program.ts compiled against the built package (dist/, as a user's
// project resolves `flax-ts`) under strict + noUncheckedIndexedAccess + exactOptionalPropertyTypes with the
// project's TypeScript 5.9, linted for detached methods, and run. The compile keeps skipLibCheck on while the
// @tensorflow/tfjs umbrella (tfjs-layers' typings do not compile) is a dependency, which another change removes;
// a second compile with it off checks that none of the errors are in flax-ts's own .d.ts files. Even tfjs-core's
// hash_util.d.ts needs the `Long` type (@types/long) once library checks are on.
import { expect } from 'chai';
import { ESLint } from 'eslint';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { STRICTEST_FLAGS, tscDiagnostics } from '../support/strict-tsc';
import { trainRegressor } from './strict-user-program';

const root = join(__dirname, '..', '..');
const program = join(__dirname, 'strict-user-program.ts');

/** The casts (`x as T`, `<T>x`) and non-null assertions (`x!`) in a file, as `line: text`. */
function castsIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node)) {
      found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('package: a user-style program under the strictest TypeScript settings', function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(join(root, 'dist', 'index.d.ts')))
      throw new Error('dist/ is missing: run `npm run build` first.');
  });

  it('compiles with tsc 5.9 against dist/, with no cast or `!` in it', () => {
    const report = tscDiagnostics([program], STRICTEST_FLAGS);
    expect(report, `tsc rejected the program:\n${report}`).to.equal('');
    expect(castsIn(program), 'casts and non-null assertions in the program').to.deep.equal([]);
  });

  it("checks flax-ts's own .d.ts files under those settings too (skipLibCheck off, tfjs's errors set aside)", () => {
    const report = tscDiagnostics([program], STRICTEST_FLAGS, { checkLibraries: true });
    const ours = report.split('\n').filter((line) => /^(dist\/|node_modules\/flax-ts\/|test\/)/.test(line));
    expect(ours, ours.join('\n')).to.deep.equal([]);
  });

  it('passes model.apply around (TrainState applyFn) without tripping @typescript-eslint/unbound-method', async () => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: root },
        },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: { '@typescript-eslint/unbound-method': 'error' },
      },
    });
    const results = await eslint.lintFiles([program]);
    expect(results.flatMap((result) => result.messages.map((m) => `${m.line}: ${m.message}`))).to.deep.equal(
      [],
    );
  });

  it('runs: the loss falls, readVariable reads the kernel and the running mean, and longer runs allocate no more', () => {
    const counts: number[] = [];
    for (const steps of [30, 60]) {
      const before = tf.memory().numTensors;
      const { losses, kernel, runningMean } = trainRegressor(steps);
      const [first, last] = losses.map((loss) => loss.item());
      expect(last).to.be.lessThan(first / 2);
      expect([kernel.shape, runningMean.shape]).to.deep.equal([[4, 8], [8]]);
      for (const array of [...losses, kernel, runningMean]) array.dispose();
      counts.push(tf.memory().numTensors - before);
    }
    // What a run leaves behind (the model's constants, captured by the jitted step) does not grow with its steps.
    expect(counts[1], `tensors left by 30 and 60 steps: ${counts.join(', ')}`).to.equal(counts[0]);
  });
});
