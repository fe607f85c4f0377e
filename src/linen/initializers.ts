/**
 * Initializers (`jax.nn.initializers`, re-exported by Flax as `nn.initializers`): functions
 * `(key, shape, dtype?) => array` that make a parameter's first value. The formulas are jax's, in float32:
 *
 * - `varianceScaling(scale, mode, distribution, { inAxis, outAxis }?)`: variance = scale / fan, where fan is
 *   `fan_in`, `fan_out`, their mean (`fan_avg`) or geometric mean (`fan_geo_avg`); fans come from `inAxis` (−2)
 *   and `outAxis` (−1) times the receptive field (all other axes). `truncated_normal` draws from a standard normal
 *   truncated to (−2, 2) times
 *   `sqrt(variance) / 0.87962566103423978` (the stddev of that truncated normal); `normal` times `sqrt(variance)`;
 *   `uniform` draws from [−1, 1) times `sqrt(3 · variance)`.
 * - `lecunNormal` = (1, fan_in, truncated normal), `heNormal` = (2, fan_in, truncated normal),
 *   `glorotUniform` = `xavierUniform` = (1, fan_avg, uniform), and their siblings.
 * - `zeros`, `ones`, `constant(v)`, `normal(stddev = 0.01)`, `uniform(scale = 0.01)` (in [0, scale)).
 *
 * @example
 * const init = nn.initializers.lecunNormal();
 * const kernel = init(random.key(0), [3, 4]); // float32 [3, 4]
 *
 * @packageDocumentation
 */
import type { NDArray, NumericDType } from '../core/array';
import { full, multiply, reshape } from '../core/np';
import { normal as sampleNormal, truncatedNormal, uniform as sampleUniform, type Key } from '../core/random';
import { formatShape } from '../core/shapes';

/** Makes a parameter's initial value from a key, a shape and (optionally) a dtype. */
export type Initializer = (key: Key, shape: readonly number[], dtype?: NumericDType) => NDArray;

/** How `varianceScaling` computes the fan it divides by. */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fan_geo_avg';

/** What `varianceScaling` samples from. */
export type Distribution = 'truncated_normal' | 'normal' | 'uniform';

/** The stddev of a standard normal truncated to (−2, 2), by which jax divides to keep the variance. */
const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

/** Initializers known to return exactly the shape they are given (so `apply` can check shapes for free). */
const shapeInitializers = new WeakSet();

/** True for the initializers of this module, whose output shape is their `shape` argument. */
export function isShapeInitializer(fn: object): boolean {
  return shapeInitializers.has(fn);
}

/** The functions that make initializers (`lecunNormal`, `constant`, …), registered at the end of this file. */
const initializerFactories = new WeakSet();

/**
 * True for a function that makes initializers rather than being one: `kernelInit: lecunNormal` instead of
 * `lecunNormal()`, a slip that would otherwise surface as a function stored where a kernel belongs.
 */
export function isInitializerFactory(fn: object): boolean {
  return initializerFactories.has(fn);
}

function initializer(fn: Initializer): Initializer {
  shapeInitializers.add(fn);
  return fn;
}

/**
 * `init` run on the shape `flatShape(shape)`, its output reshaped to `shape`: how Flax's DenseGeneral initializes
 * a kernel of several input or output axes with the fans of the 2-D matrix it stands for.
 */
export function reshapedInit(
  init: Initializer,
  flatShape: (shape: readonly number[]) => number[],
): Initializer {
  const reshaped: Initializer = (key, shape, dtype) => reshape(init(key, flatShape(shape), dtype), shape);
  if (isShapeInitializer(init)) shapeInitializers.add(reshaped);
  return reshaped;
}

function floatDType(dtype: NumericDType | undefined, name: string): 'float32' {
  if (dtype !== undefined && dtype !== 'float32') {
    throw new TypeError(`${name} initializer: only float32 is supported, got dtype ${dtype}.`);
  }
  return 'float32';
}

/** Zeros (the default bias initializer). */
export const zeros: Initializer = initializer((_key, shape, dtype = 'float32') => full(shape, 0, { dtype }));

/** Ones (BatchNorm's scale initializer). */
export const ones: Initializer = initializer((_key, shape, dtype = 'float32') => full(shape, 1, { dtype }));

/** Flax's `zeros_init()`: returns {@link zeros}. */
export function zerosInit(): Initializer {
  return zeros;
}

/** Flax's `ones_init()`: returns {@link ones}. */
export function onesInit(): Initializer {
  return ones;
}

/** An initializer filling every element with `value`. */
export function constant(value: number): Initializer {
  return initializer((_key, shape, dtype = 'float32') => full(shape, value, { dtype }));
}

/** Normal samples with mean 0 and standard deviation `stddev`. */
export function normal(stddev = 1e-2): Initializer {
  return initializer((key, shape, dtype) => {
    floatDType(dtype, 'normal');
    return multiply(sampleNormal(key, shape), stddev);
  });
}

/** Uniform samples in [0, scale). */
export function uniform(scale = 1e-2): Initializer {
  return initializer((key, shape, dtype) => {
    floatDType(dtype, 'uniform');
    return multiply(sampleUniform(key, shape), scale);
  });
}

