/**
 * The child side of `npm run bench`: `tsx bench/measure-backend.ts <backend>` starts flax-ts on one backend, times
 * every workload and prints one {@link BackendMeasurement} as a JSON line after {@link RESULT_PREFIX}.
 *
 * Nothing from tfjs is imported before the clock starts, so that the load time and the resident memory after
 * load are those of a program that imports flax-ts on this backend.
 */
import type { Workload } from './workloads';

/** Marks the result line on stdout, which tfjs may share with its own messages. */
export const RESULT_PREFIX = 'bench-result ';

export interface Timing {
  /** The workload's row label. */
  readonly label: string;
  /** Median wall time of one step, in milliseconds. */
  readonly medianMs: number;
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
 * Runs stop at MAX_RUNS or once a workload has used its time budget, whichever comes first; a slow backend (cpu takes
 * seconds per step) may then be timed only MIN_RUNS times after its warm-up, which keeps the bench within minutes.
 */
const WARM_UP_RUNS = 1;
const MIN_RUNS = 1;
const MAX_RUNS = 30;
const BUDGET_MS = 8_000;

async function time(workload: Workload): Promise<Timing> {
  const { step, dispose } = workload.prepare();
  for (let i = 0; i < WARM_UP_RUNS; i++) await step();
  const durations: number[] = [];
  const started = performance.now();
  while (
    durations.length < MAX_RUNS &&
    (durations.length < MIN_RUNS || performance.now() - started < BUDGET_MS)
  ) {
    const before = performance.now();
    await step();
    durations.push(performance.now() - before);
  }
  dispose();
  durations.sort((a, b) => a - b);
  const middle = Math.floor(durations.length / 2);
  const medianMs =
    durations.length % 2 === 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
  return { label: workload.label, medianMs, runs: durations.length };
}

async function measure(backend: string): Promise<BackendMeasurement> {
  process.env.FLAX_TS_BACKEND = backend;
  const started = performance.now();
  try {
    const { ready } = await import('../src');
    await ready();
  } catch (error) {
    return { backend, error: error instanceof Error ? error.message : String(error) };
  }
  const loadMs = performance.now() - started;
  const rssAfterLoad = process.memoryUsage().rss;
  const { WORKLOADS } = await import('./workloads');
  const timings: Timing[] = [];
  for (const workload of WORKLOADS) timings.push(await time(workload));
  // maxRSS is in kilobytes.
  return { backend, loadMs, rssAfterLoad, peakRss: process.resourceUsage().maxRSS * 1024, timings };
}

if (require.main === module) {
  const backend = process.argv[2];
  void measure(backend).then((result) => {
    console.log(RESULT_PREFIX + JSON.stringify(result));
  });
}
