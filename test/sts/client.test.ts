// The STS client over a fake Context: exact request bodies, signatures re-computed independently,
// reply parsing, every STS error surfaced with its Code, and the retry bound (sleep is a fake clock).
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { NetworkError } from '../../src/errors.js';
import {
  STS_MAX_RETRIES,
  formBody,
  getCallerIdentity,
  stsAssumeRole,
  stsAssumeRoleWithWebIdentity,
  stsGetSessionToken,
  type StsCall,
} from '../../src/sts/client.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectedSignature, parseAuthorization } from './support/resign.js';
import { callerIdentityReply, credentialsReply, errorReply } from './support/replies.js';
import { labelled } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const SOURCE_SECRET = 'srcSecretSENTINEL/0123456789abcdefghijklmn';
const SOURCE_TOKEN = 'srcTokenSENTINEL-zyxwvutsrqponmlk';
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.webTokenSENTINEL.sig';
const ISSUED_SECRET = 'issuedSecretSENTINEL/abcdefghijklmnopqrstuv';
const ISSUED_TOKEN = 'issuedTokenSENTINEL-FwoGZXIvYXdzEJr';
const SECRETS = [SOURCE_SECRET, SOURCE_TOKEN, WEB_TOKEN, ISSUED_SECRET, ISSUED_TOKEN];

const SESSION = {
  accessKeyId: 'ASIAISSUEDEXAMPLE001',
  secretAccessKey: ISSUED_SECRET,
  sessionToken: ISSUED_TOKEN,
  expiration: '2026-11-22T13:00:00Z',
  arn: 'arn:aws:sts::123456789012:assumed-role/app/session-1',
};
const SOURCE = { accessKeyId: 'AKIASOURCEEXAMPLE001', secretAccessKey: SOURCE_SECRET, sessionToken: SOURCE_TOKEN };
const ROLE = 'arn:aws:iam::123456789012:role/app';
const ok = (body: string): HttpResponse => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });
const fail = (status: number, code: string, message: string): HttpResponse => ({ status, headers: {}, body: errorReply(code, message) });

function machine(answer: (request: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>) {
  let index = 0;
  const m = fakeMachine({ request: (request) => answer(request, index++) });
  const sleeps: number[] = [];
  const sleep = m.context.sleep;
  m.context.sleep = async (ms) => {
    sleeps.push(ms);
    await sleep(ms);
  };
  const call: StsCall = { context: m.context, endpoint: { url: 'https://sts.eu-west-1.amazonaws.com', signingRegion: 'eu-west-1', region: 'eu-west-1' }, random: () => 0.5 };
  return { ...m, sleeps, call };
}

async function caught(promise: Promise<unknown>): Promise<CredentialsProviderError> {
  const error = await labelled('web-identity', promise).then(() => undefined, (e: unknown) => e);
  expectBroken(error);
  const text = `${(error as Error).message} ${(error as CredentialsProviderError).fix ?? ''}`;
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  return error as CredentialsProviderError;
}

describe('formBody', () => {
  it('encodes as the SDK query protocol does (RFC 3986, also !\'()*) and leaves out unset members', () => {
    expect(formBody([['A', "x y+z/=!'()*~"], ['B', undefined], ['C', 'é']])).toBe("A=x%20y%2Bz%2F%3D%21%27%28%29%2A~&C=%C3%A9");
  });
});

describe('AssumeRoleWithWebIdentity (unsigned)', () => {
  it('POSTs the form to <endpoint>/ without Authorization and returns the credentials with the account id', async () => {
    const m = machine(() => ok(credentialsReply('AssumeRoleWithWebIdentity', SESSION)));
    const reply = await stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 'session-1', webIdentityToken: WEB_TOKEN });
    expect(reply).toEqual({
      accessKeyId: 'ASIAISSUEDEXAMPLE001',
      secretAccessKey: ISSUED_SECRET,
      sessionToken: ISSUED_TOKEN,
      expiration: new Date('2026-11-22T13:00:00Z'),
      assumedRoleArn: SESSION.arn,
      accountId: '123456789012',
    });
    const [request] = m.requests;
    expect(request).toMatchObject({ method: 'POST', url: 'https://sts.eu-west-1.amazonaws.com/' });
    expect(request!.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(request!.body).toBe(
      `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fapp&RoleSessionName=session-1&WebIdentityToken=${encodeURIComponent(WEB_TOKEN)}`,
    );
    expect(request!.timeoutMs).toBeGreaterThan(0);
  });

  it('keeps a base path of a custom endpoint', async () => {
    const m = machine(() => ok(credentialsReply('AssumeRoleWithWebIdentity', SESSION)));
    await stsAssumeRoleWithWebIdentity({ ...m.call, endpoint: { url: 'http://127.0.0.1:9/sts', signingRegion: 'us-east-1' } }, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN });
    expect(m.requests[0]!.url).toBe('http://127.0.0.1:9/sts/');
  });
});

