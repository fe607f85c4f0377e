/**
 * `einsum`: Einstein summation over string subscripts (`'bij,bjk->bik'`), as `jnp.einsum`.
 *
 * It is a composition, not a primitive of its own: diagonals (`'ii->i'`) are a mask and a sum, labels only one
 * operand has and the result lacks are summed first, and each pair of operands is contracted by one `matmul`
 * (batch labels, then each side's free labels, then the contracted ones, gathered by transposes and reshapes) or,
 * with nothing to contract, one broadcasting `mul`. So `vmap`, `grad` and `jit` see only primitives whose rules
 * they already have (the batched `matmul` rule folds a vmapped batch into the product), and there is no second
 * implementation of those rules to keep in step. Operands are contracted left to right; JAX lets opt_einsum pick
 * the order, which changes only the rounding.
 *
 * @packageDocumentation
 */
import { promoteOperands, type ArrayLike, type NDArray, type NumericDType } from '../array';
import { iota } from '../primitives/indexing';
import { op } from '../scope';
import { formatShape } from '../shapes';
import { bind } from '../trace';

/** An operand with one label per axis. */
interface Term {
  readonly value: NDArray;
  readonly labels: readonly string[];
}

const LETTER = /^[a-zA-Z]$/;

/** The labels of one operand's subscripts; the ellipsis stands for `ellipsisRank` labels `…0`, `…1`, …. */
function parseLabels(subscripts: string, rank: number | undefined, width: number, what: string): string[] {
  const parts = subscripts.split('...');
  if (parts.length > 2) throw new Error(`einsum: ${what} '${subscripts}' has more than one ellipsis.`);
  for (const char of Array.from(parts.join(''))) {
    if (!LETTER.test(char)) {
      throw new Error(`einsum: ${what} '${subscripts}' holds '${char}'; subscripts are letters and '...'.`);
    }
  }
  const letters = parts.join('').length;
  if (parts.length === 1) {
    if (rank !== undefined && rank !== letters) {
      throw new Error(
        `einsum: ${what} '${subscripts}' names ${letters} axes, but the operand has rank ${rank}.`,
      );
    }
    return Array.from(parts[0]);
  }
  const ellipsisRank = rank === undefined ? width : rank - letters;
  if (ellipsisRank < 0) {
    throw new Error(
      `einsum: ${what} '${subscripts}' names ${letters} axes, but the operand has rank ${rank}.`,
    );
  }
  const ellipsis = Array.from({ length: ellipsisRank }, (_, i) => `…${width - ellipsisRank + i}`);
  return [...Array.from(parts[0]), ...ellipsis, ...Array.from(parts[1])];
}

/** `value` with its axes put in the order of `order` (labels it has). */
function arrange(term: Term, order: readonly string[]): NDArray {
  const perm = order.map((label) => term.labels.indexOf(label));
  return perm.every((p, i) => p === i) ? term.value : (bind('transpose', [term.value], { perm }) as NDArray);
}

/** `term` summed over `labels`. */
function sumOver(term: Term, labels: readonly string[]): Term {
  if (labels.length === 0) return term;
  const axes = labels.map((l) => term.labels.indexOf(l)).sort((a, b) => a - b);
  return {
    value: bind('reduceSum', [term.value], { axes, keepdims: false }) as NDArray,
    labels: term.labels.filter((l) => !labels.includes(l)),
  };
}

/** `term` with a repeated label reduced to its diagonal (`'ii'` → `'i'`), until no label repeats. */
function takeDiagonals(term: Term): Term {
  const labels = [...term.labels];
  let value = term.value;
  for (let second = 1; second < labels.length; second++) {
    const first = labels.indexOf(labels[second]);
    if (first === second) continue;
    const n = value.shape[first];
    const shape = value.shape.map((d, a) => (a === first || a === second ? d : 1));
    const diagonal = bind('eq', [iota([n, n], 0), iota([n, n], 1)], {});
    const mask = bind('convertElementType', [bind('reshape', [diagonal], { shape })], {
      dtype: value.dtype as NumericDType,
    });
    value = bind('reduceSum', [bind('mul', [value, mask], {})], {
      axes: [second],
      keepdims: false,
    }) as NDArray;
    labels.splice(second, 1);
    second--;
  }
  return { value, labels };
}

/** `term` without the size-1 axes whose label has a larger size elsewhere: they broadcast. */
function dropBroadcastAxes(term: Term, sizes: ReadonlyMap<string, number>): Term {
  const kept = term.labels.filter((l, a) => !(term.value.shape[a] === 1 && (sizes.get(l) ?? 1) > 1));
  if (kept.length === term.labels.length) return term;
  const shape = term.value.shape.filter((d, a) => kept.includes(term.labels[a]) || d !== 1);
  return { value: bind('reshape', [term.value], { shape }) as NDArray, labels: kept };
}

