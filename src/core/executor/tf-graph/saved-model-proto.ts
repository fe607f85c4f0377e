/**
 * TensorFlow's `SavedModel`, `MetaGraphDef` and `SignatureDef` (tensorflow/core/protobuf/saved_model.proto,
 * meta_graph.proto): the contents of `saved_model.pb` for a graph without variables, one tag set and one
 * signature.
 *
 * @packageDocumentation
 */
import { encodeGraphDef, type GraphDef } from './graph-def';
import { ProtoWriter } from './protobuf';
import { encodeTensorShape, TF_DATA_TYPE, type TensorDType } from './tensor-proto';

/** One signature input or output: its key, the graph tensor it names (`node:0`), its dtype and static shape. */
export interface SignatureTensor {
  readonly key: string;
  readonly tensorName: string;
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
}

/** A `SignatureDef`: named inputs fed to placeholders, named outputs fetched, in the order given. */
export interface Signature {
  readonly inputs: readonly SignatureTensor[];
  readonly outputs: readonly SignatureTensor[];
}

/** The tag of the meta graph we write, the one TensorFlow Serving and `loadSavedModel` look for by default. */
export const SERVE_TAG = 'serve';
/** The signature key we write, the default key of TensorFlow's loaders. */
export const SIGNATURE_KEY = 'serving_default';
/** The method name TensorFlow gives a generic predict signature. */
const PREDICT_METHOD = 'tensorflow/serving/predict';

// SavedModel, MetaGraphDef, MetaInfoDef, SignatureDef and TensorInfo fields.
const SAVED_MODEL_SCHEMA_VERSION = 1;
const SAVED_MODEL_META_GRAPHS = 2;
const META_GRAPH_INFO = 1;
const META_GRAPH_GRAPH_DEF = 2;
const META_GRAPH_SIGNATURE_DEF = 5;
const META_INFO_TAGS = 4;
const SIGNATURE_INPUTS = 1;
const SIGNATURE_OUTPUTS = 2;
const SIGNATURE_METHOD_NAME = 3;
const TENSOR_INFO_NAME = 1;
const TENSOR_INFO_DTYPE = 2;
const TENSOR_INFO_SHAPE = 3;

/** Encodes a whole `saved_model.pb`: schema version 1, one meta graph tagged `serve` with one signature. */
export function encodeSavedModel(graph: GraphDef, signature: Signature): Uint8Array {
  return new ProtoWriter()
    .varint(SAVED_MODEL_SCHEMA_VERSION, 1)
    .bytes(SAVED_MODEL_META_GRAPHS, encodeMetaGraphDef(graph, signature))
    .finish();
}

function encodeMetaGraphDef(graph: GraphDef, signature: Signature): Uint8Array {
  return new ProtoWriter()
    .bytes(META_GRAPH_INFO, new ProtoWriter().string(META_INFO_TAGS, SERVE_TAG).finish())
    .bytes(META_GRAPH_GRAPH_DEF, encodeGraphDef(graph))
    .mapEntry(META_GRAPH_SIGNATURE_DEF, SIGNATURE_KEY, encodeSignatureDef(signature))
    .finish();
}

function encodeSignatureDef(signature: Signature): Uint8Array {
  const writer = new ProtoWriter();
  for (const tensor of signature.inputs)
    writer.mapEntry(SIGNATURE_INPUTS, tensor.key, encodeTensorInfo(tensor));
  for (const tensor of signature.outputs)
    writer.mapEntry(SIGNATURE_OUTPUTS, tensor.key, encodeTensorInfo(tensor));
  return writer.string(SIGNATURE_METHOD_NAME, PREDICT_METHOD).finish();
}

function encodeTensorInfo(tensor: SignatureTensor): Uint8Array {
  return (
    new ProtoWriter()
      .string(TENSOR_INFO_NAME, tensor.tensorName)
      .varint(TENSOR_INFO_DTYPE, TF_DATA_TYPE[tensor.dtype])
      // Always present, also for a scalar: tfjs-node reads every signature tensor's shape.
      .bytes(TENSOR_INFO_SHAPE, encodeTensorShape(tensor.shape))
      .finish()
  );
}
