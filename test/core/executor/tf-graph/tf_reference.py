"""TensorFlow's own Python side of the tf-graph tests (python-tf.test.ts): decodes protobuf messages we encoded with
TensorFlow's generated classes, and loads SavedModels we wrote with tf.saved_model.load and runs their signature.

Reads one JSON request on stdin and writes one JSON answer on stdout:
  request: {"messages": [{"type": "NodeDef" | "GraphDef" | "SavedModel", "base64": ...}],
            "savedModels": [{"dir": ..., "inputs": {key: {"dtype", "shape", "values"}}}]}
  answer:  {"tensorflow": version, "messages": [dict, ...], "savedModels": [{key: {"dtype", "shape", "values"}}]}
or {"missing": reason} when TensorFlow cannot be imported (the caller decides whether that is a failure).
"""

import base64
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

try:
    import numpy as np
    import tensorflow as tf
    from google.protobuf import json_format
    from tensorflow.core.framework import graph_pb2, node_def_pb2, tensor_pb2
    from tensorflow.core.protobuf import saved_model_pb2
except ImportError as error:
    json.dump({"missing": str(error)}, sys.stdout)
    sys.exit(0)

MESSAGES = {
    "NodeDef": node_def_pb2.NodeDef,
    "GraphDef": graph_pb2.GraphDef,
    "SavedModel": saved_model_pb2.SavedModel,
}


def tensor_json(array):
    array = np.asarray(array)
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": array.ravel().tolist()}


def with_tensor_values(value):
    """MessageToDict, with every TensorProto (an attr's `tensor`) also given as decoded values."""
    if isinstance(value, dict):
        out = {key: with_tensor_values(item) for key, item in value.items()}
        if "tensor" in value:
            proto = json_format.ParseDict(value["tensor"], tensor_pb2.TensorProto())
            out["tensor"]["decoded"] = tensor_json(tf.make_ndarray(proto))
        return out
    if isinstance(value, list):
        return [with_tensor_values(item) for item in value]
    return value


def decode(request):
    message = MESSAGES[request["type"]]()
    message.ParseFromString(base64.b64decode(request["base64"]))
    return with_tensor_values(json_format.MessageToDict(message, preserving_proto_field_name=True))


def run_saved_model(request):
    signature = tf.saved_model.load(request["dir"]).signatures["serving_default"]
    feeds = {
        key: tf.constant(np.asarray(spec["values"], dtype=spec["dtype"]).reshape(spec["shape"]))
        for key, spec in request["inputs"].items()
    }
    return {key: tensor_json(value.numpy()) for key, value in signature(**feeds).items()}


request = json.load(sys.stdin)
json.dump(
    {
        "tensorflow": tf.__version__,
        "messages": [decode(item) for item in request.get("messages", [])],
        "savedModels": [run_saved_model(item) for item in request.get("savedModels", [])],
    },
    sys.stdout,
)
