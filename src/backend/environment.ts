/**
 * Where flax-ts runs: Node.js, or a browser (or web worker). The main entry loads in both, so nothing here may
 * touch a Node global without checking that it exists first.
 *
 * @packageDocumentation
 */

/** Whether this is Node.js, where tfjs-node and environment variables exist, rather than a browser. */
export function inNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions.node === 'string';
}

/** An environment variable in Node.js; `undefined` in browsers, which have none. */
export function environmentVariable(name: string): string | undefined {
  return inNode() ? process.env[name] : undefined;
}
