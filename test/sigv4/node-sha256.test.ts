// NodeSha256: the hash the signer is given — SHA-256 and HMAC-SHA-256 against published vectors, every
// input shape the signer passes, and reset().
import { describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../src/sigv4/node-sha256.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('NodeSha256', () => {
  it('hashes like SHA-256 (FIPS 180-2 vectors)', async () => {
    const empty = new NodeSha256();
    expect(hex(await empty.digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const abc = new NodeSha256();
    abc.update(new TextEncoder().encode('abc'));
    expect(hex(await abc.digest())).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is HMAC-SHA-256 when given a secret, as a string or as bytes (RFC 4231 case 2)', async () => {
    const expected = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    for (const secret of ['Jefe', new TextEncoder().encode('Jefe'), new TextEncoder().encode('Jefe').buffer]) {
      const mac = new NodeSha256(secret);
      mac.update(new TextEncoder().encode('what do ya want '));
      mac.update(new TextEncoder().encode('for nothing?'));
      expect(hex(await mac.digest())).toBe(expected);
    }
  });

  it('hashes only the viewed bytes of a typed-array view', async () => {
    const backing = new TextEncoder().encode('xxabcxx');
    const hash = new NodeSha256();
    hash.update(new DataView(backing.buffer, 2, 3));
    expect(hex(await hash.digest())).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('starts over on reset(), keeping the HMAC key', async () => {
    const mac = new NodeSha256('Jefe');
    mac.update(new TextEncoder().encode('noise'));
    mac.reset();
    mac.update(new TextEncoder().encode('what do ya want for nothing?'));
    expect(hex(await mac.digest())).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