/** Where `varianceScaling` reads its fans: `inAxis` (default −2) and `outAxis` (default −1), one axis or several. */
export interface FanAxes {
  /** Axis (or axes) whose size is the input size (default −2). */
  readonly inAxis?: number | readonly number[];
  /** Axis (or axes) whose size is the output size (default −1). */
  readonly outAxis?: number | readonly number[];
}

/** The product of the sizes of `axes` (negative axes count from the end). */
function sizeOf(shape: readonly number[], axes: number | readonly number[]): number {
  const list = typeof axes === 'number' ? [axes] : axes;
  return list.reduce((n, a) => n * shape[a < 0 ? shape.length + a : a], 1);
}

/** jax's `_compute_fans`: the input and output sizes times the receptive field (every other axis). */
function computeFans(shape: readonly number[], { inAxis = -2, outAxis = -1 }: FanAxes): [number, number] {
  if (inAxis === -2 && shape.length < 2) {
    throw new Error(
      `Can't compute input and output sizes of a ${shape.length}-dimensional weights tensor with default ` +
        `in_axis. Must be at least 2D or specify in_axis explicitly (shape ${formatShape(shape)}).`,
    );
  }
  const inSize = sizeOf(shape, inAxis);
  const outSize = sizeOf(shape, outAxis);
  const receptiveField = shape.reduce((n, d) => n * d, 1) / inSize / outSize;
  return [inSize * receptiveField, outSize * receptiveField];
}

function fanFor(mode: FanMode, fanIn: number, fanOut: number): number {
  switch (mode) {
    case 'fan_in':
      return fanIn;
    case 'fan_out':
      return fanOut;
    case 'fan_avg':
      return (fanIn + fanOut) / 2;
    case 'fan_geo_avg':
      return Math.sqrt(fanIn * fanOut);
  }
}

/**
 * jax's `variance_scaling`: samples whose variance is `scale / fan` (see the module comment). Scalars are rounded
 * to float32 where jax holds them in float32 arrays, so the results match jax bit for bit.
 */
export function varianceScaling(
  scale: number,
  mode: FanMode,
  distribution: Distribution,
  fanAxes: FanAxes = {},
): Initializer {
  if (!['fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'].includes(mode)) {
    throw new Error(`invalid mode for variance scaling initializer: ${mode}`);
  }
  if (!['truncated_normal', 'normal', 'uniform'].includes(distribution)) {
    throw new Error(`invalid distribution for variance scaling initializer: ${distribution}`);
  }
  return initializer((key, shape, dtype) => {
    floatDType(dtype, 'varianceScaling');
    const [fanIn, fanOut] = computeFans(shape, fanAxes);
    // jax: variance = jnp.array(scale / denominator, float32), then float32 sqrt and division.
    const variance = Math.fround(scale / fanFor(mode, fanIn, fanOut));
    switch (distribution) {
      case 'truncated_normal': {
        const stddev = Math.fround(Math.fround(Math.sqrt(variance)) / Math.fround(TRUNCATED_NORMAL_STDDEV));
        return multiply(truncatedNormal(key, -2, 2, shape), stddev);
      }
      case 'normal':
        return multiply(sampleNormal(key, shape), Math.fround(Math.sqrt(variance)));
      case 'uniform': {
        const limit = Math.fround(Math.sqrt(Math.fround(3 * variance)));
        return multiply(sampleUniform(key, shape, { minval: -1, maxval: 1 }), limit);
      }
    }
  });
}

/** LeCun normal: `varianceScaling(1, 'fan_in', 'truncated_normal')` (Dense's default kernel initializer). */
export function lecunNormal(): Initializer {
  return varianceScaling(1, 'fan_in', 'truncated_normal');
}

/** LeCun uniform: `varianceScaling(1, 'fan_in', 'uniform')`. */
export function lecunUniform(): Initializer {
  return varianceScaling(1, 'fan_in', 'uniform');
}

/** He (Kaiming) normal: `varianceScaling(2, 'fan_in', 'truncated_normal')`. */
export function heNormal(): Initializer {
  return varianceScaling(2, 'fan_in', 'truncated_normal');
}

/** He (Kaiming) uniform: `varianceScaling(2, 'fan_in', 'uniform')`. */
export function heUniform(): Initializer {
  return varianceScaling(2, 'fan_in', 'uniform');
}

/** Glorot (Xavier) uniform: `varianceScaling(1, 'fan_avg', 'uniform')`. */
export function glorotUniform(): Initializer {
  return varianceScaling(1, 'fan_avg', 'uniform');
}

/** Glorot (Xavier) normal: `varianceScaling(1, 'fan_avg', 'truncated_normal')`. */
export function glorotNormal(): Initializer {
  return varianceScaling(1, 'fan_avg', 'truncated_normal');
}

/** Same as {@link glorotUniform}. */
export const xavierUniform = glorotUniform;
/** Same as {@link glorotNormal}. */
export const xavierNormal = glorotNormal;
/** Same as {@link heNormal}. */
export const kaimingNormal = heNormal;
/** Same as {@link heUniform}. */
export const kaimingUniform = heUniform;

for (const factory of [
  zerosInit,
  onesInit,
  constant,
  normal,
  uniform,
  varianceScaling,
  lecunNormal,
  lecunUniform,
  heNormal,
  heUniform,
  glorotUniform,
  glorotNormal,
]) {
  initializerFactories.add(factory);
}
