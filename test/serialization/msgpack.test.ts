import { expect } from 'chai';
import { msgpackDecode } from '../../src/serialization/msgpack/decode';
import { msgpackEncode } from '../../src/serialization/msgpack/encode';
import { MsgpackExt } from '../../src/serialization/msgpack/ext';

const refuse = (value: unknown, path: string): never => {
  throw new TypeError(`no hook for ${String(value)} at ${path}`);
};
const roundTrip = (value: unknown): unknown => msgpackDecode(msgpackEncode(value, refuse));

// The byte layouts themselves are checked against Python's msgpack by the checkpoint tests (flax-checkpoints,
// python-read-back); these cover the sizes and edges those files do not hold.
describe('serialization msgpack codec', () => {
  it('round-trips every type, including the 32-bit-length forms of strings, bytes, arrays and maps', () => {
    const value = {
      nil: null,
      bools: [true, false],
      ints: [0, -1, 127, -32, 255, -129, 65_536, -(2 ** 31), 2 ** 53 - 1, -(2 ** 53) + 1],
      bigints: [2n ** 64n - 1n, -(2n ** 63n)],
      floats: [0.5, -1e-300, Infinity, NaN],
      longString: 's'.repeat(70_000),
      longBytes: new Uint8Array(70_000).fill(3),
      longArray: new Array<number>(70_000).fill(1),
      longMap: Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`k${i}`, i % 2 === 0])),
      ext: new MsgpackExt(42, new Uint8Array([1, 2, 3])),
    };
    expect(roundTrip(value)).to.deep.equal(value);
  });

  it('keeps integers beyond 2⁵³ exact as bigints, and writes -0 and unsafe integers as floats', () => {
    expect(roundTrip(2n ** 53n + 1n)).to.equal(2n ** 53n + 1n);
    expect(roundTrip(2n ** 40n)).to.equal(2 ** 40);
    expect(Object.is(roundTrip(-0), -0)).to.be.true;
    expect(msgpackEncode(2 ** 60, refuse)[0]).to.equal(0xcb);
    expect(() => msgpackEncode(2n ** 64n, refuse)).to.throw(RangeError, 'msgpack integers stop at 2⁶⁴ − 1');
  });

  it('gives values it does not know to the hook, naming their path', () => {
    const bytes = msgpackEncode(
      { a: [1, new Date(0)] },
      (value, path) => `${(value as Date).getTime()} at ${path}`,
    );
    expect(msgpackDecode(bytes)).to.deep.equal({ a: [1, '0 at ./a/1'] });
    expect(() => msgpackEncode({ f: () => 1 }, refuse)).to.throw(TypeError, 'at ./f');
  });

  it('refuses truncated bytes, extra bytes and the reserved byte 0xc1', () => {
    const bytes = msgpackEncode({ key: 'value' }, refuse);
    expect(() => msgpackDecode(bytes.subarray(0, bytes.length - 1))).to.throw(
      'msgpack: the bytes end in the middle of a value',
    );
    expect(() => msgpackDecode(new Uint8Array([...bytes, 0]))).to.throw(
      'msgpack: 1 extra bytes after the value',
    );
    expect(() => msgpackDecode(new Uint8Array([0xc1]))).to.throw(
      'byte 0xc1 at offset 0 does not start a value',
    );
  });

  it('reads map keys that are numbers as strings, and a "__proto__" key as a plain entry', () => {
    // fixmap of 2: 1 → 'a', '__proto__' → 2
    const bytes = new Uint8Array([
      0x82,
      0x01,
      0xa1,
      0x61,
      0xa9,
      ...new TextEncoder().encode('__proto__'),
      0x02,
    ]);
    const map = msgpackDecode(bytes) as Record<string, unknown>;
    expect(Object.keys(map)).to.deep.equal(['1', '__proto__']);
    expect(Object.getPrototypeOf(map)).to.equal(Object.prototype);
  });
});
