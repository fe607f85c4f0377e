/**
 * `TrainState`: the bundle a training loop carries from step to step (Flax's `flax.training.train_state`).
 *
 * It holds the step count, the model's `applyFn`, the parameters, the optimizer `tx` and its state, plus any extra
 * fields given to `create` (the batch-norm guide's `batchStats`). Extra fields are typed: `TrainState.create({
 * applyFn, params, tx, batchStats })` has a `batchStats` property of the type passed in.
 *
 * A state is immutable: `applyGradients` and `replace` return a new one. It is a pytree node (as Flax's
 * `struct.dataclass`): its arrays (`step`, `params`, `optState`, extra fields) are leaves, while `applyFn` and `tx`
 * are static, so a state goes through `jit` (and `donateArgnums` frees the old one), `tree.map` and `vmap`.
 * Outside `jit`, the old state keeps its tensors until disposed (`state.dispose()`, `tree.dispose(state)`, or
 * `{ disposeOld: true }`, which disposes those the new state does not share).
 *
 * @example
 * let state = TrainState.create({ applyFn: model.apply, params, tx: optax.adam(1e-3) });
 * const trainStep = jit((state: typeof state, batch: Batch) => {
 *   const grads = grad(lossFn)(state.params, batch);
 *   return state.applyGradients({ grads });
 * }, { donateArgnums: 0 });
 * for (const batch of batches) state = trainStep(state, batch);
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, zeros } from '../core/np';
import { tensorsIn, tidyTree } from '../core/scope';
import { registerPytreeNode } from '../core/tree';
import { applyUpdates } from '../optax/update';
import type { GradientTransformation, OptState, Params, Updates } from '../optax/transformation';

/** A model's apply function, of any signature (usually `model.apply`). */
export type ApplyFn = (...args: never[]) => unknown;

/** What {@link TrainState.create} needs; any other fields given to it become typed extra fields. */
export interface TrainStateInit {
  readonly applyFn: ApplyFn;
  readonly params: Params;
  readonly tx: GradientTransformation;
}

/** The fields every state has, whatever its extra fields. */
type CoreKey = 'step' | 'applyFn' | 'params' | 'tx' | 'optState';

/** The extra fields of a state created from `F` (e.g. `{ batchStats }`). */
export type ExtraFields<F extends TrainStateInit> = Omit<F, CoreKey>;

/** The state type of an optimizer (`[{ count, mu, nu }, …]` for `adam`). */
export type OptStateOf<T> = T extends GradientTransformation<infer S> ? S : OptState;

/** All fields of a state created from `F`: the core ones and the extra ones. */
export type TrainStateFields<F extends TrainStateInit> = {
  readonly step: NDArray;
  readonly applyFn: F['applyFn'];
  readonly params: F['params'];
  readonly tx: F['tx'];
  readonly optState: OptStateOf<F['tx']>;
} & Readonly<ExtraFields<F>>;

/** A state created from `F`, with its extra fields as typed properties. */
export type TrainStateOf<F extends TrainStateInit> = TrainState<F> & Readonly<ExtraFields<F>>;

/** Options of {@link TrainState.applyGradients} and {@link TrainState.replace}. */
export interface ReplaceOptions {
  /**
   * Dispose the tensors of this (old) state that the new state does not hold, so a loop
   * `state = state.applyGradients({ grads }, { disposeOld: true })` keeps the tensor count flat. The old state
   * must not be used afterwards. Default false: the old state stays intact and is the caller's to dispose.
   */
  readonly disposeOld?: boolean;
}

/** Fields that hold functions, not tensors: never disposed, and not part of a checkpoint (src/serialization). */
export const STATIC_FIELDS: ReadonlySet<string> = new Set<string>(['applyFn', 'tx']);

function requireField(fields: object, name: string, method: string): void {
  if ((fields as Record<string, unknown>)[name] === undefined) {
    throw new TypeError(`${method} missing required field "${name}".`);
  }
}

/**
 * A training state; see the module comment. Build it with {@link TrainState.create}. Subclasses keep their class
 * through `replace` and `applyGradients`.
 */
