// Runs code as if inside a tslab notebook cell, recording what it sends to the front end.
import { tslabJupyterModule } from '../../scripts/notebooks/tslab-hook';

/** One display_data message: its mimetype bundle and whether it updates an earlier output. */
export type Sent = { data: Record<string, unknown>; update: boolean }[];

/** Runs `body` with a display writer set the way tslab's kernel sets it before each cell; returns what was sent. */
export function insideTslab(body: () => void): Sent {
  const sent: Sent = [];
  const jupyter = tslabJupyterModule();
  jupyter.lastWriteDisplayData = (content, update) => sent.push({ data: content.data, update });
  try {
    body();
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  return sent;
}
