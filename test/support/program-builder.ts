// Writes staged programs by hand, for the tf-graph executor's tests and its benchmark: each result's shape and
// dtype come from the primitive table's own shape rules, so these programs are typed exactly as staged ones.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { DType } from '../../src/core/avals';
import { ruleOf, type Primitive, type PrimitiveParams } from '../../src/core/primitives';
import type { Atom, Equation, Literal, Program, Var } from '../../src/core/program';

export class ProgramBuilder {
  private nextId = 0;
  private readonly inputs: Var[] = [];
  private readonly consts: Var[] = [];
  private readonly constValues: Tensor[] = [];
  private readonly equations: Equation[] = [];

  input(shape: readonly number[], dtype: DType = 'float32'): Var {
    const v = this.fresh(shape, dtype);
    this.inputs.push(v);
    return v;
  }

  constant(value: Tensor): Var {
    const v = this.fresh(value.shape, value.dtype as DType);
    this.consts.push(v);
    this.constValues.push(value);
    return v;
  }

  literal(value: number | boolean, dtype: DType = typeof value === 'boolean' ? 'bool' : 'float32'): Literal {
    return { kind: 'literal', value, aval: { shape: [], dtype } };
  }

  /** Any primitive; the result's abstract value is the primitive's shape rule applied to the operands. */
  apply<P extends Primitive>(primitive: P, inputs: readonly Atom[], params: PrimitiveParams[P]): Var {
    const aval = ruleOf(primitive).abstractEval(
      inputs.map((a) => a.aval),
      params,
    );
    const out = this.fresh(aval.shape, aval.dtype);
    this.equations.push({ primitive, inputs, outputs: [out], params });
    return out;
  }

  unary(primitive: Primitive, x: Atom): Var {
    return this.apply(primitive, [x], {});
  }

  binary(primitive: Primitive, x: Atom, y: Atom): Var {
    return this.apply(primitive, [x, y], {});
  }

  select(pred: Atom, onTrue: Atom, onFalse: Atom): Var {
    return this.apply('select', [pred, onTrue, onFalse], {});
  }

  reduce(primitive: Primitive, x: Atom, axes: readonly number[], keepdims = false): Var {
    return this.apply(primitive, [x], { axes, keepdims });
  }

  argReduce(primitive: 'argmax' | 'argmin', x: Atom, axis: number): Var {
    return this.apply(primitive, [x], { axis });
  }

  matmul(a: Atom, b: Atom, { transposeA = false, transposeB = false } = {}): Var {
    return this.apply('matmul', [a, b], { transposeA, transposeB });
  }

  reshape(x: Atom, shape: readonly number[]): Var {
    return this.apply('reshape', [x], { shape });
  }

  transpose(x: Atom, perm: readonly number[]): Var {
    return this.apply('transpose', [x], { perm });
  }

  broadcastTo(x: Atom, shape: readonly number[]): Var {
    return this.apply('broadcastTo', [x], { shape });
  }

  concatenate(xs: readonly Atom[], axis: number): Var {
    return this.apply('concatenate', xs, { axis });
  }

  slice(x: Atom, begin: readonly number[], size: readonly number[]): Var {
    return this.apply('slice', [x], { begin, size });
  }

  pad(x: Atom, padding: readonly (readonly [number, number])[]): Var {
    return this.apply('pad', [x], { padding });
  }

  oneHot(labels: Atom, depth: number): Var {
    return this.apply('oneHot', [labels], { depth });
  }

  full(shape: readonly number[], dtype: DType, value: number | boolean): Var {
    return this.apply('full', [], { shape, dtype, value });
  }

  convert(x: Atom, dtype: DType): Var {
    return this.apply('convertElementType', [x], { dtype });
  }

  build(outputs: readonly Atom[]): Program {
    return {
      inputs: [...this.inputs],
      consts: [...this.consts],
      constValues: [...this.constValues],
      equations: [...this.equations],
      outputs: [...outputs],
    };
  }

  private fresh(shape: readonly number[], dtype: DType): Var {
    return { kind: 'var', id: this.nextId++, aval: { shape, dtype } };
  }
}
