/**
 * Float32 bit-level helpers. JavaScript computes in float64; XLA computes these samplers in float32, so every
 * step is rounded with `Math.fround`, and bit casts go through one shared 4-byte buffer.
 *
 * @packageDocumentation
 */

const cell = new ArrayBuffer(4);
const cellFloat = new Float32Array(cell);
const cellBits = new Uint32Array(cell);

/** The float32 whose IEEE-754 bit pattern is `bits` (a uint32). */
export function fromBits(bits: number): number {
  cellBits[0] = bits;
  return cellFloat[0];
}

/** The IEEE-754 bit pattern (a uint32) of `x` rounded to float32. */
export function toBits(x: number): number {
  cellFloat[0] = x;
  return cellBits[0];
}

/** The next float32 after `x` in the direction of `toward` (C's `nextafterf`); `x` must be a float32. */
export function nextAfter(x: number, toward: number): number {
  if (Number.isNaN(x) || Number.isNaN(toward)) return NaN;
  if (x === toward) return toward;
  if (x === 0) return toward > 0 ? fromBits(1) : -fromBits(1);
  // Away from zero is one step up in the bit pattern, toward zero one step down, for either sign.
  const awayFromZero = toward > x === x > 0;
  return fromBits(toBits(x) + (awayFromZero ? 1 : -1));
}

/**
 * Fused multiply-add in float32 (one rounding, as `llvm.fma.f32`). The product of two float32 is exact in float64,
 * so only the sum rounds twice (to float64, then to float32). That double rounding can only go wrong when the
 * float64 sum lands exactly halfway between two float32s while the exact sum does not; then the sign of the
 * float64 rounding error (from a two-sum) says which neighbour is the right one.
 */
export function fma(a: number, b: number, c: number): number {
  const product = a * b;
  const sum = product + c;
  const rounded = Math.fround(sum);
  const excess = sum - rounded;
  if (excess === 0) return rounded;
  const cPart = sum - product;
  const error = product - (sum - cPart) + (c - cPart);
  if (error === 0) return rounded;
  const neighbour = rounded + 2 * excess;
  const isHalfway = Math.fround(neighbour) === neighbour;
  return isHalfway && error > 0 === excess > 0 ? neighbour : rounded;
}
