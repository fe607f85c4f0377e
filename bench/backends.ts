/**
 * `npm run bench`: compares the tfjs backends flax-ts can run on (tensorflow, wasm, cpu) from one run, and prints a
 * Markdown table of load time, resident memory and the median time of each workload, with each value's ratio to
 * the tensorflow column (or to the first backend that started, when tfjs-node is unavailable).
 *
 * Each backend runs in its own child process (bench/measure-backend.ts), one after the other, so that load time
 * and memory are measured from a clean start and the backends never compete for the cores.
 *
 * flax-ts is imported by its package name, as users import it: `bench/tsconfig.run.json` drops the typecheck's
 * path mapping to `src/`, so tsx loads the built `dist/` (which `npm run bench` builds first) rather than compiling
 * the sources on the fly, whose helpers would be timed too.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { RESULT_PREFIX, type BackendMeasurement } from './measure-backend';
import { COMPARISONS, JAX_ROWS } from './workloads';
import type { BackendName } from 'flax-ts';

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

type Started = Extract<BackendMeasurement, { loadMs: number }>;

function runChild(backend: BackendName): BackendMeasurement {
  process.stderr.write(`bench: measuring ${backend}...\n`);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, join(__dirname, 'measure-backend.ts'), backend],
    {
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    },
  );
  const line = child.stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
  if (line === undefined) {
    const why = child.signal ?? (child.stderr.trim().split('\n').at(-1) || `exit code ${child.status}`);
    return { backend, error: `the measuring process failed (${why})` };
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as BackendMeasurement;
}

function milliseconds(value: number): string {
  if (value >= 100) return `${Math.round(value)} ms`;
  return `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

function ratio(value: number, baseline: number): string {
  const times = value / baseline;
  return `${times >= 10 ? times.toFixed(0) : times.toFixed(1)}×`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function printTable(results: readonly BackendMeasurement[]): void {
  const started = results.filter((result): result is Started => 'loadMs' in result);
  const baseline = started.at(0);
  if (baseline === undefined) throw new Error('no backend started, so there is nothing to compare');
  const cell = (
    result: BackendMeasurement,
    pick: (r: Started) => number,
    format: (n: number) => string,
  ): string =>
    'loadMs' in result ? `${format(pick(result))} (${ratio(pick(result), pick(baseline))})` : 'unavailable';
  const line = (label: string, pick: (r: Started) => number, format: (n: number) => string): string =>
    row([label, ...results.map((result) => cell(result, pick, format))]);

  const cpu = cpus();
  console.log(
    `flax-ts backends on ${cpu[0]?.model ?? 'an unknown CPU'} (${cpu.length} cores), Node ${process.version}; ` +
      `1-minute load average ${loadavg()[0].toFixed(1)}; ratios are to ${baseline.backend}, times are medians.\n`,
  );
  console.log(row(['', ...results.map((result) => result.backend)]));
  console.log(row(['---', ...results.map(() => '---:')]));
  console.log(line('load (import flax-ts, await ready())', (r) => r.loadMs, milliseconds));
  console.log(line('resident memory after load', (r) => r.rssAfterLoad, megabytes));
  console.log(line('peak resident memory', (r) => r.peakRss, megabytes));
  baseline.timings.forEach(({ label }, i) => {
    console.log(line(label, (r) => r.timings[i].medianMs, milliseconds));
  });
  console.log();
  for (const result of results) {
    const detail =
      'loadMs' in result ? `runs per workload ${result.timings.map((t) => t.runs).join(', ')}` : result.error;
    console.log(`${result.backend}: ${detail}`);
  }
}

/** The comparisons of issue 3, each backend's rows divided side by side from the same run. */
function printComparisons(results: readonly BackendMeasurement[]): void {
  const started = results.filter((result): result is Started => 'loadMs' in result);
  console.log();
  console.log(row(['ratio (target)', ...started.map((result) => result.backend)]));
  console.log(row(['---', ...started.map(() => '---:')]));
  for (const { label, numerator, denominator, target } of COMPARISONS) {
    const cells = started.map((result) => {
      const median = (wanted: string) => result.timings.find((t) => t.label === wanted)?.medianMs ?? NaN;
      return (median(numerator.label) / median(denominator.label)).toFixed(2);
    });
    console.log(row([`${label} (${target})`, ...cells]));
  }
}

type Key = (typeof JAX_ROWS)[number]['key'];
type CompilerTimes = Record<Key, number> & { readonly version: string };
type PythonTimes = { readonly jax: CompilerTimes; readonly tf: CompilerTimes };

/** The same steps in Flax + jax.jit and in TensorFlow's tf.function, from the parity venv. */
function measurePython(): PythonTimes | string {
  process.stderr.write('bench: measuring Flax + jax.jit and tf.function...\n');
  const python = join(__dirname, '..', '.venv', 'bin', 'python');
  const child = spawnSync(python, [join(__dirname, 'python_steps.py')], { encoding: 'utf8' });
  const why = child.error?.message ?? child.stderr.trim().split('\n').at(-1);
  if (child.status !== 0) return `jax.jit and tf.function not measured (${why})`;
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as PythonTimes;
}

/** How far each backend's jitted steps are from XLA's and from tf.function's, measured in the same run. */
function printCompilers(results: readonly BackendMeasurement[], python: PythonTimes | string): void {
  console.log();
  if (typeof python === 'string') {
    console.log(python);
    return;
  }
  const started = results.filter((result): result is Started => 'loadMs' in result);
  const { jax, tf } = python;
  const against = (name: string) => started.map((r) => `${r.backend} / ${name}`);
  console.log(
    row([
      '',
      `Flax + jax.jit ${jax.version}`,
      `tf.function ${tf.version}`,
      ...against('jax.jit'),
      ...against('tf.function'),
    ]),
  );
  console.log(row(['---', '---:', '---:', ...started.flatMap(() => ['---:', '---:'])]));
  for (const { key, workload } of JAX_ROWS) {
    const ours = started.map((r) => r.timings.find((t) => t.label === workload.label)?.medianMs ?? NaN);
    const ratios = (baseline: number) => ours.map((x) => `${(x / baseline).toFixed(1)}×`);
    console.log(
      row([
        workload.label,
        milliseconds(jax[key]),
        milliseconds(tf[key]),
        ...ratios(jax[key]),
        ...ratios(tf[key]),
      ]),
    );
  }
  console.log();
  console.log(row(['first call (trace, compile, write and load)', ...started.map((r) => r.backend)]));
  console.log(row(['---', ...started.map(() => '---:')]));
  for (const { workload } of JAX_ROWS) {
    const first = started.map((r) => r.timings.find((t) => t.label === workload.label)?.firstMs ?? NaN);
    console.log(row([workload.label, ...first.map(milliseconds)]));
  }
}

const results = BACKENDS.map(runChild);
const python = measurePython();
printTable(results);
printComparisons(results);
printCompilers(results, python);
