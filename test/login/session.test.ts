// One `aws login` session on a synthetic machine: refresh window, the re-read before refreshing,
// one refresh for concurrent callers, a fresh DPoP proof per retry, region order, write-back failure,
// and the provider layer naming the source — with no secret in any error, note or log line.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LoginBase } from '../../src/config/plan.js';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { credentialChain, fromLoginCredentials } from '../../src/index.js';
import { resolveLoginBase } from '../../src/providers/login.js';
import { fakeMachine, type FakeMachine } from '../support/fake-context.js';
import { asSource, sourceInput } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const SESSION = 'arn:aws:iam::123456789012:user/developer';
const FILE = '/home/test/.aws/login/cache/79b8db894bb9e20f6c49cb11024dd156c5764427dba2775f9c7f4989ac99b32f.json';
const SECRET = 'loginSecretKeySENTINEL/0123456789abcdefg';
const NEW_SECRET = 'loginNewSecretKeySENTINEL/0123456789abc';
const REFRESH = 'loginRefreshTokenSENTINEL-0123456789';
const NEW_REFRESH = 'loginNewRefreshTokenSENTINEL-01234567';
const ID_TOKEN = 'loginIdTokenSENTINEL.eyJ4IjoxfQ.c2ln';
const DPOP_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
const SENTINELS = [SECRET, NEW_SECRET, REFRESH, NEW_REFRESH, ID_TOKEN, DPOP_KEY.split('\n')[1]!];
const BASE: LoginBase = { kind: 'login', profile: 'dev', loginSession: SESSION, region: 'eu-west-1' };

function cacheJson(expiresAt: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    accessToken: { accessKeyId: 'ASIALOGINEXAMPLE0001', secretAccessKey: SECRET, sessionToken: 'oldTok', accountId: '123456789012', expiresAt: new Date(expiresAt).toISOString() },
    tokenType: 'aws_sigv4',
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: REFRESH,
    idToken: ID_TOKEN,
    dpopKey: DPOP_KEY,
    ...extra,
  });
}

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const refreshed = () => reply(200, { accessToken: { accessKeyId: 'ASIALOGINREFRESHED01', secretAccessKey: NEW_SECRET, sessionToken: 'newTok' }, tokenType: 'aws_sigv4', expiresIn: 900, refreshToken: NEW_REFRESH, idToken: ID_TOKEN });

function machine(cache: string | undefined, handler: (request: HttpRequest) => HttpResponse = refreshed, env: Record<string, string> = {}): FakeMachine {
  return fakeMachine({ now: NOW, files: cache === undefined ? {} : { [FILE]: cache }, request: handler, env: { AWS_REGION: 'us-west-2', ...env } });
}

/** As the profile source runs a login base: the result labelled and stamped 'profile' by the chain's rules. */
function run(m: FakeMachine, base: LoginBase = BASE, options = {}) {
  const input = sourceInput(m.context, { profile: 'dev', ...options }, { loadConfig: async () => ({ profiles: {}, ssoSessions: {}, services: {}, configFile: '', credentialsFile: '' }) });
  return { input, result: asSource('profile', resolveLoginBase(input, base)) };
}

function expectNoSecrets(texts: Array<string | undefined>): void {
  for (const text of texts) for (const secret of SENTINELS) expect(text ?? '').not.toContain(secret);
}