export class TrainState<F extends TrainStateInit = TrainStateInit> {
  /** Number of `applyGradients` calls so far: an int32 scalar array, 0 after `create` (as optax's counts). */
  declare readonly step: NDArray;
  /** The model's apply function. */
  declare readonly applyFn: F['applyFn'];
  /** The parameters being trained. */
  declare readonly params: F['params'];
  /** The optimizer. */
  declare readonly tx: F['tx'];
  /** The optimizer's state, `tx.init(params)` after `create`. */
  declare readonly optState: OptStateOf<F['tx']>;

  /** Wraps complete fields as a state; prefer {@link TrainState.create}, which also initialises the optimizer. */
  constructor(fields: TrainStateFields<F>) {
    Object.assign(this, fields);
  }

  /**
   * A state at step 0 with `optState = tx.init(params)`; every field besides `applyFn`, `params` and `tx` is kept
   * as a typed extra field. Called on a subclass, it builds that subclass (its type is then
   * `TrainStateOf<F>`: TypeScript cannot type a static method by the class it is called on; cast if needed).
   *
   * @example
   * const state = TrainState.create({ applyFn: model.apply, params, tx: optax.sgd(0.1), batchStats });
   * state.batchStats; // typed as the batchStats passed in
   */
  static create<F extends TrainStateInit>(fields: F): TrainStateOf<F> {
    for (const name of ['applyFn', 'params', 'tx']) requireField(fields, name, 'TrainState.create()');
    const optState = fields.tx.init(fields.params) as OptStateOf<F['tx']>;
    return new this<F>({ ...fields, step: zeros([], { dtype: 'int32' }), optState }) as TrainStateOf<F>;
  }

  /**
   * One optimizer step: `tx.update(grads, optState, params)`, then `applyUpdates`, then `step + 1`. Extra fields
   * given with `grads` (e.g. new `batchStats`) replace the current ones, as in Flax.
   */
  applyGradients(
    args: { readonly grads: Updates } & Partial<Readonly<ExtraFields<F>>>,
    options: ReplaceOptions = {},
  ): this {
    requireField(args, 'grads', 'applyGradients()');
    const { grads, ...extra } = args;
    // Outside jit, the updates are intermediates: the scope frees them once the new parameters exist.
    const next = tidyTree('applyGradients', () => {
      const [updates, optState] = this.tx.update(grads, this.optState, this.params);
      return { step: add(this.step, 1), params: applyUpdates(this.params, updates), optState };
    });
    return this.build({ ...extra, ...next }, options);
  }

  /** A copy of this state with `changes` applied (Flax's `replace`); same class, same extra fields. */
  replace(changes: Partial<TrainStateFields<F>>, options: ReplaceOptions = {}): this {
    return this.build(changes, options);
  }

  /** Disposes every tensor this state holds (parameters, optimizer state, extra fields). */
  dispose(): void {
    for (const t of this.tensors()) t.dispose();
  }

  private build(changes: object, options: ReplaceOptions): this {
    const StateClass = this.constructor as new (fields: TrainStateFields<F>) => this;
    // The constructor assigned the fields as own properties: these entries are exactly the fields.
    const fields: Record<string, unknown> = { ...Object.fromEntries(Object.entries(this)), ...changes };
    const next = new StateClass(fields as TrainStateFields<F>);
    if (options.disposeOld ?? false) {
      const kept = new Set(next.tensors());
      for (const t of this.tensors()) if (!kept.has(t)) t.dispose();
    }
    return next;
  }

  /** The tensors of every field except the static ones (`applyFn`, `tx`). */
  private tensors(): ReturnType<typeof tensorsIn> {
    return tensorsIn(this);
  }
}

/** The array fields of a state (its children as a tree node), by name. */
function arrayFields(state: TrainState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([key]) => !STATIC_FIELDS.has(key)));
}

registerPytreeNode(TrainState, {
  // Static data as a list, so two states of one class with the same applyFn and tx share one jit trace.
  flatten: (state) => [arrayFields(state), [state.constructor, state.applyFn, state.tx]],
  unflatten: (aux, children) => {
    const [StateClass, applyFn, tx] = aux as [
      new (fields: object) => TrainState,
      ApplyFn,
      GradientTransformation,
    ];
    return new StateClass({ ...(children as Record<string, unknown>), applyFn, tx });
  },
});