/** The product of two terms, summed over their shared labels that `keep` lacks. */
function contract(a: Term, b: Term, keep: ReadonlySet<string>): Term {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => keep.has(l));
  const summed = shared.filter((l) => !keep.has(l));
  const left = a.labels.filter((l) => !shared.includes(l));
  const right = b.labels.filter((l) => !shared.includes(l));
  const size = (t: Term, labels: readonly string[]): number[] =>
    labels.map((l) => t.value.shape[t.labels.indexOf(l)]);
  const [batchShape, leftShape, rightShape] = [size(a, batch), size(a, left), size(b, right)];
  const labels = [...batch, ...left, ...right];
  if (summed.length === 0) {
    // Nothing to contract: an outer product over the free labels, elementwise over the batch ones.
    const x = bind('reshape', [arrange(a, [...batch, ...left])], {
      shape: [...batchShape, ...leftShape, ...rightShape.map(() => 1)],
    });
    const y = bind('reshape', [arrange(b, [...batch, ...right])], {
      shape: [...batchShape, ...leftShape.map(() => 1), ...rightShape],
    });
    return { value: bind('mul', [x, y], {}) as NDArray, labels };
  }
  const count = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
  const inner = count(size(a, summed));
  const x = bind('reshape', [arrange(a, [...batch, ...left, ...summed])], {
    shape: [count(batchShape), count(leftShape), inner],
  });
  const y = bind('reshape', [arrange(b, [...batch, ...summed, ...right])], {
    shape: [count(batchShape), inner, count(rightShape)],
  });
  const product = bind('matmul', [x, y], { transposeA: false, transposeB: false });
  return {
    value: bind('reshape', [product], { shape: [...batchShape, ...leftShape, ...rightShape] }) as NDArray,
    labels,
  };
}

/** The subscripts read against the operands: each operand's labels and the result's. */
function parseSubscripts(subscripts: string, operands: readonly NDArray[]): [string[][], string[]] {
  const spec = subscripts.replace(/\s/g, '');
  const sides = spec.split('->');
  if (sides.length > 2) throw new Error(`einsum: subscripts '${subscripts}' have more than one '->'.`);
  const [inputs, output] = [sides[0], sides.length === 2 ? sides[1] : undefined];
  const specs = inputs.split(',');
  if (specs.length !== operands.length) {
    throw new Error(
      `einsum: the subscripts '${subscripts}' name ${specs.length} operands, but ${operands.length} were given.`,
    );
  }
  const width = Math.max(
    0,
    ...specs.map((s, i) => (s.includes('...') ? operands[i].rank - s.replace('...', '').length : 0)),
  );
  const labels = specs.map((s, i) => parseLabels(s, operands[i].rank, width, `operand ${i}'s subscripts`));
  if (output !== undefined) {
    const result = parseLabels(output, undefined, width, 'the output subscripts');
    for (const l of result) {
      if (result.indexOf(l) !== result.lastIndexOf(l)) {
        throw new Error(`einsum: the output subscript '${l}' appears more than once.`);
      }
      if (!labels.some((ls) => ls.includes(l))) {
        throw new Error(`einsum: the output subscript '${l}' names no axis of any operand.`);
      }
    }
    return [labels, result];
  }
  // Implicit output: the ellipsis, then the letters used once, in alphabetical order (numpy's rule).
  const all = labels.flat();
  const once = [...new Set(all)].filter((l) => !l.startsWith('…') && all.indexOf(l) === all.lastIndexOf(l));
  const ellipsis = Array.from({ length: width }, (_, i) => `…${i}`);
  return [labels, [...ellipsis, ...once.sort()]];
}

/**
 * Einstein summation (`jnp.einsum`): `subscripts` label each operand's axes; labels in the output (after `->`) are
 * kept in that order, the others are summed over. Without `->` the output is the labels used once, sorted. `...`
 * stands for the leading axes that broadcast, and a repeated label takes a diagonal.
 *
 * @example
 * np.einsum('ij,jk->ik', a, b); // matmul
 * np.einsum('bqhd,bkhd->bhqk', query, key); // attention weights
 * np.einsum('...ij->...ji', x); // swap the last two axes
 * np.einsum('ii', m); // trace
 */
export const einsum = op('einsum', (subscripts: string, ...operands: ArrayLike[]): NDArray => {
  if (operands.length === 0) throw new Error('einsum: at least one operand is required.');
  const values = promoteOperands(operands, 'int32');
  const [labels, output] = parseSubscripts(subscripts, values);
  const sizes = new Map<string, number>();
  labels.forEach((ls, i) => {
    ls.forEach((l, a) => {
      const d = values[i].shape[a];
      const known = sizes.get(l);
      if (known !== undefined && known !== d && known !== 1 && d !== 1) {
        throw new Error(
          `einsum: subscript '${l.replace('…', '...')}' has size ${known} in one operand and ${d} in another ` +
            `(operand ${i} has shape ${formatShape(values[i].shape)}).`,
        );
      }
      sizes.set(l, Math.max(known ?? 1, d));
    });
  });
  let terms = values.map((value, i) => dropBroadcastAxes(takeDiagonals({ value, labels: labels[i] }), sizes));
  // Labels only one term has, and the output lacks, are summed away first.
  const uses = (l: string): number => terms.filter((t) => t.labels.includes(l)).length;
  terms = terms.map((t) =>
    sumOver(
      t,
      t.labels.filter((l) => !output.includes(l) && uses(l) === 1),
    ),
  );
  while (terms.length > 1) {
    const [a, b, ...rest] = terms;
    const keep = new Set([...output, ...rest.flatMap((t) => t.labels)]);
    terms = [contract(a, b, keep), ...rest];
  }
  const result = sumOver(
    terms[0],
    terms[0].labels.filter((l) => !output.includes(l)),
  );
  return arrange(result, output);
});
