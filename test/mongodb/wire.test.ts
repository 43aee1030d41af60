import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { MessageReader, OP_MSG, decodeOpMsg, encodeOpMsg, loadBson, readHeader } from '../../src/mongodb/wire.js';

// The driver's own OP_MSG encoder is the reference for the bytes on the wire.
const require = createRequire(import.meta.url);
const { OpMsgRequest } = require('mongodb/lib/cmap/commands.js');

describe('OP_MSG', () => {
  it('encodes a command byte-for-byte as the driver does', async () => {
    const codec = await loadBson();
    const command = { ping: 1, $db: 'admin' };
    const driver = new OpMsgRequest('admin', { ping: 1 }, {});
    driver.requestId = 7;
    const driverBytes = Buffer.concat(await driver.toBin());
    expect(encodeOpMsg(codec, 7, 0, command).equals(driverBytes)).toBe(true);
  });

  it('round-trips a document and reads the header', async () => {
    const codec = await loadBson();
    const message = encodeOpMsg(codec, 42, 41, { hello: 1, nested: { a: 'b' } });
    expect(readHeader(message)).toEqual({ length: message.length, requestId: 42, responseTo: 41, opCode: OP_MSG });
    expect(decodeOpMsg(codec, message)).toEqual({ hello: 1, nested: { a: 'b' } });
  });

  it('attaches document-sequence sections (kind 1) under their identifier', async () => {
    const codec = await loadBson();
    const body = Buffer.from(codec.serialize({ insert: 'c', $db: 'd' }));
    const docs = [codec.serialize({ x: 1 }), codec.serialize({ x: 2 })].map((d) => Buffer.from(d));
    const name = Buffer.from('documents\0');
    const seqSize = Buffer.alloc(4);
    seqSize.writeInt32LE(4 + name.length + docs[0]!.length + docs[1]!.length);
    const payload = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), body, Buffer.from([1]), seqSize, name, ...docs]);
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + payload.length, 0);
    header.writeInt32LE(OP_MSG, 12);
    expect(decodeOpMsg(codec, Buffer.concat([header, payload]))).toEqual({ insert: 'c', $db: 'd', documents: [{ x: 1 }, { x: 2 }] });
  });
});

describe('MessageReader', () => {
  it('reassembles messages split across and merged within chunks', async () => {
    const codec = await loadBson();
    const a = encodeOpMsg(codec, 1, 0, { a: 1 });
    const b = encodeOpMsg(codec, 2, 0, { b: 'two' });
    const stream = Buffer.concat([a, b]);
    const reader = new MessageReader();
    const seen: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 5) seen.push(...reader.push(stream.subarray(i, i + 5)));
    expect(seen.map((m) => m.equals(a) || m.equals(b))).toEqual([true, true]);
    expect(new MessageReader().push(stream)).toHaveLength(2);
  });

  it('any split of a stream of messages (chunks of 0 to 40 bytes) gives the same messages, in order', async () => {
    const codec = await loadBson();
    const sent = Array.from({ length: 12 }, (_, i) => encodeOpMsg(codec, i + 1, 0, { n: i, text: 'x'.repeat(i * 7) }));
    const stream = Buffer.concat(sent);
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 41;
    for (let round = 0; round < 50; round++) {
      const reader = new MessageReader();
      const seen: Buffer[] = [];
      for (let i = 0; i < stream.length; ) {
        const size = next();
        seen.push(...reader.push(stream.subarray(i, i + size)));
        i += size;
      }
      expect(seen.map((message) => message.toString('hex'))).toEqual(sent.map((message) => message.toString('hex')));
    }
  });

  it('is linear in the bytes fed: a 1 MiB message one byte at a time takes well under a second, not minutes (each byte copied once)', async () => {
    const codec = await loadBson();
    const message = encodeOpMsg(codec, 1, 0, { blob: Buffer.alloc(1024 * 1024, 7) });
    const reader = new MessageReader();
    const started = performance.now();
    const seen: Buffer[] = [];
    for (let i = 0; i < message.length; i++) seen.push(...reader.push(message.subarray(i, i + 1)));
    // A reader that concatenates what it holds with each chunk copies ~550 GB here.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.equals(message)).toBe(true);
  });

  it('refuses an impossible length as soon as its 4 bytes are in, however they arrive', () => {
    const reader = new MessageReader();
    const bogus = Buffer.alloc(8);
    bogus.writeInt32LE(60_000_000, 0);
    for (let i = 0; i < 3; i++) expect(reader.push(bogus.subarray(i, i + 1))).toEqual([]);
    expect(() => reader.push(bogus.subarray(3, 4))).toThrow(/invalid MongoDB message length 60000000/);
  });

  it('refuses an impossible length instead of waiting forever', () => {
    const bogus = Buffer.alloc(16);
    bogus.writeInt32LE(5, 0);
    expect(() => new MessageReader().push(bogus)).toThrow(/invalid MongoDB message length 5/);
    bogus.writeInt32LE(60_000_000, 0);
    expect(() => new MessageReader().push(bogus)).toThrow(/invalid MongoDB message length/);
  });
});
