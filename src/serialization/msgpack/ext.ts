/**
 * The values our msgpack codec reads and writes.
 *
 * @packageDocumentation
 */

/** A msgpack extension value: an application-defined type code (0–127) and its bytes. */
export class MsgpackExt {
  constructor(
    /** The type code; Flax uses 1 (ndarray), 2 (native complex) and 3 (numpy scalar). */
    readonly type: number,
    /** The payload, itself msgpack for Flax's types. */
    readonly data: Uint8Array,
  ) {}
}

/**
 * A value msgpack can hold: nil (`null`), booleans, numbers (integers up to 2⁵³ as numbers, larger ones as
 * `bigint`), strings, binary data (`Uint8Array`), arrays, maps (plain objects with string keys) and extensions.
 */
export type MsgpackValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | MsgpackExt
  | readonly MsgpackValue[]
  | { readonly [key: string]: MsgpackValue };
