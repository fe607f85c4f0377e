/**
 * Runs a SavedModel we wrote on tfjs-node's TensorFlow: one session per program, each call one session run for the
 * whole graph.
 *
 * `jit` is synchronous, as JAX's is (`state = trainStep(state, batch)` in a plain loop), but tfjs-node's public
 * `tf.node.loadSavedModel` awaits a file read, so its promise could never settle inside such a loop. We therefore
 * call what that loader calls, the tensorflow backend's own synchronous methods `loadSavedModelMetaGraph`,
 * `runSavedModel` and `deleteSavedModel` (typed on tfjs-node's exported `NodeJSKernelBackend`); we know the
 * signature already, since we wrote it.
 *
 * @packageDocumentation
 */
import { backend, getBackend, type Tensor } from '@tensorflow/tfjs-core';
import { sameShape } from '../../avals';
import { SERVE_TAG, type Signature, type SignatureTensor } from './saved-model-proto';

/** What `runSavedModel` reads of each input's description: the tensor name (and the dtype, for uint8). */
interface InputInfo {
  readonly name: string;
  readonly tfDtype: string;
}

/** The tensorflow backend's SavedModel methods (tfjs-node's `NodeJSKernelBackend`). */
interface SavedModelBackend {
  loadSavedModelMetaGraph(path: string, tags: string): number;
  runSavedModel(id: number, inputs: Tensor[], inputInfos: InputInfo[], outputNames: string[]): Tensor[];
  deleteSavedModel(id: number): void;
}

function savedModelBackend(): SavedModelBackend {
  if (getBackend() !== 'tensorflow') {
    throw new Error(
      `A TensorFlow graph runs only on the tensorflow backend; the active backend is ${getBackend()}.`,
    );
  }
  return backend() as unknown as SavedModelBackend;
}

const TF_DTYPES: Readonly<Record<SignatureTensor['dtype'], string>> = {
  float32: 'DT_FLOAT',
  int32: 'DT_INT32',
  bool: 'DT_BOOL',
};

/**
 * A loaded SavedModel of ours, run with tensors in the program's input order and giving tensors in its output
 * order. The caller owns both: `run` neither keeps nor disposes its inputs, and each output is a new tensor.
 *
 * @example
 * const program = GraphProgram.load(dir, signature);
 * const [y] = program.run([x]);
 */
export class GraphProgram {
  private disposed = false;
  private readonly inputInfos: InputInfo[];
  private readonly outputNames: string[];

  private constructor(
    private readonly sessionId: number,
    private readonly signature: Signature,
  ) {
    this.inputInfos = signature.inputs.map((input) => ({
      name: input.tensorName,
      tfDtype: TF_DTYPES[input.dtype],
    }));
    this.outputNames = signature.outputs.map((output) => output.tensorName);
  }

  /** Opens the SavedModel in `dir` (written with `signature`) in a TensorFlow session. */
  static load(dir: string, signature: Signature): GraphProgram {
    return new GraphProgram(savedModelBackend().loadSavedModelMetaGraph(dir, SERVE_TAG), signature);
  }

  /** Runs the graph once on `inputs` (dtypes and shapes as staged) and returns its results. */
  run(inputs: readonly Tensor[]): Tensor[] {
    if (this.disposed) throw new Error('This TensorFlow graph program was disposed.');
    const expected = this.signature.inputs;
    if (inputs.length !== expected.length) {
      throw new Error(`The graph program takes ${expected.length} inputs, got ${inputs.length}.`);
    }
    for (let i = 0; i < inputs.length; i++) {
      const spec = expected[i];
      const input = inputs[i];
      if (input.dtype !== spec.dtype || !sameShape(input.shape, spec.shape)) {
        throw new Error(
          `Input ${i} of the graph program must be ${spec.dtype}[${spec.shape.join(', ')}], ` +
            `got ${input.dtype}[${input.shape.join(', ')}].`,
        );
      }
    }
    // runSavedModel only reads the array it is given.
    return savedModelBackend().runSavedModel(
      this.sessionId,
      inputs as Tensor[],
      this.inputInfos,
      this.outputNames,
    );
  }

  /** Closes the TensorFlow session. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    savedModelBackend().deleteSavedModel(this.sessionId);
  }
}
