// verifySignature(): accepts what the signer (and the conformance suite's independently signed requests)
// produce, and rejects wrong keys, secrets, tokens, tampering, bad headers and stale dates with AWS's codes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/sigv4/sign.js';
import { verifySignature, type KnownSecret, type ReceivedRequest, type Verdict } from '../../src/emulator/sigv4-verify.js';
import { parseRequest } from '../sigv4/support/request-txt.js';

const KEY_ID = 'ASIAVERIFYEXAMPLE001';
const SECRET = 'verifySecretSENTINEL/abcdefghijklmnopqrstu';
const TOKEN = 'verifyTokenSENTINEL-IQoJb3JpZ2luX2VjEJr//////////';
const LONG_TERM_ID = 'AKIAVERIFYEXAMPLE002';
const LONG_TERM_SECRET = 'longTermSecretSENTINEL/abcdefghijklmnopqr';
const SECRETS = [SECRET, TOKEN, LONG_TERM_SECRET];
const NOW = new Date('2026-11-22T12:00:00Z');
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

const issued: Record<string, KnownSecret> = {
  [KEY_ID]: { secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date('2026-11-22T13:00:00Z') },
  [LONG_TERM_ID]: { secretAccessKey: LONG_TERM_SECRET },
};
const lookup = (accessKeyId: string) => issued[accessKeyId];

