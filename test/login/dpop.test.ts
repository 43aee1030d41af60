// DPoP proofs: shape and signature checked independently (node:crypto verify against the header's jwk),
// and differentially against the SDK's own proof generator for the same key.
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dpopProof, loadDpopKey, publicJwk } from '../../src/login/dpop.js';
import { loginCachePath } from '../../src/login/cache.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { expectBroken } from '../support/outcomes.js';

const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const URL_ = 'https://eu-west-1.signin.aws.amazon.com/v1/token';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('dpopProof', () => {
  it('is an ES256 JWT over the public jwk with jti, htm, htu, iat; the raw r‖s signature verifies', () => {
    const key = loadDpopKey(pem(), 'the cache', 'run `aws login`');
    const proof = dpopProof(key, { htm: 'POST', htu: URL_, nowMs: 1_790_000_000_999 });
    const [head, payload, signature] = proof.split('.') as [string, string, string];
    expect(decode(head)).toEqual({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC', crv: 'P-256', x: publicJwk(key).x, y: publicJwk(key).y } });
    const claims = decode(payload);
    expect(claims).toMatchObject({ htm: 'POST', htu: URL_, iat: 1_790_000_000 });
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
    const publicKey = createPublicKey({ key: { ...decode(head).jwk }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${head}.${payload}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('never repeats a jti', () => {
    const key = loadDpopKey(pem(), 'the cache', 'run `aws login`');
    const jtis = new Set(Array.from({ length: 50 }, () => decode(dpopProof(key, { htm: 'POST', htu: URL_, nowMs: 0 }).split('.')[1]!).jti));
    expect(jtis.size).toBe(50);
  });

  it('matches the SDK\'s proof for the same key: same header bytes, same claim names and order', async () => {
    const { LoginCredentialsFetcher } = await import('@aws-sdk/credential-provider-login/dist-es/LoginCredentialsFetcher.js' as string);
    const dir = mkdtempSync(join(tmpdir(), 'credchain-dpop-'));
    dirs.push(dir);
    const keyPem = pem();
    const session = 'arn:aws:iam::123456789012:user/dpop';
    const file = loginCachePath({ env: { AWS_LOGIN_CACHE_DIRECTORY: dir }, platform: 'linux', homedir: () => dir }, session);
    writeFileSync(file, JSON.stringify({ accessToken: { accountId: '123456789012' }, clientId: 'c', refreshToken: 'r', dpopKey: keyPem }));
    const theirs: string = await withProcessEnv({ AWS_LOGIN_CACHE_DIRECTORY: dir }, () => new LoginCredentialsFetcher({ login_session: session }).generateDpop('POST', URL_));
    const ours = dpopProof(loadDpopKey(keyPem, 'the cache', 'run `aws login`'), { htm: 'POST', htu: URL_, nowMs: Date.now() });
    expect(ours.split('.')[0]).toBe(theirs.split('.')[0]);
    expect(Object.keys(decode(ours.split('.')[1]!))).toEqual(Object.keys(decode(theirs.split('.')[1]!)));
    expect(decode(ours.split('.')[1]!)).toMatchObject({ htm: 'POST', htu: URL_ });
  });
});

describe('loadDpopKey', () => {
  it.each([
    ['not a key at all', 'notAPemSENTINEL-0123456789', /is not a PEM private key/],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(), /is not an EC P-256 key/],
    ['a P-384 key', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString(), /is not an EC P-256 key/],
  ])('refuses %s, naming the file, never the key', (_what, text, message) => {
    let thrown: unknown;
    try {
      loadDpopKey(text, '~/.aws/login/cache/x.json', 'run `aws login`');
    } catch (error) {
      thrown = error;
    }
    expectBroken(thrown);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).toContain('~/.aws/login/cache/x.json');
    expect((thrown as Error).message).not.toContain(text.split('\n')[1] ?? text);
    expect((thrown as Error).cause).toBeUndefined();
  });
});
