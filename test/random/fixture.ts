// The jax-generated parity fixture (test/parity/random.py), typed, plus helpers to compare float32 results.
import { readFileSync } from 'fs';
import { join } from 'path';
import type { NDArray } from '../../src';

type Shape = number[];
/** Infinite bounds are stored as strings, JSON having no infinities. */
type Bound = number | 'inf' | '-inf';

export interface RandomFixture {
  versions: { jax: string; jaxlib: string };
  threefry: { key: [number, number]; count: [number, number]; out: [number, number] }[];
  keys: { seed: string; key: number[]; PRNGKey: number[] }[];
  split: { seed: string; num: number | number[]; data: number[] }[];
  chains: { seed: string; ops: [string, number][]; data: number[] }[];
  foldIn: { seed: string; data: number; key: number[] }[];
  bits: { seed: string; shape: Shape; data: number[] }[];
  uniform: { seed: string; shape: Shape; minval: number; maxval: number; bits: number[] }[];
  normal: { seed: string; shape: Shape; bits: number[] }[];
  truncatedNormal: { seed: string; lower: Bound; upper: Bound; shape: Shape; bits: number[] }[];
  bernoulli: { seed: string; p: number; shape: Shape; data: number[] }[];
  permutation: (
    { seed: string; n: number; data: number[] } | { seed: string; x: number[][]; data: number[][] }
  )[];
  permutationAlongAxis: { seed: string; axis: number; x: number[][][]; data: number[][][] }[];
  randint: { seed: string; shape: Shape; minval: number; maxval: number; data: number[] }[];
  gumbel: { seed: string; shape: Shape; bits: number[] }[];
  categorical: {
    seed: string;
    logits: number[] | number[][];
    axis: number;
    shape: Shape | null;
    replace: boolean;
    data: number | number[] | number[][] | number[][][];
  }[];
  choice: {
    seed: string;
    a: number | number[][];
    shape: Shape;
    replace: boolean;
    p?: number[];
    axis?: number;
    data: number | number[] | number[][];
  }[];
  specialFunctions: { x: number[]; erfInv: number[]; log1p: number[]; wide: number[]; erf: number[] };
}

export const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'parity', 'fixtures', 'random.json'), 'utf8'),
) as RandomFixture;

export function bound(value: Bound): number {
  return value === 'inf' ? Infinity : value === '-inf' ? -Infinity : value;
}

/** A seed from the fixture: a bigint, since some do not fit in a double. */
export function seedOf(text: string): bigint {
  return BigInt(text);
}

/** The float32 values of a float tensor as their bit patterns. */
export function tensorBits(t: NDArray): number[] {
  const values = t.dataSync();
  if (!(values instanceof Float32Array)) throw new Error(`expected a float32 tensor, got ${t.dtype}`);
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

/** Orders float32 bit patterns so that consecutive floats differ by 1 (negative floats mirrored below zero). */
function ordinal(bits: number): number {
  return bits >= 0x80000000 ? 0x80000000 - bits : bits;
}

/** The distance in float32 ulps between two values given as bit patterns. */
export function ulpDistance(aBits: number, bBits: number): number {
  return Math.abs(ordinal(aBits) - ordinal(bBits));
}

/** The largest ulp distance between two equally long lists of float32 bit patterns. */
export function maxUlps(actual: number[], expected: number[]): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  return actual.reduce((max, bits, i) => Math.max(max, ulpDistance(bits, expected[i])), 0);
}
