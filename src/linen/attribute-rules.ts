/**
 * Rules for module attributes: what a value must be, checked when the module is constructed, so a bad attribute
 * fails on the line that wrote it, with a message naming the class, the attribute and the value given:
 *
 *   new nn.Dense({ features: '4' })
 *   → TypeError: Dense: the attribute "features" must be a positive integer, got the string "4".
 *
 * A layer passes the rule to `attr`: `readonly features = this.attr('features', nn.attrRules.positiveInteger)`,
 * or `this.attr('useBias', true, nn.attrRules.boolean)` with a default (defaults are not checked: they are the
 * layer's own). Flax checks none of these attributes (a string `features` fails deep inside jax), so the wording
 * is ours. A value of the wrong type is a TypeError; one of the right type but out of range a RangeError.
 *
 * @packageDocumentation
 */
import { isNDArray, type NDArray } from '../core/array';
import { formatShape } from '../core/shapes';
import { isInitializerFactory, type Initializer } from './initializers';

/**
 * What an attribute's value must be. `type` is the `typeof` of good values (a value of that type is out of range,
 * a RangeError; any other is a TypeError); `expected` completes "must be …"; `hint` may add advice for a value.
 */
export class AttrRule<T> {
  constructor(
    readonly type: 'number' | 'boolean' | 'string' | 'function' | 'object',
    readonly expected: string,
    readonly test: (value: unknown) => value is T,
    readonly hint: (value: unknown) => string | undefined = () => undefined,
  ) {}
}

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isInteger = (value: unknown): value is number => Number.isInteger(value);

/** `features`, `numParameters`: 1, 2, 3, … */
export const positiveInteger = new AttrRule(
  'number',
  'a positive integer',
  (v): v is number => isInteger(v) && v > 0,
);

/** DenseGeneral's `features`: one positive integer or a list of them. */
export const positiveIntegers = new AttrRule(
  'number',
  'a positive integer or a list of them',
  (v): v is number | readonly number[] =>
    positiveInteger.test(v) || (Array.isArray(v) && v.length > 0 && v.every((f) => positiveInteger.test(f))),
);

/** Flags such as `useBias`, `deterministic`. */
export const boolean = new AttrRule('boolean', 'true or false', (v): v is boolean => typeof v === 'boolean');

/** `momentum`, slopes and bounds: any finite number. */
export const finiteNumber = new AttrRule(
  'number',
  'a finite number',
  (v): v is number => isNumber(v) && Number.isFinite(v),
);

/** `epsilon`: a finite number ≥ 0. */
export const nonNegativeNumber = new AttrRule(
  'number',
  'a finite number ≥ 0',
  (v): v is number => isNumber(v) && Number.isFinite(v) && v >= 0,
);

/** Dropout's `rate`: a probability. */
export const probability = new AttrRule(
  'number',
  'a number in [0, 1]',
  (v): v is number => isNumber(v) && v >= 0 && v <= 1,
);

/** Names: `axisName`, `rngCollection`. */
export const nonEmptyString = new AttrRule(
  'string',
  'a non-empty string',
  (v): v is string => typeof v === 'string' && v !== '',
);

/** Axes an array is broadcast or reduced along: `broadcastDims`. */
export const integerList = new AttrRule(
  'object',
  'a list of integer axes',
  (v): v is readonly number[] => Array.isArray(v) && v.every(isInteger),
);

/** BatchNorm's `axis`: one integer axis or a list of them. */
export const axes = new AttrRule(
  'number',
  'an integer axis or a list of them',
  (v): v is number | readonly number[] => isInteger(v) || integerList.test(v),
);

/** ConvTranspose's `mask`: an array. */
export const array = new AttrRule('object', 'an array', (v): v is NDArray => isNDArray(v));

/** `kernelInit`, `biasInit`, …: a function `(key, shape, dtype?) => array`, not the factory that makes one. */
export const initializer = new AttrRule(
  'function',
  'an initializer, a function (key, shape, dtype?) => array such as nn.initializers.lecunNormal()',
  (v): v is Initializer => typeof v === 'function' && !isInitializerFactory(v),
  (v) =>
    typeof v === 'function' && isInitializerFactory(v)
      ? `${v.name} makes initializers: call it, nn.initializers.${v.name}(…).`
      : undefined,
);

/** A value as the messages show it: `the string "4"`, `-1`, `an array of shape [2, 3]`, `an object { a, b }`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  if (isNDArray(value)) return `an array of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) return `the list [${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `an object { ${Object.keys(value).join(', ')} }`;
  return String(value);
}

/** The error for `value` breaking `rule` as attribute `key` of class `className`. */
export function attributeError(
  className: string,
  key: string,
  value: unknown,
  rule: AttrRule<unknown>,
): Error {
  const hint = rule.hint(value);
  const message =
    `${className}: the attribute "${key}" must be ${rule.expected}, got ${describeValue(value)}.` +
    (hint === undefined ? '' : ` ${hint}`);
  return typeof value === rule.type ? new RangeError(message) : new TypeError(message);
}
