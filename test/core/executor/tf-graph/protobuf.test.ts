import { expect } from 'chai';
import { ProtoWriter } from '../../../../src/core/executor/tf-graph/protobuf';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const varintField1 = (value: number): string => hex(new ProtoWriter().varint(1, value).finish());

describe('core/executor/tf-graph/protobuf', () => {
  it('writes varints least significant group first, seven bits a byte', () => {
    expect(varintField1(0)).to.equal('0800');
    expect(varintField1(1)).to.equal('0801');
    expect(varintField1(127)).to.equal('087f');
    expect(varintField1(128)).to.equal('088001');
    expect(varintField1(300)).to.equal('08ac02');
    expect(varintField1(2 ** 32)).to.equal('088080808010');
    expect(varintField1(2 ** 53 - 1)).to.equal('08ffffffffffffff0f');
  });

  it('writes negative integers as ten-byte 64-bit two’s complement', () => {
    expect(varintField1(-1)).to.equal('08ffffffffffffffffff01');
    expect(varintField1(-2)).to.equal('08feffffffffffffffff01');
    expect(varintField1(-(2 ** 31))).to.equal('0880808080f8ffffffff01');
    expect(varintField1(-(2 ** 32))).to.equal('0880808080f0ffffffff01');
  });

  it('puts the field number and wire type in each key', () => {
    expect(hex(new ProtoWriter().varint(16, 1).finish())).to.equal('800101');
    expect(hex(new ProtoWriter().bool(5, true).bool(5, false).finish())).to.equal('28012800');
    expect(hex(new ProtoWriter().float(4, 1.5).finish())).to.equal('250000c03f');
  });

  it('writes strings, bytes, sub-messages and map entries length-delimited, also when empty', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).to.equal('120774657374696e67');
    expect(hex(new ProtoWriter().string(1, 'é').finish())).to.equal('0a02c3a9');
    expect(hex(new ProtoWriter().bytes(4, new Uint8Array([1, 2])).finish())).to.equal('22020102');
    const inner = new ProtoWriter().varint(1, 150).finish();
    expect(hex(new ProtoWriter().bytes(3, inner).finish())).to.equal('1a03089601');
    expect(hex(new ProtoWriter().bytes(7, new Uint8Array()).finish())).to.equal('3a00');
    // map<string, M> entry { key = 1; value = 2 }
    expect(hex(new ProtoWriter().mapEntry(5, 'T', inner).finish())).to.equal('2a080a01541203089601');
  });

  it('packs repeated scalars into one length-delimited field, and writes nothing for none', () => {
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).to.equal('2206038e029ea705');
    expect(hex(new ProtoWriter().packedFloats(5, [1, -2]).finish())).to.equal('2a080000803f000000c0');
    expect(new ProtoWriter().packedVarints(4, []).packedFloats(5, []).finish()).to.have.length(0);
  });

  it('grows its buffer for long fields', () => {
    const long = new Uint8Array(1000).fill(7);
    const bytes = new ProtoWriter().bytes(1, long).varint(2, 1).finish();
    expect(bytes).to.have.length(1 + 2 + 1000 + 2);
    expect(hex(bytes.subarray(0, 3))).to.equal('0ae807');
    expect(hex(bytes.subarray(-2))).to.equal('1001');
  });

  it('rejects what protobuf cannot encode', () => {
    expect(() => new ProtoWriter().varint(1, 1.5)).to.throw(/safe integer.*1\.5/);
    expect(() => new ProtoWriter().varint(1, 2 ** 53)).to.throw(/safe integer/);
    expect(() => new ProtoWriter().varint(0, 1)).to.throw(/field number.*got 0/);
  });
});
