// jax.numpy's indexing, take, take_along_axis, .at[] updates and the array functions of issue 15 against the real
// jax 0.10.2 (fixtures/np.json, from test/parity/np.py), eagerly and under jit: values, dtypes and shapes, including
// the out-of-bounds rules and NaN order.
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { jit, np, type NDArray } from '../../src';
import fixture from '../parity/fixtures/np.json';
import { expectOutputs, fixtureArgument, type FixtureCase } from '../support/fixture-cases';

type Fn = (...args: NDArray[]) => NDArray | NDArray[];

const i32 = (values: number[]): NDArray => np.array(values, { dtype: 'int32' });
const MASK = [
  [true, false, true],
  [false, false, true],
];

/** flax-ts's version of every fixture case, by group and name. */
const cases: Record<string, Record<string, Fn>> = {
  index: {
    int: (x) => np.index(x, 1),
    negativeInt: (x) => np.index(x, -1, -2),
    outOfBoundsInt: (x) => np.index(x, 5, -9),
    slices: (x) => np.index(x, ':', '1:', '::2'),
    negativeSteps: (x) => np.index(x, '::-1', '::-2'),
    stepsAndBounds: (x) => np.index(x, ':', '5:0:-2', np.slice(1, null, 3)),
    emptySlice: (x) => np.index(x, ':', '2:1'),
    vectorSlices: (v) =>
      np.concatenate([
        np.index(v, '-3:-1'),
        np.index(v, '-100:100'),
        np.index(v, '7:2:-2'),
        np.index(v, '-3::-3'),
        np.index(v, '20:'),
      ]),
    newaxisEllipsis: (x) => np.index(x, null, '...', np.newaxis, 1),
    ellipsisOnly: (x) => np.index(x, np.ellipsis),
    mixed: (x) => np.index(x, 1, '0:3:2', null, '...', i32([3, 0])),
    arraysAdjacent: (x) => np.index(x, ':', i32([2, 0, 1]), i32([1, 3, 3])),
    arraysSeparated: (x) => np.index(x, [1, 0], ':', [3, 2]),
    intAndArraySeparated: (x) => np.index(x, 0, ':', [1, 2]),
    intAndArrayAdjacent: (x) => np.index(x, ':', 0, [1, 2]),
    newaxisSeparatesArrays: (x) => np.index(x, ':', [0, 1], null, [1, 2]),
    broadcastArrays: (x) => np.index(x, [[0], [1]], [0, 2, 1]),
    outOfBoundsArrays: (x) => np.index(x, [5, -7, -1], 1),
    negativeArray2d: (x) =>
      np.index(
        x,
        1,
        [
          [-1, -3],
          [0, -2],
        ],
        -1,
      ),
    booleanMask: (x) => np.index(x, MASK),
    booleanMaskLast: (x) => np.index(x, '...', [true, false, false, true]),
    ints: (x) => np.index(x, 1, '::-1', [0, 3]),
  },
  take: {
    fillDefault: (x) => np.take(x, [1, -1, 5, -9], 1),
    clip: (x) =>
      np.take(
        x,
        [
          [3, -1],
          [7, 0],
        ],
        2,
        { mode: 'clip' },
      ),
    wrap: (x) => np.take(x, [4, -1, -5, 2], 0, { mode: 'wrap' }),
    flat: (x) => np.take(x, [23, 0, -1, 30]),
    fillValue: (x) => np.take(x, [0, 9], 1, { fillValue: -3.5 }),
    ints: (x) => np.take(x, [2, 9], 1),
    rows: (x) => np.take(x, np.reshape(i32([1, 0, 1, 1]), [2, 2]), 0),
  },
  takeAlongAxis: {
    argsortRows: (x) => np.takeAlongAxis(x, np.argsort(x, 1), 1),
    argmaxKeepdims: (x) => np.takeAlongAxis(x, np.argmax(x, 0, { keepdims: true }), 0),
    broadcast: (x) => np.takeAlongAxis(x, [[[0, 2, 1, 1]]], 1),
    outOfBounds: (x) => np.takeAlongAxis(x, [[7, -1, -9]], 1),
    clip: (x) => np.takeAlongAxis(x, [[7, -1, -9]], 1, { mode: 'clip' }),
    flat: (x) => np.takeAlongAxis(x, [5, -2, 0], null),
  },
  at: {
    setInt: (x) => np.at(x, 1).set(-1),
    setSlice: (x) => np.at(x, ':', '::-2').set([[7], [8]]),
    setArrays: (x) => np.at(x, [1, 0], ':', [3, -1]).set(5),
    setDuplicates: (v) => np.at(v, [0, 0, 1]).set([10, 20, 30]),
    setOutOfBounds: (v) => np.at(v, [12, -12, -1]).set([10, 20, 30]),
    setOutOfBoundsInt: (x) => np.at(x, 7).set(1),
    setNewaxis: (x) => np.at(x, null, 0, '1:').set(np.zeros([1, 2, 4])),
    addDuplicates: (v) => np.at(v, [12, -12, -1, 0, 0]).add(1.5),
    addRows: (x) =>
      np
        .at(x, [
          [1, 1],
          [0, 1],
        ])
        .add(np.ones([2, 2, 3, 4])),
    addClip: (v) => np.at(v, [12, -12, 3]).add(1, { mode: 'clip' }),
    subtract: (x) => np.at(x, ':', 1).subtract([1, 2, 3, 4]),
    multiply: (v) => np.at(v, [1, 1, 4]).multiply([3, -1, 0.5]),
    divide: (v) => np.at(v, '2:5').divide(4),
    power: (v) => np.at(v, [3, 3]).power(2),
    min: (v) => np.at(v, [1, 1, 4]).min([0.5, -1, 9]),
    max: (x) => np.at(x, 0, [0, 2, 0]).max([[30], [-1], [2]]),
    intsAddFloats: (x) => np.at(x, 0, 0).add([0.6, 0.6, -1.5, 2.5]),
    getFill: (v) => np.at(v, [12, -1, 3]).get({ mode: 'fill', fillValue: -1 }),
    getClamps: (v) => np.at(v, [12, -12]).get(),
  },
  sorting: {
    sortNans: (x) => np.sort(x, 1),
    argsortNans: (x) => np.argsort(x, 1),
    sortDescending: (x) => np.sort(x, 1, { descending: true }),
    argsortDescending: (x) => np.argsort(x, 1, { descending: true }),
    sortAxis0: (x) => np.sort(x, 0),
    argsortFlat: (x) => np.argsort(x, null),
    sortInts: (x) => np.sort(x, -1),
    argsortInts: (x) => np.argsort(x),
    argsortIntsDescending: (x) => np.argsort(x, -1, { descending: true }),
    sortBools: (x) => np.sort(x),
  },
  cumulative: {
    cumsumFlat: (x) => np.cumsum(x),
    cumsumAxis: (x) => np.cumsum(x, 0),
    cumsumInts: (x) => np.cumsum(x, 1),
    cumsumBools: (x) => np.cumsum(x),
    cumprod: (x) => np.cumprod(x, 1),
    cumprodInts: (x) => np.cumprod(x, 1),
  },
  einsum: {
    matmul: (a, b) => np.einsum('ij,jk->ik', a, b),
    attention: (q, k) => np.einsum('bqhd,bkhd->bhqk', q, k),
    implicit: (a, b) => np.einsum('ij,jk', a, b),
    implicitSorted: (a) => np.einsum('kji', a),
    trace: (a) => np.einsum('ii', a),
    diagonal: (a) => np.einsum('ii->i', a),
    outer: (a, b) => np.einsum('i,j->ij', a, b),
    sumAll: (a) => np.einsum('ij->', a),
    sumOne: (a) => np.einsum('ijk->ik', a),
    ellipsisTranspose: (a) => np.einsum('...ij->...ji', a),
    ellipsisBroadcast: (a, b) => np.einsum('...ij,...jk->...ik', a, b),
    threeOperands: (a, b, c) => np.einsum('ij,jk,kl->il', a, b, c),
    sharedByThree: (a, b, c) => np.einsum('i,i,i->i', a, b, c),
    hadamard: (a, b) => np.einsum('ij,ij->ij', a, b),
    denseGeneral: (x, k) => np.einsum('...d,dhk->...hk', x, k),
    batchDiagonal: (a) => np.einsum('bii->bi', a),
    spaces: (a, b) => np.einsum(' ij , j -> i ', a, b),
    ints: (a, b) => np.einsum('ij,j->i', a, b),
  },
  rearrange: {
    splitSections: (x) => np.split(x, 3, 1),
    splitIndices: (x) => np.split(x, [1, 4], 1),
    splitEmptyPiece: (v) => np.split(v, [2, 2, 7]),
    arraySplit: (v) => np.arraySplit(v, 4),
    swapaxes: (x) => np.swapaxes(x, 0, -1),
    moveaxis: (x) => np.moveaxis(x, 0, -1),
    moveaxes: (x) => np.moveaxis(x, [0, 1], [-1, 0]),
    flipAll: (x) => np.flip(x),
    flipAxes: (x) => np.flip(x, [0, 2]),
    fliplr: (x) => np.fliplr(x),
    flipud: (x) => np.flipud(x),
    rollFlat: (x) => np.roll(x, -5),
    rollAxes: (x) => np.roll(x, [1, 7], [0, 2]),
    tileVector: (v) => np.tile(v, 2),
    tileMore: (x) => np.tile(x, [2, 1, 2]),
    tileFewer: (x) => np.tile(x, [2]),
    repeatScalar: (v) => np.repeat(v, 2),
    repeatAxis: (x) => np.repeat(x, 2, 0),
    repeatPerElement: (x) => np.repeat(x, [1, 0, 3], 1),
    repeatFlat: (x) => np.repeat(x, [2, 0, 1, 1, 0, 3]),
    repeatTotalLonger: (x) => np.repeat(x, i32([1, 2]), 0, { totalRepeatLength: 5 }),
    repeatTotalShorter: (x) => np.repeat(x, i32([2, 2]), 0, { totalRepeatLength: 3 }),
    padZeros: (x) => np.pad(x, 1),
    padPairs: (x) =>
      np.pad(
        x,
        [
          [0, 1],
          [2, 0],
        ],
        { constantValues: -1.5 },
      ),
    padConstantsPerAxis: (x) =>
      np.pad(x, [1, 2], {
        constantValues: [
          [3, 4],
          [5, 6],
        ],
      }),
    padEdge: (x) =>
      np.pad(
        x,
        [
          [2, 1],
          [0, 3],
        ],
        { mode: 'edge' },
      ),
    padWrap: (v) => np.pad(v, [7, 2], { mode: 'wrap' }),
    padReflect: (v) => np.pad(v, [5, 4], { mode: 'reflect' }),
    padSymmetric: (v) => np.pad(v, [5, 4], { mode: 'symmetric' }),
    padInts: (x) =>
      np.pad(
        x,
        [
          [1, 0],
          [0, 2],
        ],
        { constantValues: 7 },
      ),
    padBools: (x) => np.pad(x, 1),
    tril: (x) => np.tril(x),
    trilBelow: (x) => np.tril(x, -1),
    triuAbove: (x) => np.triu(x, 1),
    trilBatched: (x) => np.tril(x, 1),
    triuInts: (x) => np.triu(x),
  },
};

const groups = Object.keys(fixture) as (keyof typeof fixture)[];

describe('core/np parity with jax 0.10.2', () => {
  it('has a flax-ts function for every fixture case, and a fixture case for every function', () => {
    for (const group of groups) {
      const names = (fixture[group] as FixtureCase[]).map((c) => c.name).sort();
      expect(names, group).to.deep.equal(Object.keys(cases[group]).sort());
    }
  });

  for (const group of groups) {
    for (const c of fixture[group] as FixtureCase[]) {
      for (const compiled of [false, true]) {
        it(`${group}/${c.name}${compiled ? ' under jit' : ''}`, () => {
          const fn = cases[group][c.name];
          const run = compiled ? jit(fn) : fn;
          tf.tidy(() => {
            expectOutputs(run(...c.args.map(fixtureArgument)), c, `${group}/${c.name}`);
          });
        });
      }
    }
  }
});
