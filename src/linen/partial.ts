/**
 * `partial`: a module class with some attributes fixed, the TypeScript form of the module-arguments guide's
 * `functools.partial(nn.Dropout, rate=…, deterministic=not train)` pattern.
 *
 * @packageDocumentation
 */
import type { Module } from './module';

/** Any module, whatever its attributes and collections. */
type AnyModule = Module<object, string>;

/** The attributes object a module class's constructor takes. */
export type AttrsOf<C> = C extends new (...args: infer P) => AnyModule ? NonNullable<P[0]> : never;

/**
 * Returns a factory that constructs `cls` with `bound` attributes plus the ones it is given (which win on
 * conflict). Call it inside a method, like the class, to create a submodule.
 *
 * @example
 * const norm = nn.partial(nn.BatchNorm, { useRunningAverage: !train, momentum: 0.9 });
 * x = norm().call(x);
 */
export function partial<C extends new (...args: never[]) => AnyModule>(
  cls: C,
  bound: Partial<AttrsOf<C>>,
): (more?: Partial<AttrsOf<C>>) => InstanceType<C> {
  const ctor = cls as unknown as new (attrs: object) => InstanceType<C>;
  return (more = {}) => new ctor({ ...bound, ...more });
}