describe('aws login session', () => {
  it('more than 5 minutes left → the cached keys, no request; the trace names the cache with ~ and the expiry', async () => {
    const m = machine(cacheJson(NOW + 6 * 60_000));
    const { input, result } = run(m);
    const credentials = await result;
    expect(credentials).toMatchObject({ accessKeyId: 'ASIALOGINEXAMPLE0001', accountId: '123456789012', expiration: new Date(NOW + 6 * 60_000), source: 'profile' });
    expect(m.requests).toHaveLength(0);
    expect(input.notes.join('\n')).toMatch(/cache ~\/\.aws\/login\/cache\/79b8[0-9a-f]+\.json, keys expire at 2026-11-22T12:06:00\.000Z/);
    expect(input.notes.join('\n')).toMatch(/not refreshed: more than 5 minutes left/);
  });

  it('inside the window → POST /v1/token at the sign-in host of the profile region, unsigned, DPoP-bound; the file rewritten', async () => {
    const m = machine(cacheJson(NOW + 4 * 60_000));
    const { input, result } = run(m);
    const credentials = await result;
    expect(credentials).toMatchObject({ accessKeyId: 'ASIALOGINREFRESHED01', accountId: '123456789012', expiration: new Date(NOW + 900_000) });
    const [request] = m.requests;
    expect(request).toMatchObject({ method: 'POST', url: 'https://eu-west-1.signin.aws.amazon.com/v1/token' });
    expect(JSON.parse(request!.body!)).toEqual({ clientId: 'arn:aws:signin:::devtools/same-device', refreshToken: REFRESH, grantType: 'refresh_token' });
    expect(request!.headers).not.toHaveProperty('authorization');
    expect(request!.headers!.DPoP).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{86}$/);
    expect(JSON.parse(m.files.get(FILE)!)).toMatchObject({ refreshToken: NEW_REFRESH, accessToken: { accessKeyId: 'ASIALOGINREFRESHED01' }, idToken: ID_TOKEN });
    expect(input.notes.join('\n')).toMatch(/refreshed: new keys expire at 2026-11-22T12:15:00\.000Z; ~\/\.aws\/login\/cache\/.*rewritten/);
    expectNoSecrets([...input.notes, ...m.logs]);
  });

  it('region order: the cache\'s signInRegion, then clientConfig.region, the profile region, AWS_REGION', async () => {
    const urls: string[] = [];
    for (const [cache, base, options] of [
      [cacheJson(NOW - 1, { signInRegion: 'ap-south-1' }), BASE, { clientConfig: { region: 'ca-central-1' } }],
      [cacheJson(NOW - 1), BASE, { clientConfig: { region: 'ca-central-1' } }],
      [cacheJson(NOW - 1), BASE, {}],
      [cacheJson(NOW - 1), { ...BASE, region: undefined }, {}],
    ] as const) {
      const m = machine(cache);
      await run(m, base as LoginBase, options).result;
      urls.push(m.requests[0]!.url);
    }
    expect(urls).toEqual([
      'https://ap-south-1.signin.aws.amazon.com/v1/token',
      'https://ca-central-1.signin.aws.amazon.com/v1/token',
      'https://eu-west-1.signin.aws.amazon.com/v1/token',
      'https://us-west-2.signin.aws.amazon.com/v1/token',
    ]);
  });

  it('no region anywhere and expired keys → stops, saying so', async () => {
    const m = fakeMachine({ now: NOW, files: { [FILE]: cacheJson(NOW - 1) } });
    const error = await run(m, { ...BASE, region: undefined }).result.catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/^profile: .*refreshing them failed \(no region for the sign-in service.*Sign in again: run `aws login --profile dev`/);
  });

  it('re-reads the file first: another process refreshed it → its keys, no request', async () => {
    const m = machine(cacheJson(NOW + 60_000));
    const read = m.context.readFile;
    let reads = 0;
    m.context.readFile = async (path) => (++reads === 2 ? cacheJson(NOW + 3600_000).replace('ASIALOGINEXAMPLE0001', 'ASIAOTHERPROCESS0001') : read(path));
    const { input, result } = run(m);
    expect((await result).accessKeyId).toBe('ASIAOTHERPROCESS0001');
    expect(m.requests).toHaveLength(0);
    expect(input.notes.join('\n')).toMatch(/refreshed meanwhile/);
  });

  it('concurrent callers share one refresh', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const m = machine(cacheJson(NOW - 1));
    m.context.request = async (request) => {
      m.requests.push(request);
      await gate;
      return refreshed();
    };
    const calls = Array.from({ length: 5 }, () => run(m).result);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const results = await Promise.all(calls);
    expect(m.requests).toHaveLength(1);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['ASIALOGINREFRESHED01']));
  });

  it('retries 5xx with a new DPoP proof (new jti) every attempt', async () => {
    let n = 0;
    const m = machine(cacheJson(NOW - 1), () => (++n < 3 ? reply(503, { message: 'busy' }) : refreshed()));
    await run(m).result;
    const jtis = m.requests.map((r) => JSON.parse(Buffer.from(r.headers!.DPoP!.split('.')[1]!, 'base64url').toString()).jti);
    expect(jtis).toHaveLength(3);
    expect(new Set(jtis).size).toBe(3);
  });

  it('a write-back that fails → the new keys for this process, with a warning', async () => {
    const m = machine(cacheJson(NOW - 1));
    m.context.writeFileAtomic = async () => {
      throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
    };
    const { input, result } = run(m);
    expect((await result).accessKeyId).toBe('ASIALOGINREFRESHED01');
    expect(m.logs.join('\n')).toMatch(/could not write the refreshed aws login session to ~\/\.aws\/login\/cache\/.*\(EROFS\); using it for this process only/);
    expectNoSecrets([...input.notes, ...m.logs]);
  });

  it.each([
    ['TOKEN_EXPIRED', /session has expired .* Sign in again: run `aws login --profile dev`/],
    ['USER_CREDENTIALS_CHANGED', /password changed .* Sign in again with the new password/],
    ['INSUFFICIENT_PERMISSIONS', /lacks permission for signin:CreateOAuth2Token .* allow signin:CreateOAuth2Token/],
    ['SOMETHING_NEW', /refused to refresh the `aws login` session \(AccessDeniedException SOMETHING_NEW\)/],
  ])('AccessDeniedException %s → its own message and fix, even with still-valid keys', async (kind, message) => {
    const m = machine(cacheJson(NOW + 60_000), () => reply(400, { error: kind, message: `denied ${REFRESH}` }, { 'x-amzn-errortype': 'AccessDeniedException' }));
    const error = await run(m).result.catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(message);
    expectNoSecrets([(error as Error).message, ...m.logs]);
  });

  it('a reply without keys while the cached keys still work → the cached keys, with a warning', async () => {
    const m = machine(cacheJson(NOW + 60_000), () => reply(200, { tokenType: 'aws_sigv4' }));
    expect((await run(m).result).accessKeyId).toBe('ASIALOGINEXAMPLE0001');
    expect(m.logs.join('\n')).toMatch(/answered without usable accessToken keys/);
  });

  it('an error reply quoting the refresh token is redacted', async () => {
    const m = machine(cacheJson(NOW - 1), () => reply(400, { message: `bad token ${REFRESH}` }, { 'x-amzn-errortype': 'ValidationException' }));
    const error = await run(m).result.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ValidationException \(HTTP 400\): bad token \[redacted\]/);
    expectNoSecrets([(error as Error).message]);
  });
});

