/**
 * Which Chromium draws the static images of Plotly figures, and how it is started (the browser suite starts the
 * same one with the same flags).
 *
 * @packageDocumentation
 */

/** Where Debian installs Chromium; override with the `FLAX_TS_CHROMIUM` environment variable. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium without GPU, sandbox (containers run as root) or anything that would reach the network. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium executable to use: `FLAX_TS_CHROMIUM`, else Debian's. */
export function chromiumPath(): string {
  return process.env.FLAX_TS_CHROMIUM ?? DEFAULT_CHROMIUM;
}
