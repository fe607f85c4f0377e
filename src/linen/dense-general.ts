/**
 * `DenseGeneral`: a linear map contracting any input axes into any number of output axes (Flax's
 * `nn.DenseGeneral`), e.g. the query/key/value projections of attention, `[batch, length, embed]` →
 * `[batch, length, heads, headDim]`.
 *
 * - `kernel` has shape `[...batch sizes, ...sizes of the contracted axes, ...features]`; as in Flax it is
 *   initialized as the 2-D matrix `[product of the batch and contracted sizes, product of features]` (so LeCun
 *   normal's fan is the number of inputs) and reshaped. `bias` has shape `[...batch sizes, ...features]`.
 * - The output is `[...batch axes, ...the other input axes, ...features]`.
 * - `batchDims` must be the leading axes `0, 1, …, k−1`: each example along them gets its own kernel.
 *
 * @example
 * const proj = new nn.DenseGeneral({ features: [4, 8] }); // 4 heads of 8
 * const variables = proj.init(random.key(0), [np.ones([2, 5, 16])]); // kernel [16, 4, 8], bias [4, 8]
 *
 * @packageDocumentation
 */
import type { NDArray } from '../core/array';
import { add, einsum, reshape } from '../core/np';
import { normalizeAxis } from '../core/shapes';
import { lecunNormal, reshapedInit, zeros, type Initializer } from './initializers';
import * as rules from './attribute-rules';
import { Module } from './module';

/** Attributes of {@link DenseGeneral}. */
export interface DenseGeneralAttrs {
  /** Output features: one size, or the sizes of several output axes. */
  readonly features: number | readonly number[];
  /** The input axes contracted (default −1). */
  readonly axis?: number | readonly number[];
  /** Leading input axes with one kernel per entry (default none). */
  readonly batchDims?: number | readonly number[];
  /** Add a learned bias (default true). */
  readonly useBias?: boolean;
  /** Initializer of the kernel, seen as a 2-D matrix (default `lecunNormal()`). */
  readonly kernelInit?: Initializer;
  /** Initializer of the bias, seen as a vector (default `zeros`). */
  readonly biasInit?: Initializer;
}

const asList = (v: number | readonly number[]): readonly number[] => (typeof v === 'number' ? [v] : v);
const product = (sizes: readonly number[]): number => sizes.reduce((n, d) => n * d, 1);
/** einsum labels, one per axis of the input and of the features. */
const LABELS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Sorted non-negative axes (Flax's `_normalize_axes`). */
function normalizeAxes(axes: readonly number[], rank: number): number[] {
  return axes.map((a) => normalizeAxis(a, rank)).sort((x, y) => x - y);
}

/** A linear transformation over several axes. */
export class DenseGeneral extends Module<DenseGeneralAttrs> {
  readonly features = this.attr('features', rules.positiveIntegers);
  readonly axis = this.attr('axis', -1, rules.axes);
  readonly batchDims = this.attr('batchDims', [], rules.axes);
  readonly useBias = this.attr('useBias', true, rules.boolean);
  readonly kernelInit = this.attr('kernelInit', lecunNormal(), rules.initializer);
  readonly biasInit = this.attr('biasInit', zeros, rules.initializer);

  /** `inputs` contracted over `axis` with the kernel, plus the bias. */
  call(inputs: NDArray): NDArray {
    const features = asList(this.features);
    const batchList = asList(this.batchDims);
    if (batchList.length > 0) {
      const leading = new Set(Array.from({ length: Math.max(...batchList) + 1 }, (_, i) => i));
      if (new Set(batchList).size !== leading.size || !batchList.every((d) => leading.has(d)))
        throw new Error(
          `batch_dims (${batchList.join(', ')}${batchList.length === 1 ? ',' : ''}) must be consecutive leading ` +
            'dimensions starting from 0.',
        );
    }
    const rank = inputs.rank;
    if (rank + features.length > LABELS.length)
      throw new Error(
        `DenseGeneral: the input's axes and the features' axes number ${rank + features.length}, more than ` +
          `einsum's ${LABELS.length} labels.`,
      );
    const axis = normalizeAxes(asList(this.axis), rank);
    const batchDims = normalizeAxes(batchList, rank);
    const nFeatures = features.length;
    const batchShape = batchDims.map((d) => inputs.shape[d]);
    const kernelShape = [...batchShape, ...axis.map((d) => inputs.shape[d]), ...features];
    const kernelInit = reshapedInit(this.kernelInit, (shape) => [
      product(shape.slice(0, shape.length - nFeatures)),
      product(shape.slice(shape.length - nFeatures)),
    ]);
    const kernel = this.param('kernel', kernelInit, kernelShape);

    // einsum: the input's axes, then one label per feature; kept are batch axes, free axes, features.
    const inLabels = inputs.shape.map((_, i) => LABELS[i]);
    const featureLabels = features.map((_, i) => LABELS[rank + i]);
    const freeAxes = inLabels.filter((_, i) => !axis.includes(i) && !batchDims.includes(i));
    const kernelLabels = [...batchDims, ...axis].map((d) => LABELS[d]).concat(featureLabels);
    const outLabels = [...batchDims.map((d) => LABELS[d]), ...freeAxes, ...featureLabels];
    const y = einsum(`${inLabels.join('')},${kernelLabels.join('')}->${outLabels.join('')}`, inputs, kernel);
    if (!this.useBias) return y;

    const biasInit = reshapedInit(this.biasInit, (shape) => [product(shape)]);
    const bias = this.param('bias', biasInit, [...batchShape, ...features]);
    // The bias broadcasts over the free axes: size 1 there, the batch sizes on the batch axes.
    const expanded = inputs.shape
      .map((d, i) => (batchDims.includes(i) ? d : 1))
      .filter((_, i) => !axis.includes(i));
    return add(y, reshape(bias, [...expanded, ...features]));
  }
}
