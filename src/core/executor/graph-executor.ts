/**
 * Staged programs on tfjs-node as one TensorFlow graph per call (issue 14): about 30 µs of dispatch for the whole
 * step instead of 10–40 µs per kernel.
 *
 * TensorFlow computes what it has a lowering for. What it cannot (the PRNG primitives, which hash keys on the host,
 * and whatever they depend on) is split off into a host program run first by the kernel executor; its results are
 * fed to the graph as extra inputs. A program TensorFlow can take no part of, or one that fails to lower, runs
 * kernel by kernel instead; `FLAX_TS_LOG_JIT=1` prints the reason once per program.
 *
 * @packageDocumentation
 */
import { Tensor } from '@tensorflow/tfjs-core';
import { Key } from '../../random';
import type { Atom, Equation, Program, Var } from '../program';
import type { Concrete } from '../values';
import { executeProgram } from './executor';
import { compileProgram, LOWERINGS, type GraphProgram } from './tf-graph';

/** How a program runs on the graph path: its host part (if any), its graph, and where each output comes from. */
interface GraphPlan {
  readonly host: Program | undefined;
  readonly graph: GraphProgram;
  /** Indices of the program inputs the graph takes (key inputs stay on the host). */
  readonly graphInputs: readonly number[];
  /** For each program output: index into the graph's outputs, or into the host program's outputs. */
  readonly outputs: readonly { readonly from: 'graph' | 'host'; readonly index: number }[];
  /** How many of the host program's outputs are graph inputs (the rest are program outputs). */
  readonly hostToGraph: number;
}

const plans = new WeakMap<Program, GraphPlan | { readonly reason: string }>();
const sessions = new FinalizationRegistry<GraphProgram>((graph) => {
  graph.dispose();
});

function runsOnHost(eqn: Equation): boolean {
  const touchesKeys = [...eqn.inputs, ...eqn.outputs].some((a) => a.aval.dtype === 'key');
  return touchesKeys || LOWERINGS[eqn.primitive] === undefined;
}

/** Splits `program` into the equations that must run on the host (and everything they need) and the rest. */
function split(program: Program): { host: Equation[]; graph: Equation[] } {
  const producer = new Map<number, Equation>();
  for (const eqn of program.equations) producer.set(eqn.outputs[0].id, eqn);
  const onHost = new Set<Equation>();
  const pull = (eqn: Equation): void => {
    if (onHost.has(eqn)) return;
    onHost.add(eqn);
    for (const input of eqn.inputs) {
      const source = input.kind === 'var' ? producer.get(input.id) : undefined;
      if (source !== undefined) pull(source);
    }
  };
  program.equations.filter(runsOnHost).forEach(pull);
  return {
    host: program.equations.filter((e) => onHost.has(e)),
    graph: program.equations.filter((e) => !onHost.has(e)),
  };
}

function plan(program: Program): GraphPlan | { readonly reason: string } {
  const { host, graph } = split(program);
  if (graph.length === 0) return { reason: 'no part of it runs in TensorFlow' };
  const hostMade = new Set(host.map((e) => e.outputs[0].id));
  // Keys are host values wherever they come from (inputs, constants or host equations).
  const isHostValue = (a: Atom): a is Var =>
    a.kind === 'var' && (hostMade.has(a.id) || a.aval.dtype === 'key');
  // Host results the graph reads become graph inputs; host results the program returns are returned from the host.
  const fed = [...new Map(graph.flatMap((e) => e.inputs.filter(isHostValue)).map((v) => [v.id, v])).values()];
  const returned = program.outputs.filter(isHostValue);
  const graphInputs = program.inputs.flatMap((v, i) => (v.aval.dtype === 'key' ? [] : [i]));
  const graphOutputs = program.outputs.filter((a) => !isHostValue(a));
  const compiled = compileProgram({
    inputs: [...graphInputs.map((i) => program.inputs[i]), ...fed],
    consts: program.consts.filter((_, i) => program.constValues[i] instanceof Tensor),
    constValues: program.constValues.filter((value) => value instanceof Tensor),
    equations: graph,
    outputs: graphOutputs,
  });
  if (!compiled.ok) return { reason: compiled.reason };
  sessions.register(program, compiled.program);
  let [g, h] = [0, 0];
  return {
    host:
      host.length === 0 && returned.length === 0
        ? undefined
        : { ...program, equations: host, outputs: [...fed, ...returned] },
    graph: compiled.program,
    graphInputs,
    outputs: program.outputs.map((a) =>
      isHostValue(a) ? { from: 'host', index: h++ } : { from: 'graph', index: g++ },
    ),
    hostToGraph: fed.length,
  };
}

function logFallback(program: Program, reason: string): void {
  const env = typeof process === 'undefined' ? undefined : process.env.FLAX_TS_LOG_JIT;
  if (env !== undefined && env !== '' && env !== '0') {
    console.warn(
      `flax-ts jit: kernel by kernel on tensorflow (${reason}); ${program.equations.length} equations`,
    );
  }
}

/**
 * Runs `program` as a TensorFlow graph when it can (see the module comment); returns undefined when it cannot, so
 * the caller runs it kernel by kernel.
 */
export function executeAsGraph(program: Program, args: readonly Concrete[]): Concrete[] | undefined {
  let graphPlan = plans.get(program);
  if (graphPlan === undefined) {
    graphPlan = plan(program);
    plans.set(program, graphPlan);
    if ('reason' in graphPlan) logFallback(program, graphPlan.reason);
  }
  if ('reason' in graphPlan) return undefined;
  const { host, graph, graphInputs, outputs, hostToGraph } = graphPlan;
  const inputs = graphInputs.map((i) => args[i] as Tensor);
  if (host === undefined) {
    // Everything runs in TensorFlow: the program's outputs are the graph's, in order.
    return graph.run(inputs);
  }
  const hostResults = executeProgram(host, args);
  try {
    for (let i = 0; i < hostToGraph; i++) inputs.push(hostResults[i] as Tensor);
    const graphResults = graph.run(inputs);
    return outputs.map(({ from, index }) =>
      from === 'graph' ? graphResults[index] : hostResults[hostToGraph + index],
    );
  } finally {
    for (let i = 0; i < hostToGraph; i++) {
      const value = hostResults[i];
      if (!(value instanceof Key)) value.dispose();
    }
  }
}
