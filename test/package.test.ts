// The built package as users consume it: `require`, `import`, and its .d.ts under tslab's TypeScript 5.0.4.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const NAMESPACES = [
  'np',
  'nn',
  'random',
  'optax',
  'training',
  'display',
  'tree',
  'grad',
  'valueAndGrad',
  'vmap',
  'pmean',
  'psum',
  'ready',
];

function node(args: string[], cwd = root): string {
  return execFileSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FLAX_TS_BACKEND: 'cpu' },
  });
}

/** tsc's diagnostics (it exits non-zero when there are any). */
function tscOutput(args: string[]): string {
  try {
    return node(args);
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('package', function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(join(root, 'dist', 'index.d.ts')))
      throw new Error('dist/ is missing: run `npm run build` first.');
  });

  it('loads with require', () => {
    const out = node(['-e', `const f = require('flax-ts'); console.log(JSON.stringify(Object.keys(f)))`]);
    expect(JSON.parse(out)).to.include.members(NAMESPACES);
  });

  it('loads with import, named exports included', () => {
    const script = `import { ${NAMESPACES.join(', ')} } from 'flax-ts'; console.log([${NAMESPACES.join(', ')}].every(Boolean));`;
    expect(node(['--input-type=module', '-e', script]).trim()).to.equal('true');
  });

  it("type-checks against tslab's TypeScript 5.0.4, lax and strict", () => {
    const tsc = join(root, 'node_modules', '@tslab', 'typescript-for-tslab', 'bin', 'tsc');
    const version = node([tsc, '--version']);
    expect(version).to.include('5.0.4');
    // Inside the repo so that `flax-ts` resolves through node_modules, as it does for notebooks.
    const dir = mkdtempSync(join(root, '.cache-typecheck-'));
    try {
      const file = join(dir, 'usage.ts');
      writeFileSync(
        file,
        [
          "import { np, vmap, valueAndGrad, pmean, tree, type NDArray } from 'flax-ts';",
          'const x: NDArray = np.ones([4, 3]);',
          "const centered = vmap((row: NDArray) => np.subtract(row, pmean(row, 'b')), { axisName: 'b' })(x);",
          'const [loss, g] = valueAndGrad((w: NDArray) => np.sum(np.square(np.matmul(x, w))))(np.ones([3]));',
          'console.log(tree.shapes({ centered, loss, g }));',
          '',
        ].join('\n'),
      );
      const common = ['--noEmit', '--target', 'es2022', '--module', 'commonjs', '--moduleResolution', 'node'];
      // As tslab compiles a cell: lax, skipping library checks. Must be clean.
      node([tsc, ...common, '--esModuleInterop', '--strict', 'false', '--skipLibCheck', 'true', file]);
      // Strict and checking every .d.ts; tfjs's own typings have errors under 5.0.4, so only ours must be clean.
      const strict = [
        ...common,
        '--strict',
        'true',
        '--skipLibCheck',
        'false',
        '--lib',
        'es2022,dom',
        '--types',
        'node',
      ];
      const report = tscOutput([tsc, ...strict, file]);
      const ours = report
        .split('\n')
        .filter((line) => /^(dist\/|node_modules\/flax-ts\/|\.cache-typecheck)/.test(line));
      expect(ours, ours.join('\n')).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
