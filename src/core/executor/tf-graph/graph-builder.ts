/**
 * Collects the nodes of a GraphDef under construction: unique node names, and small constants (shapes, axes,
 * scalars) made once however often the lowerings ask for them.
 *
 * @packageDocumentation
 */
import { GRAPH_DEF_PRODUCER, type GraphDef } from './graph-def';
import { attr, type AttrValue, type NodeDef } from './node-def';
import type { TensorDType, TensorValue } from './tensor-proto';

export class GraphBuilder {
  private readonly nodes: NodeDef[] = [];
  private readonly taken = new Set<string>();
  private readonly constants = new Map<string, string>();

  /**
   * Adds a node and returns its name, which is also the name of its first output tensor. The name is `name` (by
   * default the op's), suffixed `_1`, `_2`, … when already taken, as TensorFlow names nodes.
   */
  add(op: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>>, name = op): string {
    const unique = this.uniqueName(name);
    this.nodes.push({ name: unique, op, inputs, attrs });
    return unique;
  }

  /** A `Const` node holding `value`. */
  constant(value: TensorValue, name = 'Const'): string {
    return this.add('Const', [], { dtype: attr.type(value.dtype), value: attr.tensor(value) }, name);
  }

  /** A scalar `Const`, shared by every use of the same dtype and value. */
  scalar(dtype: TensorDType, value: number | boolean): string {
    // Object.is tells -0 from 0; String() alone would merge them.
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : String(value)}`;
    return this.shared(key, () => this.constant({ dtype, shape: [], values: [Number(value)] }));
  }

  /** An int32 vector `Const` (a shape, axes, a permutation), shared by every use of the same values. */
  int32Vector(values: readonly number[]): string {
    return this.int32Tensor([values.length], values);
  }

  /** An int32 `Const` of any shape (e.g. `Pad`'s `[rank, 2]` paddings), shared like {@link int32Vector}. */
  int32Tensor(shape: readonly number[], values: readonly number[]): string {
    return this.shared(`int32[${shape.join(',')}]:${values.join(',')}`, () =>
      this.constant({ dtype: 'int32', shape, values }),
    );
  }

  /** The finished graph. */
  graph(): GraphDef {
    return { nodes: [...this.nodes], producer: GRAPH_DEF_PRODUCER };
  }

  private shared(key: string, make: () => string): string {
    let name = this.constants.get(key);
    if (name === undefined) {
      name = make();
      this.constants.set(key, name);
    }
    return name;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.taken.has(name); suffix++) name = `${base}_${suffix}`;
    this.taken.add(name);
    return name;
  }
}
