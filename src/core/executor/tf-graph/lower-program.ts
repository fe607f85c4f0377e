/**
 * Lowers a staged program to a TensorFlow `GraphDef` and the `SignatureDef` that feeds and fetches it:
 * - input `i` becomes `Placeholder` `input_i` (its dtype and static shape as attrs), fed under signature key
 *   `input_i`;
 * - each captured constant and each distinct literal becomes a `Const`;
 * - each equation becomes the nodes of its primitive's lowering ({@link LOWERINGS});
 * - result `k` becomes `Identity` `output_k`, fetched under signature key `output_k` (a result that repeats, or
 *   that is an input, a constant or a literal, still gets a node of its own, so every fetch is a fresh tensor).
 *
 * @packageDocumentation
 */
import { Tensor } from '@tensorflow/tfjs-core';
import { GraphBuilder } from './graph-builder';
import type { GraphDef } from './graph-def';
import { CannotLower, LOWERINGS } from './lowerings';
import { attr } from './node-def';
import type { Atom, Program, Var } from '../../program';
import type { Signature, SignatureTensor } from './saved-model-proto';
import type { TensorDType } from './tensor-proto';

/** A program TensorFlow can run as one graph, or the reason it cannot (for the fallback's one-line message). */
export type LoweredProgram =
  | { readonly ok: true; readonly graph: GraphDef; readonly signature: Signature }
  | { readonly ok: false; readonly reason: string };

/** Lowers `program`; never throws for a program TensorFlow cannot run, but says why in `reason`. */
export function lowerProgram(program: Program): LoweredProgram {
  try {
    return { ok: true, ...lower(program) };
  } catch (error) {
    if (error instanceof CannotLower) return { ok: false, reason: error.message };
    throw error;
  }
}

function lower(program: Program): { graph: GraphDef; signature: Signature } {
  // The missing primitive is the most useful reason (a PRNG key input only matters because of one), so look first.
  const unlowered = program.equations.find((equation) => LOWERINGS[equation.primitive] === undefined);
  if (unlowered !== undefined) {
    throw new CannotLower(`primitive ${unlowered.primitive} has no TensorFlow lowering`);
  }
  const graph = new GraphBuilder();
  const tensors = new Map<number, string>();
  const tensorOf = (atom: Atom): string => {
    if (atom.kind === 'literal') return graph.scalar(graphType(atom, 'a literal'), atom.value);
    const name = tensors.get(atom.id);
    if (name === undefined) throw new Error(`Staged program uses variable ${atom.id} before defining it.`);
    return name;
  };

  const inputs = program.inputs.map((input, i): SignatureTensor => {
    const dtype = graphType(input, `input ${i}`);
    const name = graph.add(
      'Placeholder',
      [],
      { dtype: attr.type(dtype), shape: attr.shape(input.aval.shape) },
      `input_${i}`,
    );
    tensors.set(input.id, name);
    return { key: `input_${i}`, tensorName: `${name}:0`, dtype, shape: input.aval.shape };
  });

  program.consts.forEach((constant, i) => {
    const value = program.constValues[i];
    const dtype = graphType(constant, `captured constant ${i}`);
    if (!(value instanceof Tensor)) throw new CannotLower(`captured constant ${i} is a PRNG key array`);
    if (value.dtype !== dtype || value.shape.join() !== constant.aval.shape.join()) {
      throw new Error(
        `Captured constant ${i} is ${value.dtype}[${value.shape.join(', ')}] but its variable says ` +
          `${dtype}[${constant.aval.shape.join(', ')}].`,
      );
    }
    const values = value.dataSync();
    tensors.set(constant.id, graph.constant({ dtype, shape: constant.aval.shape, values }, `const_${i}`));
  });

  for (const equation of program.equations) {
    if (equation.outputs.length !== 1) {
      throw new CannotLower(
        `primitive ${equation.primitive} has ${equation.outputs.length} outputs, lowerings make one`,
      );
    }
    const [output] = equation.outputs;
    graphType(output, `the output of ${equation.primitive}`);
    const lowering = LOWERINGS[equation.primitive];
    if (lowering === undefined)
      throw new CannotLower(`primitive ${equation.primitive} has no TensorFlow lowering`);
    tensors.set(output.id, lowering(graph, equation.inputs.map(tensorOf), equation));
  }

  const outputs = program.outputs.map((output, k): SignatureTensor => {
    const dtype = graphType(output, `output ${k}`);
    const name = graph.add('Identity', [tensorOf(output)], { T: attr.type(dtype) }, `output_${k}`);
    return { key: `output_${k}`, tensorName: `${name}:0`, dtype, shape: output.aval.shape };
  });

  return { graph: graph.graph(), signature: { inputs, outputs } };
}

/** The value's dtype as a graph element type; PRNG keys are host values and cannot enter a graph. */
function graphType(value: Var | Atom, what: string): TensorDType {
  const { dtype } = value.aval;
  if (dtype === 'key') throw new CannotLower(`${what} is a PRNG key array, which lives on the host`);
  return dtype;
}
