/**
 * Activation functions, as Flax re-exports them from `jax.nn` (`nn.relu`, `nn.gelu`, …). They are plain functions
 * of arrays: see `src/core/nn-functions.ts`. The learnable/random ones are modules: `PReLU`, `RReLU`.
 *
 * @packageDocumentation
 */
export {
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  oneHot,
  relu,
  sigmoid,
  silu,
  silu as swish,
  softmax,
  softplus,
} from '../core/nn-functions';
export { tanh } from '../core/np/elementwise';
