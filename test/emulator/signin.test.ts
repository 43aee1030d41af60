// The emulator's sign-in token endpoint (POST /v1/token): a DPoP proof built here by hand (not with
// src/login/dpop.ts) is accepted once; a bad signature, a foreign key, a wrong htm/htu, an old iat, a
// replayed jti, alg none or a private jwk are refused — and the issued keys are known to STS.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, stsCall, xmlText } from '../support/emulator-client.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ scenario: { login: { sessionArn: 'arn:aws:iam::123456789012:user/developer' } } });
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.reset();
  emulator.scenario.login.deny = null;
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface ProofParts {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  signWith?: KeyObject;
}

function proof(key: KeyObject, parts: ProofParts = {}): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const header = { alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, ...parts.header };
  const claims = { jti: randomUUID(), htm: 'POST', htu: `${emulator.url}/v1/token`, iat: Math.floor(Date.now() / 1000), ...parts.claims };
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: parts.signWith ?? key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/** A cache file's key and refresh token, as `aws login` would leave them. */
function signedIn(): { key: KeyObject; refreshToken: string; clientId: string } {
  const cache = emulator.loginCache({ expiresAt: Date.now() - 1000 });
  return { key: createPrivateKey(cache.dpopKey as string), refreshToken: cache.refreshToken as string, clientId: cache.clientId as string };
}

function token(dpop: string | undefined, body: Record<string, unknown>) {
  return call(emulator.url, { method: 'POST', path: '/v1/token', headers: { 'content-type': 'application/json', ...(dpop ? { DPoP: dpop } : {}) }, body: JSON.stringify(body) });
}

const grant = (s: { refreshToken: string; clientId: string }) => ({ clientId: s.clientId, refreshToken: s.refreshToken, grantType: 'refresh_token' });

describe('sign-in CreateOAuth2Token', () => {
  it('a valid proof → new keys the emulator knows (GetCallerIdentity = the signed-in identity) and a rotated refresh token', async () => {
    const session = signedIn();
    const response = await token(proof(session.key), grant(session));
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ tokenType: 'aws_sigv4', expiresIn: 900, accessToken: { accessKeyId: expect.stringMatching(/^ASIA/) } });
    expect(body.refreshToken).not.toBe(session.refreshToken);
    const identity = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, body.accessToken);
    expect(xmlText(identity.body, 'Arn')).toBe('arn:aws:iam::123456789012:user/developer');
    expect(emulator.count('signin:CreateOAuth2Token')).toBe(1);
  });

  it('the rotated refresh token stays bound to the same key', async () => {
    const session = signedIn();
    const first = JSON.parse((await token(proof(session.key), grant(session))).body);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const response = await token(proof(other), grant({ ...session, refreshToken: first.refreshToken }));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'INVALID_DPOP_PROOF', message: expect.stringMatching(/another key/) });
  });

  it('a replayed proof (same jti) is refused', async () => {
    const session = signedIn();
    const once = proof(session.key);
    expect((await token(once, grant(session))).status).toBe(200);
    const again = await token(once, grant(session));
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body).message).toMatch(/jti replayed/);
  });

  it.each([
    ['no DPoP header', () => undefined, /No DPoP header/],
    ['not a JWS', () => 'abc.def', /not a compact JWS/],
    ['alg none', (k: KeyObject) => proof(k, { header: { alg: 'none' } }), /alg ES256/],
    ['a jwk with the private part', (k: KeyObject) => proof(k, { header: { jwk: { ...k.export({ format: 'jwk' }) } } }), /no public EC P-256 jwk/],
    ['signed by another key than the jwk', (k: KeyObject) => proof(k, { signWith: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }), /signature does not verify/],
    ['htm GET', (k: KeyObject) => proof(k, { claims: { htm: 'GET' } }), /htm/],
    ['htu of another host', (k: KeyObject) => proof(k, { claims: { htu: 'https://us-east-1.signin.aws.amazon.com/v1/token' } }), /htu/],
    ['iat ten minutes old', (k: KeyObject) => proof(k, { claims: { iat: Math.floor(Date.now() / 1000) - 600 } }), /iat/],
    ['no jti', (k: KeyObject) => proof(k, { claims: { jti: '' } }), /no jti/],
  ])('%s → 400 INVALID_DPOP_PROOF, nothing issued', async (_what, make, message) => {
    const session = signedIn();
    const response = await token(make(session.key), grant(session));
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(JSON.parse(response.body)).toMatchObject({ error: 'INVALID_DPOP_PROOF', message: expect.stringMatching(message) });
  });

  it('an unknown refresh token → AccessDeniedException TOKEN_EXPIRED; scenario.login.deny → that kind', async () => {
    const session = signedIn();
    const unknown = await token(proof(session.key), grant({ ...session, refreshToken: 'not-a-token' }));
    expect(unknown.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(unknown.body).error).toBe('TOKEN_EXPIRED');
    emulator.scenario.login.deny = 'USER_CREDENTIALS_CHANGED';
    const denied = await token(proof(session.key), grant(session));
    expect(JSON.parse(denied.body).error).toBe('USER_CREDENTIALS_CHANGED');
  });

  it('keeps every proof, DPoP key and refresh token among its secrets', async () => {
    const session = signedIn();
    const sent = proof(session.key);
    await token(sent, grant(session));
    const secrets = emulator.secrets();
    expect(secrets).toContain(sent);
    expect(secrets).toContain(session.refreshToken);
    expect(secrets.some((s) => s.includes('BEGIN EC PRIVATE KEY'))).toBe(true);
  });
});
