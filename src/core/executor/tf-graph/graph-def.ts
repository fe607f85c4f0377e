/**
 * TensorFlow's `GraphDef` (tensorflow/core/framework/graph.proto, versions.proto): the nodes of a graph and the
 * GraphDef version it was written for.
 *
 * @packageDocumentation
 */
import { encodeNodeDef, type NodeDef } from './node-def';
import { ProtoWriter } from './protobuf';

/**
 * The GraphDef version we write: TensorFlow 2.21's `TF_GRAPH_DEF_VERSION`, the runtime the tfjs-node binding of
 * this repository is built against. TensorFlow reads it as "which op semantics this graph assumes", and accepts a
 * graph from any producer at or above its minimum, so newer runtimes load it too.
 */
export const GRAPH_DEF_PRODUCER = 2474;

/** A graph: nodes (any order; ours are topological) and the producer version. */
export interface GraphDef {
  readonly nodes: readonly NodeDef[];
  readonly producer: number;
}

const GRAPH_NODE = 1;
const GRAPH_VERSIONS = 4;
const VERSIONS_PRODUCER = 1;

/** Encodes a `GraphDef`. */
export function encodeGraphDef(graph: GraphDef): Uint8Array {
  const writer = new ProtoWriter();
  for (const node of graph.nodes) writer.bytes(GRAPH_NODE, encodeNodeDef(node));
  return writer
    .bytes(GRAPH_VERSIONS, new ProtoWriter().varint(VERSIONS_PRODUCER, graph.producer).finish())
    .finish();
}
