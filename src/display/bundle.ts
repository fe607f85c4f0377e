/**
 * Sends one Jupyter `display_data` message holding several representations of the same thing.
 *
 * tslab's public `display` sends one mimetype per call; a bundle (figure JSON, HTML and a static image together)
 * needs the writer tslab's kernel installs for the running cell, `lastWriteDisplayData` in `tslab/dist/jupyter`.
 * That module is looked up among the modules already loaded, so flax-ts needs no dependency on tslab and talks to
 * the very kernel that is running it. Outside a tslab kernel the plain-text form is printed instead.
 *
 * @packageDocumentation
 */

/** Mimetype → content (strings; binary content such as PNG base64-encoded), as in a Jupyter message. */
export type DisplayBundle = Readonly<Record<string, string | object>>;

type WriteDisplayData = (
  content: { data: DisplayBundle; metadata: object; transient: object },
  update: boolean,
) => void;

const TSLAB_JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** The display writer of the tslab kernel running this code, if any. */
function tslabWriter(): WriteDisplayData | undefined {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (!TSLAB_JUPYTER_MODULE.test(file)) continue;
    const writer = (loaded?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === 'function') return writer as WriteDisplayData;
  }
  return undefined;
}

/**
 * Shows a bundle as one output. In a tslab notebook the front end picks the richest mimetype it can render;
 * elsewhere (a script, a test) the bundle's `text/plain` is printed to stdout.
 */
export function showBundle(bundle: DisplayBundle): void {
  const write = tslabWriter();
  if (write !== undefined) {
    write({ data: bundle, metadata: {}, transient: {} }, false);
    return;
  }
  const text = bundle['text/plain'];
  console.log(typeof text === 'string' ? text : JSON.stringify(bundle));
}
