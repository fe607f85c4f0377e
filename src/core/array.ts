/**
 * `NDArray`, the array type of flax-ts, and the conversion of numbers and nested lists into arrays.
 *
 * Outside transforms every `NDArray` is a plain `Tensor`; inside `vmap`, `grad` or `jit` it may be a tracer that
 * reports its (per-example) shape and dtype but has no numbers to read. Both answer `shape`, `dtype`, `rank`,
 * `size` and `dispose()`.
 *
 * @packageDocumentation
 */
import { Tensor, tensor } from '@tensorflow/tfjs-core';
import { activeBackend } from './executor/kernels';
import { bind, Tracer } from './trace';

/** An array: a tfjs tensor, or a traced value inside a transform. */
export type NDArray = Tensor | Tracer;

/** Nested lists of numbers or booleans, as numpy accepts them. */
export type NestedNumbers = number | boolean | readonly NestedNumbers[];

/** Anything an `np` function accepts as an array. */
export type ArrayLike = NDArray | NestedNumbers | Float32Array | Int32Array | Uint8Array;

/** A tfjs element type usable in `np` (`'float32'`, `'int32'`, `'bool'`). */
export type NumericDType = 'float32' | 'int32' | 'bool';

/** True for an `NDArray` (a tensor or a tracer), false for numbers, lists and typed arrays. */
export function isNDArray(value: unknown): value is NDArray {
  return value instanceof Tensor || value instanceof Tracer;
}

function inferShape(data: NestedNumbers): number[] {
  if (!Array.isArray(data)) return [];
  const rows = data as readonly NestedNumbers[];
  const inner = rows.length > 0 ? inferShape(rows[0]) : [];
  for (const row of rows) {
    const shape = inferShape(row);
    if (shape.join(',') !== inner.join(',')) {
      throw new Error(
        `Nested lists are ragged: rows of shape [${inner.join(', ')}] and [${shape.join(', ')}].`,
      );
    }
  }
  return [rows.length, ...inner];
}

/** A scalar of `dtype` holding `value`: a literal inside `jit`. */
export function scalar(value: number | boolean, dtype: NumericDType): NDArray {
  return bind('full', [], { shape: [], dtype, value }) as NDArray;
}

/**
 * Converts `data` to an array. Numbers and lists become float32 unless `dtype` says otherwise (JavaScript cannot
 * tell `1.0` from `1`, so flax-ts does not guess an integer type from the values, unlike numpy).
 */
export function asArray(data: ArrayLike, dtype?: NumericDType): NDArray {
  if (isNDArray(data)) {
    if (dtype === undefined || dtype === data.dtype) return data;
    throw new Error(`asArray: got an array of dtype ${data.dtype}; cast it with np.astype to get ${dtype}.`);
  }
  if (typeof data === 'number' || typeof data === 'boolean') {
    return scalar(data, dtype ?? (typeof data === 'boolean' ? 'bool' : 'float32'));
  }
  activeBackend();
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array) {
    return tensor(data, [data.length], dtype);
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return fromOtherTypedArray(data, dtype);
  checkNested(data);
  const shape = inferShape(data);
  const flat: (number | boolean)[] = [];
  const collect = (item: NestedNumbers): void => {
    if (Array.isArray(item)) (item as readonly NestedNumbers[]).forEach(collect);
    else flat.push(item as number | boolean);
  };
  collect(data);
  const inferred = flat.length > 0 && flat.every((v) => typeof v === 'boolean') ? 'bool' : 'float32';
  return tensor(flat.map(Number), shape, dtype ?? inferred);
}

/** What a bad value is, for errors: `a string ("abc")`, `undefined`, `an object ({ a })`. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (isNDArray(value)) return `an array of shape [${value.shape.join(', ')}]`;
  if (typeof value === 'object') return `an object with keys [${Object.keys(value).join(', ')}]`;
  return `a ${typeof value}`;
}

/** Rejects anything but numbers, booleans and (nested) lists of them, naming what was found and where. */
function checkNested(data: unknown, path = ''): void {
  if (Array.isArray(data)) {
    (data as unknown[]).forEach((item, i) => {
      checkNested(item, `${path}[${i}]`);
    });
    return;
  }
  if (typeof data === 'number' || typeof data === 'boolean') return;
  const where = path === '' ? '' : ` at ${path}`;
  const hint = isNDArray(data) ? ' (a list of arrays: stack them with np.stack)' : '';
  throw new TypeError(
    `Cannot make an array from ${describe(data)}${where}: expected a number, a boolean, a nested list of them, ` +
      `a typed array or an array${hint}.`,
  );
}

