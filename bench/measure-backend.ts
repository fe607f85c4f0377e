/**
 * The child side of `npm run bench`: `tsx bench/measure-backend.ts <backend>` starts flax-ts on one backend, times
 * every workload and prints one {@link BackendMeasurement} as a JSON line after {@link RESULT_PREFIX}.
 *
 * Nothing from tfjs is imported before the clock starts, so that the load time and the resident memory after
 * load are those of a program that imports flax-ts on this backend.
 */
import type { PreparedWorkload, Workload } from './workloads';

/** Marks the result line on stdout, which tfjs may share with its own messages. */
export const RESULT_PREFIX = 'bench-result ';

export interface Timing {
  /** The workload's row label. */
  readonly label: string;
  /** Median wall time of one step, in milliseconds. */
  readonly medianMs: number;
  /** The first step's time (a jitted step traces, compiles and, on tfjs-node, writes and loads its graph). */
  readonly firstMs: number;
  readonly runs: number;
}

export type BackendMeasurement =
  | {
      readonly backend: string;
      /** Milliseconds to import flax-ts and await `ready()`. */
      readonly loadMs: number;
      /** Resident set size right after load, in bytes. */
      readonly rssAfterLoad: number;
      /** Largest resident set size of the process, in bytes. */
      readonly peakRss: number;
      /** One entry per workload, in WORKLOADS order. */
      readonly timings: readonly Timing[];
    }
  | { readonly backend: string; readonly error: string };

/**
 * Workloads are timed in interleaved rounds (a block of steps of each, then again), so that a change in the
 * machine's load during the run affects every row alike and the ratios between rows stay fair. Within a round a
 * workload runs BLOCK_RUNS steps back to back, as a training loop runs them and as bench/python_steps.py times
 * jax.jit and tf.function: a step that directly follows another workload's (or a pause) finds TensorFlow's worker
 * threads asleep and the caches holding the other workload's data, which on tfjs-node made the jitted state-guide
 * step two to four times slower than the same step run back to back. A workload leaves the rounds after MAX_RUNS
 * steps or once it has used its time budget, whichever comes first; a slow backend (cpu takes seconds per step on
 * the larger rows) may then be timed only MIN_RUNS times after its warm-up, which keeps the bench within minutes.
 */
const WARM_UP_RUNS = 1;
const MIN_RUNS = 1;
const MAX_RUNS = 200;
const BLOCK_RUNS = 20;
const BUDGET_MS = 8_000;

interface Timed {
  readonly workload: Workload;
  readonly prepared: PreparedWorkload;
  readonly durations: number[];
  spentMs: number;
  firstMs: number;
}

function wantsMore({ durations, spentMs }: Timed): boolean {
  return durations.length < MIN_RUNS || (durations.length < MAX_RUNS && spentMs < BUDGET_MS);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timeInterleaved(workloads: readonly Workload[]): Promise<Timing[]> {
  const timed: Timed[] = workloads.map((workload) => ({
    workload,
    prepared: workload.prepare(),
    durations: [],
    spentMs: 0,
    firstMs: NaN,
  }));
  for (const entry of timed) {
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      const before = performance.now();
      await entry.prepared.step();
      if (i === 0) entry.firstMs = performance.now() - before;
    }
  }
  for (let active = timed; active.length > 0; active = timed.filter(wantsMore)) {
    for (const entry of active) {
      for (let i = 0; i < BLOCK_RUNS && wantsMore(entry); i++) {
        const before = performance.now();
        await entry.prepared.step();
        const duration = performance.now() - before;
        entry.durations.push(duration);
        entry.spentMs += duration;
      }
    }
  }
  for (const { prepared } of timed) prepared.dispose();
  return timed.map(({ workload, durations, firstMs }) => ({
    label: workload.label,
    medianMs: median(durations),
    firstMs,
    runs: durations.length,
  }));
}

async function measure(backend: string): Promise<BackendMeasurement> {
  process.env.FLAX_TS_BACKEND = backend;
  const started = performance.now();
  try {
    const { ready } = await import('flax-ts');
    await ready();
  } catch (error) {
    return { backend, error: error instanceof Error ? error.message : String(error) };
  }
  const loadMs = performance.now() - started;
  const rssAfterLoad = process.memoryUsage().rss;
  const { WORKLOADS } = await import('./workloads');
  const timings = await timeInterleaved(WORKLOADS);
  // maxRSS is in kilobytes.
  return { backend, loadMs, rssAfterLoad, peakRss: process.resourceUsage().maxRSS * 1024, timings };
}

if (require.main === module) {
  const backend = process.argv[2];
  void measure(backend).then((result) => {
    console.log(RESULT_PREFIX + JSON.stringify(result));
  });
}
