// credchain's signer against the AWS SDK's own (@smithy/signature-v4, a devDependency kept for this): the
// same random requests must get the same headers and presigned URLs. Plus the one input where they part.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uriEncode } from '../../src/sigv4/canonical.js';
import { presignUrl, signRequest, type SigningCredentials } from '../../src/sigv4/sign.js';
import { binaryString } from '../support/binary-string.js';

const RUNS = 250;

/** Characters that exercise encoding: unreserved, sub-delims, '%', space, tab-free unicode (1, 2 and 4 UTF-8 bytes). */
const TRICKY = [...'aZ09-._~:@=+$,;!\'()*&% é', 'ሴ', '😀'];
const trickyText = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...TRICKY), minLength, maxLength });

const segment = (text: fc.Arbitrary<string>) => fc.oneof(fc.constantFrom('', '.', '..'), text);
const path = (text: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(segment(text), { maxLength: 6 }), fc.boolean()).map(([segments, trailing]) => `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`);
/** Paths whose every character is unreserved: the only ones the SDK signs correctly with normalisation off. */
const plainPath = path(fc.stringMatching(/^[A-Za-z0-9\-_~.]{1,6}$/));

const queryPairs = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('a', 'A', 'a-b', 'Action', 'x y'), trickyText(1, 6)), fc.oneof(fc.constantFrom('', '1', 'a b', '+', '='), trickyText(0, 8))), { maxLength: 6 })
  .map((pairs) => pairs.filter(([name]) => name.toLowerCase() !== 'x-amz-signature'));

/** Distinct names (case-insensitively: Node sends one header per name), some the signer must leave unsigned. */
const headers = fc
  .uniqueArray(
    fc.tuple(
      fc.oneof(
        fc.stringMatching(/^[Xx]-[A-Za-z0-9][A-Za-z0-9-]{0,10}$/),
        fc.constantFrom('Content-Type', 'accept', 'X-Amz-Meta-Note', 'x-amz-target', 'User-Agent', 'connection', 'Proxy-Authorization', 'sec-fetch-mode', 'x-amzn-trace-id'),
      ),
      fc.stringMatching(/^[ \t!-~]{0,30}$/),
    ),
    { selector: ([name]) => name.toLowerCase(), maxLength: 6 },
  )
  .map((entries) => Object.fromEntries(entries.filter(([name]) => !['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'].includes(name.toLowerCase()))));

const host = fc.tuple(fc.constantFrom('sts.amazonaws.com', 'sts.eu-west-1.amazonaws.com', '127.0.0.1', 'example.com'), fc.constantFrom(undefined, 443, 8080));
const credentials = fc.record({
  accessKeyId: fc.stringMatching(/^(AKIA|ASIA)[A-Z2-7]{16}$/),
  secretAccessKey: fc.stringMatching(/^[A-Za-z0-9/+]{40}$/),
  sessionToken: fc.constantFrom(undefined, '', 'FQoGZXIvYXdzE//token+value='),
});
const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

const request = (pathArbitrary: fc.Arbitrary<string>) =>
  fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'),
    host,
    path: pathArbitrary,
    query: queryPairs,
    headers,
    body: fc.option(binaryString({ maxLength: 60 }), { nil: undefined }),
    bodyHashHeader: fc.boolean(),
    credentials,
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'),
    service: fc.constantFrom('sts', 'service', 'execute-api'),
    now: date,
    signBody: fc.boolean(),
  });
type Sample = typeof request extends (p: never) => fc.Arbitrary<infer T> ? T : never;

/** The same request in both signers' shapes: a URL for credchain, smithy's HttpRequest (with the host header it needs). */
function bothShapes(sample: Sample) {
  const [hostname, port] = sample.host;
  const authority = port === undefined ? hostname : `${hostname}:${port}`;
  const queryText = sample.query.map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).join('&');
  const callerHeaders: Record<string, string> = { ...sample.headers };
  // A caller-given body hash is what gets signed (S3 style); mostly a real one, as the SDK's middleware sets it.
  if (sample.bodyHashHeader) callerHeaders['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  const ours = {
    method: sample.method,
    url: `https://${authority}${sample.path}${queryText ? `?${queryText}` : ''}`,
    headers: callerHeaders,
    ...(sample.body !== undefined ? { body: sample.body } : {}),
  };
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of sample.query) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const smithy = {
    method: sample.method,
    protocol: 'https:',
    hostname,
    ...(port !== undefined ? { port } : {}),
    path: sample.path,
    query,
    headers: { ...callerHeaders, host: port === undefined || port === 443 ? hostname : authority },
    ...(sample.body !== undefined ? { body: sample.body } : {}),
  };
  const keys: SigningCredentials = { accessKeyId: sample.credentials.accessKeyId, secretAccessKey: sample.credentials.secretAccessKey };
  if (sample.credentials.sessionToken !== undefined) keys.sessionToken = sample.credentials.sessionToken;
  return { ours, smithy, keys };
}

