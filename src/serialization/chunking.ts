/**
 * Flax's chunking of large arrays: msgpack holds at most 2³² − 1 bytes per value (and Python's msgpack refuses
 * more than 2³¹ − 1), so an array of more than {@link MAX_CHUNK_SIZE} bytes is written as
 * `{ __msgpack_chunked_array__: true, shape: { '0': d0, … }, chunks: { '0': chunk0, … } }`, its flattened elements
 * cut into 1-D chunks of `⌊MAX_CHUNK_SIZE / itemsize⌋`. As in Flax, only arrays at the top or inside maps are
 * chunked (and unchunked), not those inside lists.
 *
 * @packageDocumentation
 */
import { isTreeNode } from '../core/tree';
import { StoredArray } from './stored-array';

/** Flax's `MAX_CHUNK_SIZE`: arrays of more bytes than this are chunked (2³⁰, a margin under msgpack's limit). */
export const MAX_CHUNK_SIZE = 2 ** 30;

const CHUNKED = '__msgpack_chunked_array__';

/** Per index, as Flax's `_tuple_to_dict` writes tuples inside chunked arrays: `{ '0': x0, '1': x1, … }`. */
function byIndex<T>(items: readonly T[]): Record<string, T> {
  return Object.fromEntries(items.map((item, i) => [String(i), item]));
}

function chunk(array: StoredArray, maxChunkSize: number): Record<string, unknown> {
  const itemsize = array.bytes.length / array.size;
  const perChunk = Math.max(1, Math.floor(maxChunkSize / itemsize));
  const chunks: StoredArray[] = [];
  for (let start = 0; start < array.size; start += perChunk) {
    const end = Math.min(start + perChunk, array.size);
    chunks.push(
      new StoredArray(array.dtype, [end - start], array.bytes.subarray(start * itemsize, end * itemsize)),
    );
  }
  return { [CHUNKED]: true, shape: byIndex(array.shape), chunks: byIndex(chunks) };
}

function isLarge(value: unknown, maxChunkSize: number): value is StoredArray {
  return value instanceof StoredArray && !value.scalar && value.bytes.length > maxChunkSize;
}

/** `tree` with its large arrays (at the top or in maps) replaced by their chunked form. */
export function chunkLargeArrays(tree: unknown, maxChunkSize = MAX_CHUNK_SIZE): unknown {
  if (isLarge(tree, maxChunkSize)) return chunk(tree, maxChunkSize);
  if (!isTreeNode(tree) || Array.isArray(tree)) return tree;
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [key, chunkLargeArrays(value, maxChunkSize)]),
  );
}

function unchunk(data: Record<string, unknown>, path: string): StoredArray {
  const bad = (what: string): Error =>
    new Error(`The chunked array at ${path} is not in Flax's format: ${what}.`);
  const { shape, chunks } = data;
  if (!isTreeNode(shape) || !isTreeNode(chunks) || Array.isArray(shape) || Array.isArray(chunks)) {
    throw bad('expected shape and chunks maps');
  }
  const dims = Object.keys(shape).map((_, i) => (shape as Record<string, unknown>)[String(i)]);
  const parts = Object.keys(chunks).map((_, i) => (chunks as Record<string, unknown>)[String(i)]);
  if (!dims.every((d) => Number.isSafeInteger(d))) throw bad('its shape is not a list of sizes');
  if (
    parts.length === 0 ||
    !parts.every((p) => p instanceof StoredArray && p.dtype === (parts[0] as StoredArray).dtype)
  ) {
    throw bad('its chunks are not arrays of one dtype');
  }
  const arrays = parts as StoredArray[];
  const bytes = new Uint8Array(arrays.reduce((total, a) => total + a.bytes.length, 0));
  let offset = 0;
  for (const a of arrays) {
    bytes.set(a.bytes, offset);
    offset += a.bytes.length;
  }
  const whole = new StoredArray(arrays[0].dtype, dims as number[], bytes);
  const itemsize = whole.itemsize;
  if (itemsize !== undefined && whole.size * itemsize !== bytes.length) {
    throw bad(
      `its chunks hold ${bytes.length} bytes, its shape [${dims.join(', ')}] needs ${whole.size * itemsize}`,
    );
  }
  return whole;
}

/** `tree` with chunked arrays (at the top or in maps) joined back into single arrays; `path` names the top. */
export function unchunkArrays(tree: unknown, path = '.'): unknown {
  if (!isTreeNode(tree) || Array.isArray(tree)) return tree;
  const record = tree as Record<string, unknown>;
  if (CHUNKED in record) return unchunk(record, path);
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, unchunkArrays(value, `${path}/${key}`)]),
  );
}