describe('signed calls (AssumeRole, GetCallerIdentity)', () => {
  it('AssumeRole: signs with the source credentials for the endpoint region and sends the session token', async () => {
    const m = machine(() => ok(credentialsReply('AssumeRole', SESSION)));
    const reply = await stsAssumeRole(m.call, SOURCE, {
      roleArn: ROLE,
      roleSessionName: 'session-1',
      durationSeconds: 3600,
      externalId: 'ext-123',
      serialNumber: 'arn:aws:iam::123456789012:mfa/me',
      tokenCode: '123456',
    });
    expect(reply.accountId).toBe('123456789012');
    const request = m.requests[0]!;
    expect(request.body).toBe(
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fapp&RoleSessionName=session-1&DurationSeconds=3600&ExternalId=ext-123&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme&TokenCode=123456',
    );
    const headers = lower(request.headers!);
    const auth = parseAuthorization(headers.authorization!);
    expect(auth).toMatchObject({ accessKeyId: 'AKIASOURCEEXAMPLE001', region: 'eu-west-1', service: 'sts', date: '20261122' });
    expect(headers['x-amz-date']).toBe('20261122T120000Z');
    expect(headers['x-amz-security-token']).toBe(SOURCE_TOKEN);
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type']));
    expect(auth.signature).toBe(expectedSignature({ method: 'POST', url: request.url, headers: request.headers!, body: request.body! }, SOURCE_SECRET));
  });

  it('a signature made with another secret does not verify (the check can fail)', async () => {
    const m = machine(() => ok(credentialsReply('AssumeRole', SESSION)));
    await stsAssumeRole(m.call, SOURCE, { roleArn: ROLE, roleSessionName: 's1' });
    const request = m.requests[0]!;
    const auth = parseAuthorization(lower(request.headers!).authorization!);
    expect(auth.signature).not.toBe(expectedSignature({ method: 'POST', url: request.url, headers: request.headers!, body: request.body! }, 'another-secret'));
  });

  it('GetSessionToken: signed with the long-term keys, SerialNumber/TokenCode sent, the session parsed (no account: no ARN in the reply)', async () => {
    const reply = `<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials>
      <AccessKeyId>${SESSION.accessKeyId}</AccessKeyId><SecretAccessKey>${ISSUED_SECRET}</SecretAccessKey><SessionToken>${ISSUED_TOKEN}</SessionToken>
      <Expiration>${SESSION.expiration}</Expiration></Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetSessionTokenResponse>`;
    const m = machine(() => ok(reply));
    const keys = { accessKeyId: 'AKIASOURCEEXAMPLE001', secretAccessKey: SOURCE_SECRET };
    const session = await stsGetSessionToken(m.call, keys, { durationSeconds: 3600, serialNumber: 'arn:aws:iam::123456789012:mfa/me', tokenCode: '123456' });
    expect(session).toEqual({ accessKeyId: SESSION.accessKeyId, secretAccessKey: ISSUED_SECRET, sessionToken: ISSUED_TOKEN, expiration: new Date(SESSION.expiration) });
    const request = m.requests[0]!;
    expect(request.body).toBe('Action=GetSessionToken&Version=2011-06-15&DurationSeconds=3600&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme&TokenCode=123456');
    const headers = lower(request.headers!);
    expect(headers['x-amz-security-token']).toBeUndefined();
    expect(parseAuthorization(headers.authorization!).signature).toBe(expectedSignature({ method: 'POST', url: request.url, headers: request.headers!, body: request.body! }, SOURCE_SECRET));
  });

  it('GetCallerIdentity: signed, long-term keys send no token, reply parsed', async () => {
    const m = machine(() => ok(callerIdentityReply('123456789012', 'arn:aws:iam::123456789012:user/alice', 'AIDAEXAMPLE')));
    const who = await getCallerIdentity(m.call, { accessKeyId: 'AKIASOURCEEXAMPLE001', secretAccessKey: SOURCE_SECRET });
    expect(who).toEqual({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAEXAMPLE' });
    const request = m.requests[0]!;
    expect(request.body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
    const headers = lower(request.headers!);
    expect(headers['x-amz-security-token']).toBeUndefined();
    const auth = parseAuthorization(headers.authorization!);
    expect(auth.signature).toBe(expectedSignature({ method: 'POST', url: request.url, headers: request.headers!, body: request.body! }, SOURCE_SECRET));
  });

  it('re-signs every attempt with the time of that attempt', async () => {
    const m = machine((_r, i) => (i === 0 ? fail(400, 'Throttling', 'Rate exceeded') : ok(credentialsReply('AssumeRole', SESSION))));
    m.call.random = () => 0.999;
    m.clock.advance(0);
    await stsAssumeRole(m.call, SOURCE, { roleArn: ROLE, roleSessionName: 's1' });
    expect(m.requests).toHaveLength(2);
    for (const request of m.requests) {
      const auth = parseAuthorization(lower(request.headers!).authorization!);
      expect(auth.signature).toBe(expectedSignature({ method: 'POST', url: request.url, headers: request.headers!, body: request.body! }, SOURCE_SECRET));
    }
  });
});

describe('STS errors are surfaced with Code, Message and a fix', () => {
  const cases: Array<[string, number, string, RegExp]> = [
    ['AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity', /trust policy of arn:aws:iam::123456789012:role\/app/],
    ['InvalidIdentityToken', 400, 'No OpenIDConnect provider found in your account for https://oidc.example.com', /\/var\/run\/token was rejected/],
    ['ExpiredTokenException', 400, 'Token expired: current date/time 1700000000 must be before the expiration date/time 1690000000', /has expired: the platform that writes it/],
    ['IDPRejectedClaim', 403, 'Incorrect token audience', /audience and subject conditions/],
    ['InvalidParameterValue', 400, 'Request ARN is invalid', /^$/],
    ['RegionDisabledException', 403, 'STS is not activated in this region for account:123456789012', /not activated in eu-west-1/],
    ['ValidationError', 400, "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint", /role_session_name/],
  ];
  it.each(cases)('%s', async (code, status, message, fix) => {
    const m = machine(() => fail(status, code, message));
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN, tokenFile: '/var/run/token' }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`web-identity: STS AssumeRoleWithWebIdentity for ${ROLE} at https://sts.eu-west-1.amazonaws.com/ failed: ${code}: ${message} (HTTP ${status}, request id 9f1c7e2a-0000-4000-8000-000000000000)`);
    expect(error.fix ?? '').toMatch(fix);
    expect(m.requests).toHaveLength(1);
  });

  it.each([
    ['InvalidClientTokenId', 'The security token included in the request is invalid.', /access key id is unknown/],
    ['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', /secret access key does not belong/],
    ['ExpiredToken', 'The security token included in the request is expired', /source credentials have expired/],
    ['AccessDenied', 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole', /sts:AssumeRole on it/],
  ])('AssumeRole %s', async (code, message, fix) => {
    const m = machine(() => fail(403, code, message));
    const error = await caught(stsAssumeRole(m.call, SOURCE, { roleArn: ROLE, roleSessionName: 's1' }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`${code}: ${message}`);
    expect(error.fix).toMatch(fix);
  });

  it('redacts a secret that an error message echoes (defence in depth)', async () => {
    const m = machine(() => fail(400, 'ValidationError', `bad token ${WEB_TOKEN}`));
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(error.message).toContain('bad token [redacted]');
  });

  it('an error body that is not STS XML still says what happened', async () => {
    const m = machine(() => ({ status: 404, headers: {}, body: '<html>Not Found</html>' }));
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(error.message).toMatch(/failed: HTTP 404 with no STS error in the reply/);
    expect(error.code).toBe('HTTP404');
  });
});

describe('malformed success replies are refused', () => {
  const without = (field: string) => credentialsReply('AssumeRoleWithWebIdentity', SESSION).replace(new RegExp(`<${field}>[^<]*</${field}>`), '');
  it.each([
    ['no SessionToken', without('SessionToken'), /lacks Credentials SessionToken/],
    ['no AccessKeyId', without('AccessKeyId'), /lacks Credentials AccessKeyId/],
    ['no Expiration', without('Expiration'), /lacks Credentials Expiration/],
    ['a bad Expiration', credentialsReply('AssumeRoleWithWebIdentity', { ...SESSION, expiration: 'soon' }), /Expiration that is not a date/],
    ['the wrong action', credentialsReply('AssumeRole', SESSION), /the reply is <AssumeRoleResponse>, expected <AssumeRoleWithWebIdentityResponse>/],
    ['not XML', `{"AccessKeyId":"x","SecretAccessKey":"${ISSUED_SECRET}"}`, /not well-formed XML/],
    ['two Credentials', credentialsReply('AssumeRoleWithWebIdentity', SESSION).replace('<Credentials>', `<Credentials><AccessKeyId>x</AccessKeyId></Credentials><Credentials>`), /<Credentials> appears 2 times/],
    ['no result', '<AssumeRoleWithWebIdentityResponse></AssumeRoleWithWebIdentityResponse>', /has no <AssumeRoleWithWebIdentityResult>/],
  ])('%s', async (_name, body, message) => {
    const m = machine(() => ok(body));
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(error.code).toBe('MalformedReply');
    expect(error.message).toMatch(message);
    expect(m.requests).toHaveLength(1);
  });

  it('GetCallerIdentity without Account', async () => {
    const m = machine(() => ok(callerIdentityReply('', 'arn:aws:iam::123456789012:user/alice', 'AIDA')));
    const error = await caught(getCallerIdentity(m.call, SOURCE));
    expect(error.message).toMatch(/lacks Account/);
  });
});

describe('retries: bounded, with backoff and full jitter (fake sleep)', () => {
  // random 0.5: transient backoff 0.5 × 100 ms, then 0.5 × 200 ms; throttled 4 s + 0.5 × (52 s − 4 s), then 4 s + 0.5 × (30 s − 4 s).
  const TRANSIENT = 'transient: quick backoff';
  const THROTTLED = 'throttling: the throttle schedule, at least 4 s, jittered';
  const waits = { [TRANSIENT]: [50, 100], [THROTTLED]: [28_000, 17_000] };
  it.each([
    ['beyond: a 503', TRANSIENT, () => fail(503, 'ServiceUnavailable', 'Service unavailable')],
    ['beyond: a 500 with an HTML body', TRANSIENT, () => ({ status: 500, headers: {}, body: '<html>oops</html>' })],
    ['beyond: IDPCommunicationError', TRANSIENT, () => fail(400, 'IDPCommunicationError', 'Could not reach the IdP')],
    ['Throttling (400)', THROTTLED, () => fail(400, 'Throttling', 'Rate exceeded')],
    ['ThrottlingException', THROTTLED, () => fail(400, 'ThrottlingException', 'Rate exceeded')],
    ['RequestLimitExceeded', THROTTLED, () => fail(400, 'RequestLimitExceeded', 'Request limit exceeded')],
    ['503 SlowDown', THROTTLED, () => fail(503, 'SlowDown', 'Please reduce your request rate')],
    ['a 429', THROTTLED, () => ({ status: 429, headers: {}, body: '' })],
  ] as const)('%s is retried (%s), then the call succeeds', async (_name, kind, failure) => {
    const m = machine((_r, i) => (i < 2 ? failure() : ok(credentialsReply('AssumeRoleWithWebIdentity', SESSION))));
    const reply = await stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN });
    expect(reply.accessKeyId).toBe(SESSION.accessKeyId);
    expect(m.requests).toHaveLength(3);
    expect(m.sleeps).toEqual(waits[kind]);
  });

  it(`gives up on transient failures after ${STS_MAX_RETRIES} retries and says how many attempts were made`, async () => {
    const m = machine(() => fail(503, 'ServiceUnavailable', 'Service unavailable'));
    m.call.random = () => 0.999;
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(m.requests).toHaveLength(STS_MAX_RETRIES + 1);
    expect(m.sleeps).toEqual([99, 199, 399]);
    expect(error.message).toMatch(/failed after 4 attempts: ServiceUnavailable: Service unavailable/);
    expect(error.code).toBe('ServiceUnavailable');
  });

  it('keeps retrying a throttled call until the deadline, then says what happened and what to do', async () => {
    const m = machine(() => fail(400, 'Throttling', 'Rate exceeded'));
    m.call.random = () => 0.999;
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    // 51.95 s, then 29.97 s waits: attempts at 0, 52, 82 and 112 s; a fifth would start past 120 s.
    expect(m.sleeps).toEqual([51_952, 29_974, 29_974]);
    expect(m.requests).toHaveLength(4);
    expect(error.message).toMatch(/ failed: throttled by STS 4 times over 112 s; the last answer: Throttling: Rate exceeded \(HTTP 400/);
    expect(error.code).toBe('Throttling');
    expect(error.fix).toMatch(/per region \(eu-west-1\) and kept throttling.*try again later.*spread out.*credchain serve.*Service Quotas/);
  });

  it('honours a Retry-After as the floor of the next wait, the jitter on top', async () => {
    const m = machine((_r, i) => (i < 1 ? { ...fail(400, 'Throttling', 'Rate exceeded'), headers: { 'retry-after': '20' } } : ok(credentialsReply('AssumeRoleWithWebIdentity', SESSION))));
    await stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN });
    // 20 s + 0.5 × (52 s − 4 s).
    expect(m.sleeps).toEqual([44_000]);
  });

  it('a throttle deadline may be given per call (StsCall.throttle)', async () => {
    const m = machine(() => fail(400, 'Throttling', 'Rate exceeded'));
    m.call.throttle = { floorMs: 100, windowsMs: [300], deadlineMs: 1_000 };
    m.call.random = () => 0;
    await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(m.sleeps).toEqual(Array(10).fill(100));
  });

  it('never starts a retry beyond the time budget', async () => {
    const m = machine(() => {
      m.clock.advance(400); // each attempt takes 400 ms
      return fail(503, 'ServiceUnavailable', 'down');
    });
    m.call.budgetMs = 1000;
    m.call.random = () => 0.999;
    await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    // attempt 1 ends at 400 (+99 wait), attempt 2 ends at 899: a 199 ms wait would end past 1000.
    expect(m.requests).toHaveLength(2);
  });

  it('full jitter: a random of 0 retries at once', async () => {
    const m = machine((_r, i) => (i < 1 ? fail(503, 'x', 'y') : ok(credentialsReply('AssumeRoleWithWebIdentity', SESSION))));
    m.call.random = () => 0;
    await stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN });
    expect(m.sleeps).toEqual([0]);
  });

  it.each([
    ['timeout', true],
    ['reset', true],
    ['refused', true],
    ['dns', false],
  ] as const)('a network %s is retried: %s', async (code, retried) => {
    const m = machine(() => {
      throw new NetworkError(code, `network ${code}`, 'https://sts.eu-west-1.amazonaws.com/');
    });
    const error = await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(m.requests).toHaveLength(retried ? STS_MAX_RETRIES + 1 : 1);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(new RegExp(`network ${code}`));
    expect(error.fix).toMatch(/is reachable from here/);
  });

  it.each(['AccessDenied', 'InvalidIdentityToken', 'ExpiredToken', 'ExpiredTokenException', 'IDPRejectedClaim', 'ValidationError', 'RegionDisabledException', 'MalformedPolicyDocument'])('%s is not retried', async (code) => {
    const m = machine(() => fail(400, code, 'no'));
    await caught(stsAssumeRoleWithWebIdentity(m.call, { roleArn: ROLE, roleSessionName: 's1', webIdentityToken: WEB_TOKEN }));
    expect(m.requests).toHaveLength(1);
    expect(m.sleeps).toEqual([]);
  });
});

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