/** What a loopback server receives for a signed STS call: lower-case header names, path + query as the target. */
async function signedStsRequest(
  overrides: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string | undefined; signedAt?: Date; target?: string } = {},
): Promise<ReceivedRequest> {
  const target = overrides.target ?? '/';
  const headers = await signRequest(
    { method: 'POST', url: `http://127.0.0.1:4567${target}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: BODY },
    {
      accessKeyId: overrides.accessKeyId ?? KEY_ID,
      secretAccessKey: overrides.secretAccessKey ?? SECRET,
      ...('sessionToken' in overrides ? (overrides.sessionToken ? { sessionToken: overrides.sessionToken } : {}) : { sessionToken: TOKEN }),
    },
    { region: 'eu-west-1', service: 'sts' },
    overrides.signedAt ?? NOW,
  );
  return { method: 'POST', url: target, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), body: BODY };
}

function expectRejected(verdict: Verdict, code: string): void {
  expect(verdict).toMatchObject({ ok: false, code });
  // Whatever the failure, the message carries no secret.
  const text = JSON.stringify(verdict);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

function withHeader(request: ReceivedRequest, name: string, value: string | undefined): ReceivedRequest {
  const headers = { ...request.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...request, headers };
}

describe('verifySignature: accepts', () => {
  it('a request signed with the issued temporary key and token', async () => {
    expect(await verifySignature(await signedStsRequest(), lookup, NOW)).toEqual({ ok: true, accessKeyId: KEY_ID, region: 'eu-west-1', service: 'sts' });
  });

  it('a long-term key without a token, a query string, and no clock when none is given', async () => {
    const request = await signedStsRequest({ accessKeyId: LONG_TERM_ID, secretAccessKey: LONG_TERM_SECRET, sessionToken: undefined, target: '/?Action=GetCallerIdentity&Version=2011-06-15', signedAt: new Date('2001-01-01T00:00:00Z') });
    expect(await verifySignature(request, lookup)).toMatchObject({ ok: true, accessKeyId: LONG_TERM_ID });
  });

  it('header names in any case, and extra unsigned headers (a proxy may add them)', async () => {
    const request = await signedStsRequest();
    const shouted = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await verifySignature({ ...request, headers: { ...shouted, 'user-agent': 'x', 'x-forwarded-for': '10.0.0.1' } }, lookup, NOW)).toMatchObject({ ok: true });
  });

  it('a date up to 15 minutes away from the server clock', async () => {
    const request = await signedStsRequest({ signedAt: new Date(NOW.getTime() - 14 * 60_000) });
    expect(await verifySignature(request, lookup, NOW)).toMatchObject({ ok: true });
  });

  // Requests signed by aws-c-auth / smithy-rs, not by us: the verifier agrees with an independent signer.
  it.each(['get-vanilla', 'get-vanilla-query-order-encoded', 'get-vanilla-with-session-token', 'post-x-www-form-urlencoded', 'post-sts-header-before', 'post-sts-header-after', 'get-header-value-trim'])(
    'the conformance suite request %s',
    async (name) => {
      const dir = new URL(`../fixtures/sigv4/${name}/`, import.meta.url);
      const context = JSON.parse(readFileSync(new URL('context.json', dir), 'utf8'));
      const signed = parseRequest(readFileSync(new URL('header-signed-request.txt', dir), 'utf8'));
      const known = { secretAccessKey: context.credentials.secret_access_key, ...(context.credentials.token ? { sessionToken: context.credentials.token } : {}) };
      const verdict = await verifySignature(
        { method: signed.method, url: signed.target, headers: signed.headers, ...(signed.body !== undefined ? { body: signed.body } : {}) },
        (id) => (id === context.credentials.access_key_id ? known : undefined),
        new Date(context.timestamp),
      );
      expect(verdict).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', service: 'service' });
    },
  );
});

describe('verifySignature: rejects', () => {
  it('a wrong secret: SignatureDoesNotMatch', async () => {
    expectRejected(await verifySignature(await signedStsRequest({ secretAccessKey: `${SECRET}x` }), lookup, NOW), 'SignatureDoesNotMatch');
  });

  it('an access key id never issued: InvalidClientTokenId', async () => {
    expectRejected(await verifySignature(await signedStsRequest({ accessKeyId: 'ASIAUNKNOWN000000001' }), lookup, NOW), 'InvalidClientTokenId');
  });

  it('a wrong, missing or superfluous session token: InvalidClientTokenId', async () => {
    expectRejected(await verifySignature(await signedStsRequest({ sessionToken: `${TOKEN}x` }), lookup, NOW), 'InvalidClientTokenId');
    expectRejected(await verifySignature(await signedStsRequest({ sessionToken: undefined }), lookup, NOW), 'InvalidClientTokenId');
    const longTerm = await signedStsRequest({ accessKeyId: LONG_TERM_ID, secretAccessKey: LONG_TERM_SECRET, sessionToken: TOKEN });
    expectRejected(await verifySignature(longTerm, lookup, NOW), 'InvalidClientTokenId');
  });

  it('a token swapped after signing: SignatureDoesNotMatch even when it is the issued one', async () => {
    // Signed with a different token than the one sent: the right token, but not the signed one.
    const request = withHeader(await signedStsRequest({ sessionToken: 'someOtherToken' }), 'x-amz-security-token', TOKEN);
    expectRejected(await verifySignature(request, lookup, NOW), 'SignatureDoesNotMatch');
  });

  it('a tampered body, signed header, path, query or method: SignatureDoesNotMatch', async () => {
    const good = await signedStsRequest({ target: '/?a=1' });
    const tampered: ReceivedRequest[] = [
      { ...good, body: `${BODY}&RoleArn=x` },
      withHeader(good, 'content-type', 'text/plain'),
      withHeader(good, 'host', '127.0.0.1:4568'),
      { ...good, url: '/x?a=1' },
      { ...good, url: '/?a=2' },
      { ...good, method: 'PUT' },
    ];
    for (const request of tampered) expectRejected(await verifySignature(request, lookup, NOW), 'SignatureDoesNotMatch');
    expect(await verifySignature(good, lookup, NOW)).toMatchObject({ ok: true }); // the control
  });

  it('a date more than 15 minutes away: SignatureDoesNotMatch (signature expired)', async () => {
    for (const minutes of [-16, 16]) {
      const request = await signedStsRequest({ signedAt: new Date(NOW.getTime() + minutes * 60_000) });
      const verdict = await verifySignature(request, lookup, NOW);
      expectRejected(verdict, 'SignatureDoesNotMatch');
      expect(verdict).toMatchObject({ message: expect.stringMatching(/expired/) });
    }
  });

  it('a temporary key past its expiration: ExpiredToken', async () => {
    const later = new Date('2026-11-22T13:00:01Z');
    expectRejected(await verifySignature(await signedStsRequest({ signedAt: later }), lookup, later), 'ExpiredToken');
  });

  it('no Authorization header: MissingAuthenticationToken', async () => {
    expectRejected(await verifySignature(withHeader(await signedStsRequest(), 'authorization', undefined), lookup, NOW), 'MissingAuthenticationToken');
  });

  it('an x-amz-content-sha256 that is not the body hash: XAmzContentSHA256Mismatch', async () => {
    const request = withHeader(await signedStsRequest(), 'x-amz-content-sha256', '0'.repeat(64));
    expectRejected(await verifySignature(request, lookup, NOW), 'XAmzContentSHA256Mismatch');
  });

  const authorizationVariants: Array<[string, (auth: string) => string]> = [
    ['another algorithm', (auth) => auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512')],
    ['no Credential', (auth) => auth.replace(/Credential=[^,]+, /, '')],
    ['no SignedHeaders', (auth) => auth.replace(/SignedHeaders=[^,]+, /, '')],
    ['no Signature', (auth) => auth.replace(/, Signature=.*$/, '')],
    ['a short scope', (auth) => auth.replace('/eu-west-1/sts/aws4_request', '/eu-west-1/aws4_request')],
    ['a scope not ending in aws4_request', (auth) => auth.replace('aws4_request', 'aws5_request')],
    ['a signature that is not hex', (auth) => auth.replace(/Signature=.*$/, 'Signature=zz')],
    ['host not signed', (auth) => auth.replace('host;', '')],
    ['x-amz-date not signed', (auth) => auth.replace('x-amz-date;', '')],
    ['a signed header that is absent', (auth) => auth.replace('SignedHeaders=', 'SignedHeaders=a-missing-header;')],
  ];
  it.each(authorizationVariants)('an Authorization header with %s: IncompleteSignature', async (_, change) => {
    const request = await signedStsRequest();
    expectRejected(await verifySignature(withHeader(request, 'authorization', change(request.headers.authorization!)), lookup, NOW), 'IncompleteSignature');
  });

  it('a missing or malformed x-amz-date: IncompleteSignature', async () => {
    const request = await signedStsRequest();
    expectRejected(await verifySignature(withHeader(request, 'x-amz-date', undefined), lookup, NOW), 'IncompleteSignature');
    expectRejected(await verifySignature(withHeader(request, 'x-amz-date', '2026-11-22T12:00:00Z'), lookup, NOW), 'IncompleteSignature');
    expectRejected(await verifySignature(withHeader(request, 'x-amz-date', '20261131T120000Z'), lookup, NOW), 'IncompleteSignature');
  });

  it('a credential scope date that is not the x-amz-date day: SignatureDoesNotMatch', async () => {
    const request = await signedStsRequest();
    const auth = request.headers.authorization!.replace('/20261122/', '/20261121/');
    expectRejected(await verifySignature(withHeader(request, 'authorization', auth), lookup, NOW), 'SignatureDoesNotMatch');
  });
});
