/**
 * One row of `npm run bench`: something to time on every backend.
 *
 * `prepare` builds inputs and parameters once (not timed) and returns the `step` to time; each step must finish
 * its work before returning (read a result back, e.g. with `dataSync`), since some backends compute lazily.
 */
export interface Workload {
  /** Row label, saying what is computed and at which size. */
  readonly label: string;
  readonly prepare: () => PreparedWorkload;
}

export interface PreparedWorkload {
  /** One step; an asynchronous step (tfjs-layers' `trainOnBatch`) is timed until its promise settles. */
  readonly step: () => void | Promise<void>;
  /** Frees what `prepare` allocated. */
  readonly dispose: () => void;
}
