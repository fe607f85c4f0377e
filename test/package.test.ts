// The built package as users consume it: `require`, `import`, its .d.ts under tslab's TypeScript 5.0.4 and the
// project's own, what the tarball holds, what it requires at run time (and what its main entry makes a bundler
// follow), and the `flax-ts` command.
import { expect } from 'chai';
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};

/** The npm package an import names (`@scope/name/sub` → `@scope/name`), or the Node built-in (`node:fs` → `fs`). */
function packageOf(specifier: string): string {
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * What a bundler follows from the given dist/ entry points: the package's own files it reaches (relative to the
 * package root) and every import from outside the package, by the file that makes it.
 */
async function bundleGraph(
  entryPoints: string[],
): Promise<{ files: string[]; external: { importer: string; imported: string }[] }> {
  const result = await esbuild.build({
    entryPoints: entryPoints.map((entry) => join(root, entry)),
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: 'node',
    packages: 'external',
    metafile: true,
    outdir: join(root, '.cache-imports'),
    logLevel: 'silent',
  });
  const inputs = Object.entries(result.metafile.inputs);
  return {
    files: inputs.map(([file]) => file),
    external: inputs.flatMap(([importer, input]) =>
      input.imports
        .filter((item) => item.external)
        .map((item) => ({ importer, imported: packageOf(item.path) })),
    ),
  };
}

const NAMESPACES = [
  'np',
  'nn',
  'random',
  'optax',
  'training',
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

  it('serves the notebook display helpers from flax-ts/display only, with require and import', () => {
    const functions = ['formatShapeTree', 'plotly', 'plotlyBundle', 'shapes', 'showBundle'];
    const required = `const d = require('flax-ts/display'); console.log(JSON.stringify([Object.keys(d), Object.keys(d.display).sort()]));`;
    expect(JSON.parse(node(['-e', required]))).to.deep.equal([['display'], functions]);
    const imported = `import { display } from 'flax-ts/display'; console.log(typeof display.plotly, typeof display.shapes);`;
    expect(node(['--input-type=module', '-e', imported]).trim()).to.equal('function function');
    expect(node(['-e', `console.log('display' in require('flax-ts'))`]).trim()).to.equal('false');
  });

  it("keeps the main entry from reaching the display helpers' Node-only modules", async () => {
    const main = await bundleGraph(['dist/index.js']);
    expect(main.files.length, 'the walk follows the entry into its modules').to.be.above(20);
    expect(main.files.filter((file) => file.startsWith('dist/display/'))).to.deep.equal([]);
    const mainImports = main.external.map((item) => item.imported);
    for (const nodeOnly of ['child_process', 'playwright-core', 'plotly.js-dist-min']) {
      expect(mainImports).not.to.include(nodeOnly);
    }
    // The same walk does see them from flax-ts/display, so the check above can fail.
    const display = await bundleGraph(['dist/display/index.js']);
    expect(display.external.map((item) => item.imported)).to.include('child_process');
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
          "import { display, type PlotlyFigure } from 'flax-ts/display';",
          'const x: NDArray = np.ones([4, 3]);',
          "const centered = vmap((row: NDArray) => np.subtract(row, pmean(row, 'b')), { axisName: 'b' })(x);",
          'const [loss, g] = valueAndGrad((w: NDArray) => np.sum(np.square(np.matmul(x, w))))(np.ones([3]));',
          'console.log(tree.shapes({ centered, loss, g }));',
          'display.shapes({ centered });',
          "const figure: PlotlyFigure = { data: [{ y: [loss.arraySync() as number], type: 'scatter' }] };",
          'void display.plotly(figure);',
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

  it('ships the LICENSE, source maps with their sources, declaration maps and the flax-ts command', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [packed] = JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
    ) as { files: { path: string }[] }[];
    const files = new Set(packed.files.map((file) => file.path));
    expect([...files]).to.include.members([
      'LICENSE',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/index.js',
    ]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).to.include(
      'Apache License\n                           Version 2.0',
    );
    const maps = [...files].filter((file) => file.endsWith('.map'));
    expect(maps).to.include.members(['dist/index.js.map', 'dist/index.d.ts.map']);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(root, map), 'utf8')) as {
        sources: string[];
        sourcesContent?: string[];
      };
      const shipped = sources.map((source) => join(map, '..', source));
      expect(
        shipped.filter((source) => !files.has(source)),
        `${map}: sources outside the tarball`,
      ).to.deep.equal([]);
      if (map.endsWith('.js.map'))
        expect(sourcesContent, `${map}: sourcesContent`).to.have.length(sources.length);
    }
    const bin = manifest.bin['flax-ts'];
    expect(files.has(bin), bin).to.equal(true);
    expect(readFileSync(join(root, bin), 'utf8')).to.match(/^#!\/usr\/bin\/env node\n/);
  });

  it('prints the usage of the flax-ts command and refuses unknown commands', () => {
    const bin = join(root, manifest.bin['flax-ts']);
    expect(node([bin, '--help'])).to.include('setup-tfjs-node');
    expect(node([bin, 'setup-tfjs-node', '--help'])).to.match(/^Usage: npx flax-ts setup-tfjs-node/);
    const bogus = () => execFileSync(process.execPath, [bin, 'bogus'], { encoding: 'utf8', stdio: 'pipe' });
    expect(bogus).to.throw('unknown command "bogus"');
  });

  it('requires at run time only its dependencies, and Node built-ins only in the flax-ts command', async () => {
    const allowed = new Set(Object.keys(manifest.dependencies));
    const { external: main } = await bundleGraph(['dist/index.js']);
    const problems = main.filter((item) => !allowed.has(item.imported));
    expect(problems, 'imports of the main entry').to.deep.equal([]);
    const { external: cli } = await bundleGraph(['dist/cli/index.js']);
    expect(
      cli.filter((item) => !builtinModules.includes(item.imported) && !allowed.has(item.imported)),
      'imports of the flax-ts command',
    ).to.deep.equal([]);
  });

  it('resolves flax-ts/display in strict TypeScript projects with node16 and bundler module resolution', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const dir = mkdtempSync(join(root, '.cache-typecheck-'));
    try {
      const file = join(dir, 'display-usage.ts');
      writeFileSync(
        file,
        [
          "import { display, type PlotlyFigure } from 'flax-ts/display';",
          "const figure: PlotlyFigure = { data: [{ y: [1, 2], type: 'scatter' }] };",
          'export const shown: Promise<void> = display.plotly(figure);',
          '',
        ].join('\n'),
      );
      const strictest = [
        ...['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--exactOptionalPropertyTypes'],
        ...['--skipLibCheck', 'false', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node'],
      ];
      for (const resolution of [
        ['--module', 'node16', '--moduleResolution', 'node16'],
        ['--module', 'esnext', '--moduleResolution', 'bundler'],
      ]) {
        const ours = tscOutput([tsc, ...strictest, ...resolution, file])
          .split('\n')
          .filter((line) => /^(dist\/|node_modules\/flax-ts\/|\.cache-typecheck)/.test(line));
        expect(ours, `${resolution.join(' ')}:\n${ours.join('\n')}`).to.deep.equal([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