function smithySigner(sample: Sample, keys: SigningCredentials, normalizePath: boolean) {
  return new SignatureV4({ credentials: keys, region: sample.region, service: sample.service, sha256: Sha256, uriEscapePath: normalizePath, applyChecksum: sample.signBody });
}

async function expectSameHeaders(sample: Sample, normalizePath: boolean): Promise<void> {
  const { ours, smithy, keys } = bothShapes(sample);
  const signed = await signRequest(ours, keys, { region: sample.region, service: sample.service }, sample.now, { signBody: sample.signBody, normalizePath });
  const expected = await smithySigner(sample, keys, normalizePath).sign(smithy, { signingDate: sample.now });
  expect(signed.authorization, ours.url).toBe(expected.headers.authorization);
  expect(signed).toEqual(expected.headers);
}

async function expectSameUrl(sample: Sample, normalizePath: boolean): Promise<void> {
  const { ours, smithy, keys } = bothShapes(sample);
  const url = await presignUrl(ours, keys, { region: sample.region, service: sample.service }, sample.now, 900, { normalizePath });
  const expected = await smithySigner(sample, keys, normalizePath).presign(smithy, { signingDate: sample.now, expiresIn: 900 });
  const ourQuery = [...new URL(url).searchParams.entries()];
  const theirQuery = Object.entries(expected.query ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => [name, String(one)]));
  expect(new URL(url).searchParams.get('X-Amz-Signature'), ours.url).toBe(expected.query!['X-Amz-Signature']);
  expect(ourQuery.sort()).toEqual(theirQuery.sort());
}

describe('credchain signer = @smithy/signature-v4 on random requests', () => {
  it('header signing, path normalisation on (every AWS service but S3)', async () => {
    await fc.assert(fc.asyncProperty(request(path(trickyText(1, 6))), (sample) => expectSameHeaders(sample, true)), { numRuns: RUNS });
  });

  it('presigned URLs, path normalisation on', async () => {
    await fc.assert(fc.asyncProperty(request(path(trickyText(1, 6))), (sample) => expectSameUrl(sample, true)), { numRuns: RUNS });
  });

  it('normalisation off, for paths of unreserved characters (where "encode once" and "verbatim" agree)', async () => {
    await fc.assert(
      fc.asyncProperty(request(plainPath), async (sample) => {
        await expectSameHeaders(sample, false);
        await expectSameUrl(sample, false);
      }),
      { numRuns: RUNS / 5 },
    );
  });
});

describe('where they part: normalisation off with a path that needs encoding (conformance get-space-unnormalized)', () => {
  it('smithy signs the raw path unencoded (`/example space/`), credchain encodes it once, as the suite expects', async () => {
    const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const now = new Date('2015-08-30T12:36:00Z');
    const expectedSignature = '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741'; // the fixture's header-signature.txt
    const ours = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/example space/', headers: {} }, keys, { region: 'us-east-1', service: 'service' }, now, { normalizePath: false });
    const smithy = await new SignatureV4({ credentials: keys, region: 'us-east-1', service: 'service', sha256: Sha256, uriEscapePath: false }).sign(
      { method: 'GET', protocol: 'https:', hostname: 'example.amazonaws.com', path: '/example space/', query: {}, headers: { host: 'example.amazonaws.com' } },
      { signingDate: now },
    );
    expect(ours.authorization).toMatch(new RegExp(`Signature=${expectedSignature}$`));
    expect(smithy.headers.authorization).not.toMatch(new RegExp(`Signature=${expectedSignature}$`));
  });
});
