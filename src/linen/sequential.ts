/**
 * `Sequential` (Flax's `nn.Sequential`): a chain of layers, each called on the previous one's output.
 *
 * - A layer is a module (run with `.call`) or a plain function such as `nn.relu`.
 * - The first layer receives every argument given to `call`. A layer that returns a JavaScript array (a tuple)
 *   has it spread into the next layer's arguments, as Flax spreads tuple outputs; any other value is passed whole.
 * - Modules in `layers` are named `layers_0`, `layers_1`, … by their index in the list, functions included, as in
 *   Flax; modules constructed inside a parent's compact method already belong to that parent and keep its names.
 * - An empty list is Flax's error "Empty Sequential module {name}." when called.
 *
 * @example
 * const mlp = new nn.Sequential({ layers: [new nn.Dense({ features: 4 }), nn.relu, new nn.Dense({ features: 1 })] });
 * const variables = mlp.init(random.key(0), [x]); // params: layers_0, layers_2
 *
 * @packageDocumentation
 */
import { AttrRule } from './attribute-rules';
import { Module } from './module';
import { isModule } from './module-state';

/** A layer of a {@link Sequential}: a module, or a function of the previous layer's output(s). */
export type SequentialLayer = Module<object, string> | ((...args: never[]) => unknown);

/** Attributes of {@link Sequential}. */
export interface SequentialAttrs {
  /** The layers, applied in order. */
  readonly layers: readonly SequentialLayer[];
}

const layerList = new AttrRule(
  'object',
  'a list of modules and functions',
  (v): v is readonly SequentialLayer[] =>
    Array.isArray(v) && v.every((layer) => isModule(layer) || typeof layer === 'function'),
);

function callLayer(layer: SequentialLayer, args: unknown[]): unknown {
  const fn = isModule(layer) ? (layer as Module<object, string>).call.bind(layer) : layer;
  return (fn as (...a: unknown[]) => unknown)(...args);
}

/** Applies its layers in order, each to the output of the previous one. */
export class Sequential extends Module<SequentialAttrs, string> {
  readonly layers = this.attr('layers', layerList);

  /** The last layer's output; `args` go to the first layer. */
  call(...args: unknown[]): unknown {
    if (this.layers.length === 0) throw new Error(`Empty Sequential module ${String(this.name)}.`);
    let outputs = callLayer(this.layers[0], args);
    for (const layer of this.layers.slice(1))
      outputs = callLayer(layer, Array.isArray(outputs) ? outputs : [outputs]);
    return outputs;
  }
}
