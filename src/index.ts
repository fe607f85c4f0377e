/**
 * flax-ts: Flax's modules, JAX's transforms and optax's optimizers, in TypeScript on TensorFlow.js.
 *
 * @packageDocumentation
 */
export { ready } from './backend';
export type { BackendChoice, BackendName } from './backend';