describe('fromLoginCredentials', () => {
  const config = (text: string) => ({ '/home/test/.aws/config': text });

  it('resolves the selected profile\'s login session, source "login"; the chain\'s explain() shows the cache file', async () => {
    const m = fakeMachine({ now: NOW, files: { ...config(`[profile dev]\nlogin_session = ${SESSION}\n`), [FILE]: cacheJson(NOW + 3600_000) } });
    expect(await fromLoginCredentials({ profile: 'dev', context: m.context })()).toMatchObject({ accessKeyId: 'ASIALOGINEXAMPLE0001', source: 'login', accountId: '123456789012' });
    const chain = credentialChain({ profile: 'dev', context: m.context });
    await chain();
    const explanation = await chain.explain();
    expect(explanation.trace.find((step) => step.source === 'profile')!.notes.join('\n')).toMatch(/~\/\.aws\/login\/cache\//);
  });

  it('a profile without login_session → no credentials, saying why', async () => {
    const m = fakeMachine({ now: NOW, files: config('[profile dev]\nregion = eu-west-1\n') });
    await expect(fromLoginCredentials({ profile: 'dev', context: m.context })()).rejects.toThrow(/profile "dev" has no login_session/);
  });
});

describe('aws login session: endpoint settings', () => {
  it('a bad AWS_ENDPOINT_URL_SIGNIN with expired keys → the refresh failure says what is wrong with it', async () => {
    const m = machine(cacheJson(NOW - 1), refreshed, { AWS_ENDPOINT_URL_SIGNIN: 'ftp://signin.example.com' });
    const error = await run(m).result.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^profile: .*refreshing them failed \(AWS_ENDPOINT_URL_SIGNIN must be an http or https URL \(got ftp:\)\)/);
    expect(m.requests).toHaveLength(0);
  });

  it('AWS_ENDPOINT_URL_SIGNIN beats the regional host', async () => {
    const m = machine(cacheJson(NOW - 1), refreshed, { AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:9/base/' });
    await run(m).result;
    expect(m.requests[0]!.url).toBe('http://127.0.0.1:9/base/v1/token');
  });
});
