// The STS client over the real HTTP stack (src/io/http.ts) with nock on the wire: what STS actually
// receives — method, path, headers as signed, Content-Length, body — and retries of real failures.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveContext, type Context } from '../../src/context.js';
import { getCallerIdentity, stsAssumeRole, stsAssumeRoleWithWebIdentity, type StsCall } from '../../src/sts/client.js';
import { callerIdentityReply, credentialsReply, errorReply } from './support/replies.js';
import { expectedSignature, parseAuthorization } from './support/resign.js';
import { labelled } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';
import { instantSleep } from '../support/virtual-clock.js';
import { interceptingNock } from '../support/nock.js';

const HOST = 'https://sts.eu-west-1.amazonaws.com';
const SECRET = 'nockSecretSENTINEL/0123456789abcdefghijklm';
const TOKEN = 'nockTokenSENTINEL-abcdefghijklmnopqr';
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.nockWebSENTINEL.sig';
const SESSION = {
  accessKeyId: 'ASIANOCKEXAMPLE00001',
  secretAccessKey: 'issuedNockSecret/abcdefghijklmnopqrstuvwxyz',
  sessionToken: 'issuedNockToken',
  expiration: '2030-01-01T00:00:00Z',
  arn: 'arn:aws:sts::444455556666:assumed-role/app/s',
};

let sleeps: number[] = [];
function call(): StsCall {
  // Waiting costs nothing here, but the clock moves as if it had: the throttle deadline counts on it.
  const { sleep, waits, now } = instantSleep();
  sleeps = waits;
  const context: Context = resolveContext({ env: {}, now, sleep, logger: {} });
  return { context, endpoint: { url: HOST, signingRegion: 'eu-west-1' }, random: () => 0.5 };
}

beforeAll(() => interceptingNock().disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

interface Seen {
  headers: Record<string, string>;
  body: string;
  path: string;
}

function capture(seen: Seen[], status: number, reply: string) {
  return function (this: { req: { headers: Record<string, string>; path: string } }, path: string, body: string | object): [number, string] {
    seen.push({ headers: { ...this.req.headers }, body: typeof body === 'string' ? body : JSON.stringify(body), path });
    return [status, reply];
  };
}

describe('STS client on the wire (nock)', () => {
  it('AssumeRoleWithWebIdentity: POST / with a form body, its length, and no Authorization', async () => {
    const seen: Seen[] = [];
    const scope = nock(HOST).post('/').reply(capture(seen, 200, credentialsReply('AssumeRoleWithWebIdentity', SESSION)));
    const reply = await stsAssumeRoleWithWebIdentity(call(), { roleArn: 'arn:aws:iam::444455556666:role/app', roleSessionName: 's', webIdentityToken: WEB_TOKEN });
    expect(reply.accountId).toBe('444455556666');
    expect(scope.isDone()).toBe(true);
    const [request] = seen;
    expect(request!.path).toBe('/');
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers['content-length']).toBe(String(Buffer.byteLength(request!.body)));
    expect(request!.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(request!.body).get('WebIdentityToken')).toBe(WEB_TOKEN);
  });

  it('AssumeRole: the signature on the wire verifies with the test’s own credentials', async () => {
    const seen: Seen[] = [];
    nock(HOST).post('/').reply(capture(seen, 200, credentialsReply('AssumeRole', SESSION)));
    await stsAssumeRole(call(), { accessKeyId: 'AKIANOCKEXAMPLE00001', secretAccessKey: SECRET, sessionToken: TOKEN }, { roleArn: 'arn:aws:iam::444455556666:role/app', roleSessionName: 's' });
    const { headers, body } = seen[0]!;
    expect(headers.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(headers['x-amz-security-token']).toBe(TOKEN);
    const auth = parseAuthorization(headers.authorization!);
    expect(auth).toMatchObject({ accessKeyId: 'AKIANOCKEXAMPLE00001', region: 'eu-west-1', service: 'sts' });
    expect(auth.signature).toBe(expectedSignature({ method: 'POST', url: `${HOST}/`, headers, body }, SECRET));
  });

  it('GetCallerIdentity on the wire', async () => {
    const seen: Seen[] = [];
    nock(HOST).post('/').reply(capture(seen, 200, callerIdentityReply('444455556666', 'arn:aws:iam::444455556666:user/bob', 'AIDABOB')));
    const who = await getCallerIdentity(call(), { accessKeyId: 'AKIANOCKEXAMPLE00001', secretAccessKey: SECRET });
    expect(who.arn).toBe('arn:aws:iam::444455556666:user/bob');
    const auth = parseAuthorization(seen[0]!.headers.authorization!);
    expect(auth.signature).toBe(expectedSignature({ method: 'POST', url: `${HOST}/`, headers: seen[0]!.headers, body: seen[0]!.body }, SECRET));
  });

  it('retries a 503 and a reset connection, then succeeds', async () => {
    const scope = nock(HOST)
      .post('/')
      .reply(503, errorReply('ServiceUnavailable', 'try later', 'Receiver'))
      .post('/')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post('/')
      .reply(200, credentialsReply('AssumeRoleWithWebIdentity', SESSION));
    const reply = await stsAssumeRoleWithWebIdentity(call(), { roleArn: 'arn:aws:iam::444455556666:role/app', roleSessionName: 's', webIdentityToken: WEB_TOKEN });
    expect(reply.accessKeyId).toBe(SESSION.accessKeyId);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([50, 100]);
  });

  it('surfaces the STS error of the last attempt when throttling does not stop', async () => {
    // random 0.5: waits of 28 s, then 17 s; the seventh attempt ends at 113 s and an eighth would start past 120 s.
    nock(HOST).post('/').times(7).reply(400, errorReply('Throttling', 'Rate exceeded'));
    const error = await labelled('profile', stsAssumeRoleWithWebIdentity(call(), { roleArn: 'arn:aws:iam::444455556666:role/app', roleSessionName: 's', webIdentityToken: WEB_TOKEN })).catch((e: unknown) => e);
    expectBroken(error);
    expect(sleeps).toEqual([28_000, 17_000, 17_000, 17_000, 17_000, 17_000]);
    expect((error as Error).message).toMatch(
      /^profile: STS AssumeRoleWithWebIdentity for arn:aws:iam::444455556666:role\/app at https:\/\/sts.eu-west-1.amazonaws.com\/ failed: throttled by STS 7 times over 113 s; the last answer: Throttling: Rate exceeded/,
    );
    expect((error as Error).message).not.toContain(WEB_TOKEN);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
