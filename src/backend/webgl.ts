/**
 * Loads tfjs's WebGL backend, in browsers only: Node.js has no WebGL, so a Node program never pays for loading it
 * (it is the largest backend), while a bundler still sees the import and bundles it for the browser.
 *
 * @packageDocumentation
 */

/** Registers the `webgl` backend; returns why it cannot be used, or `undefined`. */
export async function loadWebgl(): Promise<string | undefined> {
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    return undefined;
  } catch (error) {
    return `@tensorflow/tfjs-backend-webgl failed to load (${error instanceof Error ? error.message : String(error)})`;
  }
}
