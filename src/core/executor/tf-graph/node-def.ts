/**
 * TensorFlow's `NodeDef` and `AttrValue` (tensorflow/core/framework/node_def.proto, attr_value.proto): one
 * operation of a graph, its inputs and its attributes.
 *
 * @packageDocumentation
 */
import { ProtoWriter } from './protobuf';
import {
  encodeTensorProto,
  encodeTensorShape,
  TF_DATA_TYPE,
  type TensorDType,
  type TensorValue,
} from './tensor-proto';

/** The lists an attribute can hold (`AttrValue.ListValue`); each list kind is optional. */
export interface AttrList {
  readonly ints?: readonly number[];
  readonly floats?: readonly number[];
  readonly types?: readonly TensorDType[];
  readonly shapes?: readonly (readonly number[])[];
}

/** One attribute value (the `oneof value` of `AttrValue`). */
export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'type'; readonly value: TensorDType }
  | { readonly kind: 'shape'; readonly value: readonly number[] }
  | { readonly kind: 'tensor'; readonly value: TensorValue }
  | { readonly kind: 'list'; readonly value: AttrList };

/** Shorthands for attribute values: `attr.type('float32')`, `attr.bool(true)`, … */
export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  bool: (value: boolean): AttrValue => ({ kind: 'bool', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  type: (value: TensorDType): AttrValue => ({ kind: 'type', value }),
  shape: (value: readonly number[]): AttrValue => ({ kind: 'shape', value }),
  tensor: (value: TensorValue): AttrValue => ({ kind: 'tensor', value }),
  list: (value: AttrList): AttrValue => ({ kind: 'list', value }),
};

/**
 * One graph node. `inputs` name tensors as `node` (its first output) or `node:k`; `controlInputs` name nodes that
 * must run first (written as `^node` after the data inputs, as TensorFlow requires).
 */
export interface NodeDef {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly controlInputs?: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

// NodeDef fields (`attr` is a map<string, AttrValue>).
const NODE_NAME = 1;
const NODE_OP = 2;
const NODE_INPUT = 3;
const NODE_ATTR = 5;

// AttrValue fields (oneof value) and ListValue fields.
const ATTR_LIST = 1;
const ATTR_S = 2;
const ATTR_I = 3;
const ATTR_F = 4;
const ATTR_B = 5;
const ATTR_TYPE = 6;
const ATTR_SHAPE = 7;
const ATTR_TENSOR = 8;
const LIST_I = 3;
const LIST_F = 4;
const LIST_TYPE = 6;
const LIST_SHAPE = 7;

/** Encodes a `NodeDef`; attributes go in key order, so equal nodes always encode to equal bytes. */
export function encodeNodeDef(node: NodeDef): Uint8Array {
  const writer = new ProtoWriter().string(NODE_NAME, node.name).string(NODE_OP, node.op);
  for (const input of node.inputs) writer.string(NODE_INPUT, input);
  for (const input of node.controlInputs ?? []) writer.string(NODE_INPUT, `^${input}`);
  for (const key of Object.keys(node.attrs).sort()) {
    writer.mapEntry(NODE_ATTR, key, encodeAttrValue(node.attrs[key]));
  }
  return writer.finish();
}

function encodeAttrValue(value: AttrValue): Uint8Array {
  const writer = new ProtoWriter();
  switch (value.kind) {
    case 'int':
      return writer.varint(ATTR_I, value.value).finish();
    case 'float':
      return writer.float(ATTR_F, value.value).finish();
    case 'bool':
      return writer.bool(ATTR_B, value.value).finish();
    case 'string':
      return writer.string(ATTR_S, value.value).finish();
    case 'type':
      return writer.varint(ATTR_TYPE, TF_DATA_TYPE[value.value]).finish();
    case 'shape':
      return writer.bytes(ATTR_SHAPE, encodeTensorShape(value.value)).finish();
    case 'tensor':
      return writer.bytes(ATTR_TENSOR, encodeTensorProto(value.value)).finish();
    case 'list':
      return writer.bytes(ATTR_LIST, encodeAttrList(value.value)).finish();
  }
}

function encodeAttrList(list: AttrList): Uint8Array {
  const writer = new ProtoWriter()
    .packedVarints(LIST_I, list.ints ?? [])
    .packedFloats(LIST_F, list.floats ?? [])
    .packedVarints(
      LIST_TYPE,
      (list.types ?? []).map((type) => TF_DATA_TYPE[type]),
    );
  for (const shape of list.shapes ?? []) writer.bytes(LIST_SHAPE, encodeTensorShape(shape));
  return writer.finish();
}
