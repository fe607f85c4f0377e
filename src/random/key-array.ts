/**
 * Structural operations on key arrays (reshape, transpose, broadcast, slice, concatenate): the same index
 * arithmetic numpy does, over the two uint32 words of each key. The primitive table uses them when a shape
 * primitive meets a key array, so keys can be split, indexed and batched like any array.
 *
 * @packageDocumentation
 */
import { Key } from './key';
import { shapeSize } from './shape';

/** Row-major strides of `shape`, in keys. */
function strides(shape: readonly number[]): number[] {
  const out = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/**
 * A key array of `shape` whose key at multi-index `o` is key number `index` of `words`, where
 * `[words, index] = pick(o)`. `pick` receives a reused array: read it, do not keep it.
 */
function gatherKeys(
  shape: readonly number[],
  pick: (o: readonly number[]) => readonly [Uint32Array, number],
): Key {
  const count = shapeSize('key array', shape);
  const out = new Uint32Array(2 * count);
  const index = shape.map(() => 0);
  for (let flat = 0; flat < count; flat++) {
    const [words, from] = pick(index);
    out[2 * flat] = words[2 * from];
    out[2 * flat + 1] = words[2 * from + 1];
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return new Key(shape, out);
}

/** The same keys in a new shape of the same size. */
export function reshapeKeys(keys: Key, shape: readonly number[]): Key {
  return new Key(shape, keys.data);
}

/** Keys with axes permuted: output axis i is input axis `perm[i]`. */
export function transposeKeys(keys: Key, perm: readonly number[]): Key {
  const [words, inStrides] = [keys.data, strides(keys.shape)];
  return gatherKeys(
    perm.map((p) => keys.shape[p]),
    (o) => [words, o.reduce((flat, oi, i) => flat + oi * inStrides[perm[i]], 0)],
  );
}

/** Keys broadcast to `shape` with numpy's rules (trailing axes aligned, size-1 axes repeated). */
export function broadcastKeys(keys: Key, shape: readonly number[]): Key {
  const lead = shape.length - keys.shape.length;
  const [words, inStrides] = [keys.data, strides(keys.shape)];
  return gatherKeys(shape, (o) => [
    words,
    keys.shape.reduce((flat, d, j) => flat + (d === 1 ? 0 : o[j + lead] * inStrides[j]), 0),
  ]);
}

/** The block of keys starting at `begin` with extent `size`. */
export function sliceKeys(keys: Key, begin: readonly number[], size: readonly number[]): Key {
  const [words, inStrides] = [keys.data, strides(keys.shape)];
  return gatherKeys(size, (o) => [
    words,
    o.reduce((flat, oi, i) => flat + (begin[i] + oi) * inStrides[i], 0),
  ]);
}

/** Key arrays joined along an existing `axis`. */
export function concatenateKeys(parts: readonly Key[], axis: number): Key {
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const offsets = parts.map((_, i) => parts.slice(0, i).reduce((n, p) => n + p.shape[axis], 0));
  const partStrides = parts.map((p) => strides(p.shape));
  const partWords = parts.map((p) => p.data);
  return gatherKeys(shape, (o) => {
    let part = 0;
    while (part + 1 < parts.length && o[axis] >= offsets[part + 1]) part++;
    const from = o.reduce(
      (acc, oi, i) => acc + (i === axis ? oi - offsets[part] : oi) * partStrides[part][i],
      0,
    );
    return [partWords[part], from];
  });
}