/** A typed array tfjs does not store (Float64Array, Int16Array, …): its values as float32, or int32 for integers. */
function fromOtherTypedArray(data: ArrayBufferView, dtype: NumericDType | undefined): NDArray {
  const values = Array.from(data as unknown as Iterable<number | bigint>, Number);
  const isFloat = data instanceof Float64Array;
  const target = dtype ?? (isFloat ? 'float32' : 'int32');
  return tensor(
    target === 'int32' ? Int32Array.from(values) : Float32Array.from(values),
    [values.length],
    target,
  );
}

/** Promotion order of dtypes: bool < int32 < float32. */
function rankOfDType(dtype: NumericDType): number {
  return dtype === 'bool' ? 0 : dtype === 'int32' ? 1 : 2;
}

/** The dtype of an array, refusing key arrays with a clear message. */
export function numericDType(value: NDArray): NumericDType {
  const dtype: string = value.dtype;
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
  if (dtype === 'key') {
    throw new TypeError(
      'Expected a float32, int32 or bool array, got a PRNG key array; keys only go to random functions.',
    );
  }
  throw new TypeError(`Expected a float32, int32 or bool array, got dtype ${dtype}.`);
}

/** Casts an array to `dtype` (the traceable `convertElementType` primitive) when it is not already of it. */
export function castTo(value: NDArray, dtype: NumericDType): NDArray {
  return value.dtype === dtype ? value : (bind('convertElementType', [value], { dtype }) as NDArray);
}

/**
 * The operands as they are when promotion would leave them unchanged (arrays of one dtype, at least `atLeast`):
 * then an op can bind its primitive directly, without a scope for temporaries. Undefined otherwise.
 */
export function alreadyPromoted(
  operands: readonly ArrayLike[],
  atLeast: NumericDType,
): NDArray[] | undefined {
  const first = operands[0];
  if (!isNDArray(first)) return undefined;
  const dtype = first.dtype;
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') return undefined;
  if (rankOfDType(dtype) < rankOfDType(atLeast)) return undefined;
  for (const operand of operands) if (!isNDArray(operand) || operand.dtype !== dtype) return undefined;
  return operands as NDArray[];
}

/**
 * Converts the operands of an elementwise op to arrays of one common dtype, at least `atLeast`. Plain numbers
 * are weakly typed as in JAX: they take the arrays' dtype when they fit it, so `np.multiply(x, 2)` stays float32
 * and `np.add(i, 1)` stays int32, while `np.add(i, 0.5)` is float32. Numbers alone are float32.
 */
export function promoteOperands(operands: readonly ArrayLike[], atLeast: NumericDType = 'bool'): NDArray[] {
  // One pass over the operands, without closures: every np call goes through here, so it is on the hot path.
  const arrays: (NDArray | undefined)[] = new Array<NDArray | undefined>(operands.length);
  let hasArray = false;
  for (let i = 0; i < operands.length; i++) {
    const op = operands[i];
    if (typeof op !== 'number' && typeof op !== 'boolean') {
      arrays[i] = asArray(op);
      hasArray = true;
    }
  }
  let common = atLeast;
  for (let i = 0; i < operands.length; i++) {
    const op = operands[i];
    const array = arrays[i];
    const dtype: NumericDType =
      array !== undefined
        ? numericDType(array)
        : typeof op === 'boolean'
          ? 'bool'
          : Number.isInteger(op) && hasArray
            ? 'int32'
            : 'float32';
    if (rankOfDType(dtype) > rankOfDType(common)) common = dtype;
  }
  const promoted: NDArray[] = new Array<NDArray>(operands.length);
  for (let i = 0; i < operands.length; i++) {
    const array = arrays[i];
    promoted[i] =
      array === undefined ? scalar(operands[i] as number | boolean, common) : castTo(array, common);
  }
  return promoted;
}
