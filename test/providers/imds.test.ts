// The IMDS source on a synthetic machine: the cross-SDK endpoint cases, IMDSv2 token handling and
// reuse, the IMDSv1 fallback and its refusal, retries (fake clock), static stability and the chain's
// "no credentials" message. Real sockets: imds-network.test.ts.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { NetworkError } from '../../src/errors.js';
import { sourceByName } from '../../src/providers/order.js';
import { resolvePlanBase } from '../../src/providers/profile.js';
import type { ChainOptions, SourceState } from '../../src/source.js';
import { fakeMachine, type FakeMachine } from '../support/fake-context.js';
import { withRandom } from '../support/fixed-random.js';
import { asChainStep, asSource, sourceInput, type TestSourceInput } from '../support/source-input.js';
import { expectBroken, expectNotConfigured, expectNoCredentials } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

/** The imds step as the chain runs it: its skip rule, errors labelled `imds`. */
const source = asChainStep(sourceByName('imds'));

/** IMDS as `credential_source = Ec2InstanceMetadata` of profile "default" (the executor's rule applies), labelled as the chain would. */
const fromInstanceMetadata = (input: TestSourceInput, name: string) =>
  asSource(name, resolvePlanBase(input, { kind: 'credential-source', profile: 'default', credentialSource: 'Ec2InstanceMetadata' }));

const KEY = 'ASIAIMDSEXAMPLE00001';
const SECRET = 'imdsSecretSENTINEL/0123456789abcdefghij';
const SESSION = 'imdsSessionSENTINEL-0123456789';
const TOKEN = 'imdsTokenSENTINEL-AQAEAxxxxxxxxxxxxxxxx==';
const ROLE = 'app-instance-role';
const NOW = Date.parse('2026-11-22T12:00:00Z');
const EXPIRES = '2026-11-22T18:00:00Z';
const ORIGIN = 'http://169.254.169.254';

type Reply = HttpResponse | NetworkError;
type Route = 'token' | 'roles' | 'credentials';
type Script = Partial<Record<Route, (request: HttpRequest, n: number) => Reply>>;

const status = (code: number, body = ''): HttpResponse => ({ status: code, headers: {}, body });
const credentialsBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Code: 'Success', LastUpdated: '2026-11-22T11:59:00Z', Type: 'AWS-HMAC', AccessKeyId: KEY, SecretAccessKey: SECRET, Token: SESSION, Expiration: EXPIRES, AccountId: '123456789012', ...extra });
const timeout = () => new NetworkError('timeout', 'no complete answer within 1000 ms', ORIGIN);
const refused = () => new NetworkError('refused', 'connection refused', ORIGIN);

/** A scripted IMDS: each route answers normally unless the script says otherwise; `counts` per route. */
function imdsMachine(script: Script = {}, env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const counts: Record<Route, number> = { token: 0, roles: 0, credentials: 0 };
  const normal: Record<Route, (request: HttpRequest) => Reply> = {
    token: () => ({ status: 200, headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' }, body: TOKEN }),
    roles: () => status(200, `${ROLE}\n`),
    credentials: () => status(200, credentialsBody()),
  };
  const machine: FakeMachine = fakeMachine({
    env,
    files,
    now: NOW,
    request: (request) => {
      const path = new URL(request.url).pathname;
      const route: Route = path === '/latest/api/token' ? 'token' : path.endsWith('/security-credentials/') ? 'roles' : 'credentials';
      const n = counts[route]++;
      const reply = (script[route] ?? normal[route])(request, n);
      if (reply instanceof NetworkError) {
        if (reply.code === 'timeout') machine.clock.advance(request.timeoutMs);
        throw reply;
      }
      return reply;
    },
  });
  return { machine, counts };
}

function inputFor(machine: FakeMachine, options: ChainOptions = {}, state: SourceState = {}): TestSourceInput {
  return sourceInput(machine.context, options, { state });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

function expectNoSecret(text: string): void {
  for (const secret of [SECRET, SESSION, TOKEN]) expect(text).not.toContain(secret);
}

const tokenHeader = (request: HttpRequest | undefined) => request?.headers?.['x-aws-ec2-metadata-token'];

interface ImdsEndpointCase {
  docs: string;
  env: Record<string, string>;
  fs: Record<string, string>;
  endpoint_override?: string;
  mode_override?: string;
  result: { Ok?: string; Err?: string };
}
const endpointCases = (JSON.parse(readFileSync(new URL('../fixtures/metadata/imds-endpoint-tests.json', import.meta.url), 'utf8')) as { tests: ImdsEndpointCase[] }).tests;

/** Where the JavaScript SDK (and so credchain) differs from the Rust-written case: what we expect instead. */
const expectDivergence: Record<string, { because: string; ok?: string; err?: true }> = {
  'case insensitive endpoint': {
    because: 'the JS SDK compares the mode exactly ("IPv4" | "IPv6") and throws "Unsupported endpoint mode: ipV6"',
    err: true,
  },
  'explicit endpoint override': {
    because: 'fromNodeProviderChain() has no IMDS endpoint option (Rust: imds::Client::builder().endpoint()); the profile mode decides',
    ok: 'http://[fd00:ec2::254]/latest/api/token',
  },
  'explicit mode override': {
    because: 'fromNodeProviderChain() has no IMDS endpoint-mode option; the profile mode decides',
    ok: 'http://169.254.169.254/latest/api/token',
  },
};

describe('imds: cross-SDK endpoint conformance (imds-endpoint-tests.json, Apache-2.0, smithy-rs 56ee88c5)', () => {
  it('covers all 14 cases, and every divergence names a real case', () => {
    expect(endpointCases).toHaveLength(14);
    for (const docs of Object.keys(expectDivergence)) expect(endpointCases.map((c) => c.docs)).toContain(docs);
  });

  it.each(endpointCases.map((c) => [c.docs, c] as const))('%s', async (docs, testCase) => {
    const { machine } = imdsMachine({}, testCase.env, testCase.fs);
    const outcome = await source.resolve(inputFor(machine)).then(
      (credentials) => ({ credentials }),
      (error: unknown) => ({ error }),
    );
    const divergence = expectDivergence[docs];
    const expectedUrl = divergence ? divergence.ok : testCase.result.Ok;
    if (expectedUrl !== undefined) {
      expect(outcome).toHaveProperty('credentials');
      expect(machine.requests[0]!.url).toBe(expectedUrl);
      expect(machine.requests[0]!.method).toBe('PUT');
    } else {
      // A bad setting stops the chain (the SDK throws a plain Error there, which ends its chain too).
      expectBroken((outcome as { error: unknown }).error);
      expect(machine.requests).toHaveLength(0);
    }
  });

  it('names the setting and the fix for a bad endpoint mode', async () => {
    const { machine } = imdsMachine({}, { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv6' });
    const error = (await failure(source.resolve(inputFor(machine)))) as CredentialsProviderError;
    expect(error.message).toBe('imds: AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is "ipv6", which is not a valid IMDS endpoint mode. Set it to IPv4 or IPv6 (exactly so), or remove it');
  });

  it('reads the selected profile, not default', async () => {
    const files = { config: '[default]\nec2_metadata_service_endpoint = http://wrong:1\n[profile ec2]\nec2_metadata_service_endpoint = http://right:2/ignored/path' };
    const { machine } = imdsMachine({}, { AWS_CONFIG_FILE: 'config' }, files);
    await source.resolve(inputFor(machine, { profile: 'ec2' }));
    expect(machine.requests[0]!.url).toBe('http://right:2/latest/api/token');
  });
});

describe('imds: IMDSv2', () => {
  it('PUTs a token with TTL 21600, then reads the role and its credentials with it', async () => {
    const { machine } = imdsMachine();
    const input = inputFor(machine);
    const credentials = await source.resolve(input);
    expect(credentials).toMatchObject({ accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: SESSION, accountId: '123456789012', source: 'imds' });
    expect(credentials.expiration?.toISOString()).toBe('2026-11-22T18:00:00.000Z');
    expect(machine.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT ${ORIGIN}/latest/api/token`,
      `GET ${ORIGIN}/latest/meta-data/iam/security-credentials/`,
      `GET ${ORIGIN}/latest/meta-data/iam/security-credentials/${ROLE}`,
    ]);
    expect(machine.requests[0]!.headers).toEqual({ 'x-aws-ec2-metadata-token-ttl-seconds': '21600' });
    expect(machine.requests.slice(1).map(tokenHeader)).toEqual([TOKEN, TOKEN]);
    expect(machine.requests.every((r) => r.timeoutMs === 1000)).toBe(true);
    expect(input.notes.join('\n')).toContain(`instance profile role "${ROLE}" from ${ORIGIN} (endpoint mode IPv4 (the default))`);
  });

  it('uses options.timeout for every request', async () => {
    const { machine } = imdsMachine();
    await source.resolve(inputFor(machine, { timeout: 300 }));
    expect(machine.requests.map((r) => r.timeoutMs)).toEqual([300, 300, 300]);
  });

  it('reuses the token until shortly before its TTL ends (beyond: the SDK asks for one every time)', async () => {
    const { machine, counts } = imdsMachine();
    const state: SourceState = {};
    await source.resolve(inputFor(machine, {}, state));
    await source.resolve(inputFor(machine, {}, state));
    machine.clock.advance(21600_000 - 120_000);
    await source.resolve(inputFor(machine, {}, state));
    expect(counts).toEqual({ token: 1, roles: 3, credentials: 3 });
    machine.clock.advance(61_000);
    const input = inputFor(machine, {}, state);
    await source.resolve(input);
    expect(counts.token).toBe(2);
    expect(input.notes.join('\n')).toMatch(/IMDSv2 session token obtained/);
  });

  it('honours a shorter TTL the token reply announces', async () => {
    const { machine, counts } = imdsMachine({ token: () => ({ status: 200, headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '120' }, body: TOKEN }) });
    const state: SourceState = {};
    await source.resolve(inputFor(machine, {}, state));
    machine.clock.advance(30_000);
    await source.resolve(inputFor(machine, {}, state));
    expect(counts.token).toBe(1);
    machine.clock.advance(31_000);
    await source.resolve(inputFor(machine, {}, state));
    expect(counts.token).toBe(2);
  });

  it('a token IMDS no longer accepts (401) is replaced once', async () => {
    const { machine, counts } = imdsMachine({
      token: (_r, n) => ({ status: 200, headers: {}, body: `${TOKEN}-${n}` }),
      roles: (request) => (tokenHeader(request) === `${TOKEN}-0` ? status(401) : status(200, ROLE)),
    });
    const credentials = await source.resolve(inputFor(machine));
    expect(credentials.accessKeyId).toBe(KEY);
    expect(counts).toEqual({ token: 2, roles: 2, credentials: 1 });
  });

  it('401 again with a new token: a clear error, no loop', async () => {
    const { machine, counts } = imdsMachine({ roles: () => status(401) });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/answered 401 Unauthorized even with a new session token/);
    expect(counts).toEqual({ token: 2, roles: 2, credentials: 0 });
  });

  it('token request 400: an error, no fallback', async () => {
    const { machine, counts } = imdsMachine({ token: () => status(400) });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/IMDSv2 token request \(PUT http:\/\/169\.254\.169\.254\/latest\/api\/token\) was refused with 400 Bad Request/);
    expect(counts).toEqual({ token: 1, roles: 0, credentials: 0 });
  });
});

describe('imds: IMDSv1 fallback', () => {
  const fallbacks: Array<[string, () => Reply]> = [
    ['403', () => status(403)],
    ['404', () => status(404)],
    ['405', () => status(405)],
    ['a timeout', timeout],
  ];

  it.each(fallbacks)('token request %s → IMDSv1 (no token header), remembered for the next refresh', async (_name, reply) => {
    const { machine, counts } = imdsMachine({ token: reply });
    const state: SourceState = {};
    const input = inputFor(machine, {}, state);
    await expect(source.resolve(input)).resolves.toMatchObject({ accessKeyId: KEY });
    expect(machine.requests.filter((r) => r.method === 'GET').map(tokenHeader)).toEqual([undefined, undefined]);
    expect(input.notes.join('\n')).toMatch(/IMDSv1 \(no session token\): the token request (answered HTTP 40\d|timed out after 1000 ms)/);
    await source.resolve(inputFor(machine, {}, state));
    expect(counts).toEqual({ token: 1, roles: 2, credentials: 2 });
  });

  it.each(fallbacks)('token request %s with AWS_EC2_METADATA_V1_DISABLED=true → refused, no IMDSv1 request', async (_name, reply) => {
    const { machine } = imdsMachine({ token: reply }, { AWS_EC2_METADATA_V1_DISABLED: 'true' });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/the IMDSv1 fallback is disabled by AWS_EC2_METADATA_V1_DISABLED/);
    expect(machine.requests.map((r) => r.method)).toEqual(['PUT']);
  });

  it('with IMDSv1 disabled, a token timeout is not remembered: the next refresh asks for a token again', async () => {
    const { machine, counts } = imdsMachine({ token: (_r, n) => (n === 0 ? timeout() : { status: 200, headers: {}, body: TOKEN }) }, { AWS_EC2_METADATA_V1_DISABLED: 'true' });
    const state: SourceState = {};
    await failure(fromInstanceMetadata(inputFor(machine, {}, state), 'profile'));
    await expect(fromInstanceMetadata(inputFor(machine, {}, state), 'profile')).resolves.toMatchObject({ accessKeyId: KEY });
    expect(counts).toEqual({ token: 2, roles: 1, credentials: 1 });
  });

  it('ec2_metadata_v1_disabled in the profile refuses too; the variable set to false wins over it', async () => {
    const files = { config: '[default]\nec2_metadata_v1_disabled = true\n' };
    const blocked = imdsMachine({ token: () => status(403) }, { AWS_CONFIG_FILE: 'config' }, files);
    const error = (await failure(fromInstanceMetadata(inputFor(blocked.machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toContain('disabled by ec2_metadata_v1_disabled in profile "default"');
    expect(error.fix).toMatch(/hop-limit/);

    const allowed = imdsMachine({ token: () => status(403) }, { AWS_CONFIG_FILE: 'config', AWS_EC2_METADATA_V1_DISABLED: 'false' }, files);
    await expect(fromInstanceMetadata(inputFor(allowed.machine), 'profile')).resolves.toMatchObject({ accessKeyId: KEY });
  });

  it('IMDSv1 refused by the instance (401) after a failed token request: says IMDSv2 is required', async () => {
    const { machine } = imdsMachine({ token: () => status(403), roles: () => status(401) });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/refused the IMDSv1 request \(401 Unauthorized\): the instance requires IMDSv2/);
  });
});

describe('imds: retries and time bounds (fake clock)', () => {
  it('a 5xx is retried up to 3 times with a short, jittered backoff, then reported with the attempt count', async () => {
    const { machine, counts } = imdsMachine({ token: () => status(503) });
    const started = machine.clock.now;
    const error = (await withRandom(0.999, () => failure(fromInstanceMetadata(inputFor(machine), 'profile')))) as CredentialsProviderError;
    expect(counts.token).toBe(4);
    expect(error.message).toMatch(/answered HTTP 503 \(4 attempts\)/);
    // Full jitter under 100, 200, 400 ms: at its largest, 99 + 199 + 399.
    expect(machine.clock.now - started).toBe(697);
  });

  it('a 429 (IMDS throttles each instance) is retried on the IMDS throttle schedule until 60 s, then reported with what happened', async () => {
    const { machine, counts } = imdsMachine({ token: () => status(429, 'Too Many Requests') });
    const started = machine.clock.now;
    const error = (await withRandom(0.5, () => failure(fromInstanceMetadata(inputFor(machine), 'profile')))) as CredentialsProviderError;
    // Waits of 2 s + 0.5 × (6 s − 2 s), then 2 s + 0.5 × (10 s − 2 s): attempts at 0, 4, 10, … 58 s; a 12th would start past 60 s.
    expect(counts.token).toBe(11);
    expect(machine.clock.now - started).toBe(58_000);
    expect(error.message).toMatch(/answered HTTP 429 \(throttled by IMDS 11 times over 58 s\)/);
    expect(error.fix).toMatch(/limits the requests of each instance.*credchain serve/);
  });

  it('the token, role and credentials requests share one throttle deadline', async () => {
    const { machine, counts } = imdsMachine({ token: (_r, n) => (n < 9 ? status(429) : status(200, TOKEN)), roles: () => status(429) });
    const started = machine.clock.now;
    const error = (await withRandom(0.5, () => failure(fromInstanceMetadata(inputFor(machine), 'profile')))) as CredentialsProviderError;
    // The token after 52 s; the role list then gets 4 s, not a fresh minute.
    expect(counts).toEqual({ token: 10, roles: 2, credentials: 0 });
    expect(machine.clock.now - started).toBe(56_000);
    expect(error.message).toMatch(/security-credentials\/ answered HTTP 429 \(throttled by IMDS 2 times over 56 s\)/);
  });

  it('a 429 that clears is retried and succeeds', async () => {
    const { machine, counts } = imdsMachine({ credentials: (_r, n) => (n < 2 ? status(429) : status(200, credentialsBody())) });
    await expect(withRandom(0.5, () => source.resolve(inputFor(machine)))).resolves.toMatchObject({ accessKeyId: KEY });
    expect(counts).toEqual({ token: 1, roles: 1, credentials: 3 });
  });

  it('a 5xx on the role list is retried and can succeed', async () => {
    const { machine, counts } = imdsMachine({ roles: (_r, n) => (n < 2 ? status(500) : status(200, ROLE)) });
    await expect(source.resolve(inputFor(machine))).resolves.toMatchObject({ accessKeyId: KEY });
    expect(counts).toEqual({ token: 1, roles: 3, credentials: 1 });
  });

  it('options.maxRetries bounds the 5xx retries', async () => {
    const { machine, counts } = imdsMachine({ credentials: () => status(500) });
    await failure(fromInstanceMetadata(inputFor(machine, { maxRetries: 1 }), 'profile'));
    expect(counts.credentials).toBe(2);
  });

  it('a refused connection is not retried and not followed by IMDSv1: one request, at once', async () => {
    const { machine } = imdsMachine({ token: refused });
    const started = machine.clock.now;
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(machine.requests).toHaveLength(1);
    expect(machine.clock.now).toBe(started);
    expect(error.message).toBe(
      'profile: profile "default" has credential_source = Ec2InstanceMetadata, but IMDS did not answer at http://169.254.169.254 (endpoint mode IPv4 (the default)): connection refused. Not running on EC2? Set AWS_EC2_METADATA_DISABLED=true to skip IMDS, or configure another credential source',
    );
  });

  it('a GET that times out is not retried: token timeout + IMDSv1 timeout is the worst case (2 timeouts)', async () => {
    const { machine } = imdsMachine({ token: timeout, roles: timeout });
    const started = machine.clock.now;
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(machine.requests.map((r) => r.method)).toEqual(['PUT', 'GET']);
    expect(machine.clock.now - started).toBe(2000);
    expect(error.message).toMatch(/IMDS did not answer at http:\/\/169\.254\.169\.254 .*: no answer within 1000 ms/);
  });

  it('a dropped connection (reset) is retried like a 5xx', async () => {
    const { machine, counts } = imdsMachine({ credentials: (_r, n) => (n === 0 ? new NetworkError('reset', 'connection reset', ORIGIN) : status(200, credentialsBody())) });
    await expect(source.resolve(inputFor(machine))).resolves.toMatchObject({ accessKeyId: KEY });
    expect(counts.credentials).toBe(2);
  });
});

describe('imds: replies', () => {
  it('404 on the role list: no instance profile', async () => {
    const { machine } = imdsMachine({ roles: () => status(404) });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/security-credentials\/ answered 404 Not Found\. Attach an IAM role \(instance profile\) to this instance/);
  });

  it('an empty role list is an error too', async () => {
    const { machine } = imdsMachine({ roles: () => status(200, '\n') });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/lists no IAM role/);
  });

  it('Code other than Success is reported with its Message', async () => {
    const { machine } = imdsMachine({ credentials: () => status(200, JSON.stringify({ Code: 'AssumeRoleUnauthorizedAccess', Message: 'EC2 cannot assume the role' })) });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/answered Code AssumeRoleUnauthorizedAccess: EC2 cannot assume the role/);
  });

  it('a malformed credentials body is refused without quoting it', async () => {
    const { machine } = imdsMachine({ credentials: () => status(200, credentialsBody().slice(0, -5)) });
    const error = (await failure(fromInstanceMetadata(inputFor(machine), 'profile'))) as CredentialsProviderError;
    expect(error.message).toMatch(/not JSON/);
    expectNoSecret(error.message);
  });
});

describe('imds: static stability', () => {
  it('a failed refresh serves the last credentials with the expiration pushed 5–10 minutes out, and warns', async () => {
    let down = false;
    const { machine } = imdsMachine({ token: () => (down ? refused() : { status: 200, headers: {}, body: TOKEN }) });
    const state: SourceState = {};
    const first = await source.resolve(inputFor(machine, {}, state));
    down = true;
    state.imds?.session.invalidate();
    machine.clock.advance(7 * 3600_000); // past the original expiration
    const input = inputFor(machine, {}, state);
    const second = await source.resolve(input);
    expect(second.accessKeyId).toBe(first.accessKeyId);
    expect(second.secretAccessKey).toBe(SECRET);
    const left = second.expiration!.getTime() - machine.clock.now;
    expect(left).toBeGreaterThanOrEqual(5 * 60_000);
    expect(left).toBeLessThan(10 * 60_000);
    expect(machine.logs).toEqual([expect.stringMatching(/^warn credchain: refreshing from IMDS failed \(IMDS did not answer .*connection refused\); serving the credentials with key ASIA…0001 until .* \(static stability\)$/)]);
    expect(input.notes.join('\n')).toMatch(/static stability/);
    expectNoSecret(machine.logs.join('\n') + input.notes.join('\n'));
  });

  it('without earlier credentials a failure is a failure', async () => {
    const { machine } = imdsMachine({ token: refused });
    await failure(fromInstanceMetadata(inputFor(machine), 'profile'));
    expect(machine.logs).toEqual([]);
  });

  it('credentials that arrive already expired are served with a pushed expiration and a warning', async () => {
    const { machine } = imdsMachine({ credentials: () => status(200, credentialsBody({ Expiration: '2026-11-22T11:00:00Z' })) });
    const credentials = await source.resolve(inputFor(machine));
    const left = credentials.expiration!.getTime() - NOW;
    expect(left).toBeGreaterThanOrEqual(5 * 60_000);
    expect(left).toBeLessThan(10 * 60_000);
    expect(machine.logs[0]).toMatch(/^warn credchain: IMDS answered credentials that expired at 2026-11-22T11:00:00\.000Z; serving/);
  });

  it('through the chain: the provider keeps answering while IMDS is down', async () => {
    let down = false;
    const { machine } = imdsMachine(
      {
        token: () => (down ? refused() : { status: 200, headers: {}, body: TOKEN }),
        roles: () => (down ? refused() : status(200, ROLE)),
        credentials: () => (down ? refused() : status(200, credentialsBody())),
      },
      { AWS_EC2_METADATA_DISABLED: 'false' },
    );
    const provider = credentialChain({ context: machine.context, sources: ['imds'] });
    await provider();
    down = true;
    machine.clock.advance(7 * 3600_000);
    // The cached credentials expired, so the chain must fetch; IMDS refuses every request.
    const credentials = await provider();
    expect(credentials.accessKeyId).toBe(KEY);
    expect(credentials.expiration!.getTime()).toBeGreaterThan(machine.clock.now + 5 * 60_000 - 1);
    expect((await provider.explain()).trace[0]).toMatchObject({ outcome: 'hit', notes: expect.arrayContaining([expect.stringMatching(/static stability/)]) });
  });
});

describe('imds: in the chain', () => {
  it.each([['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'], ['AWS_CONTAINER_CREDENTIALS_FULL_URI']])('skipped when %s is set', async (name) => {
    const { machine } = imdsMachine({}, { [name]: '/x' });
    const error = await failure(source.resolve(inputFor(machine)));
    expectNotConfigured(error);
    expect(error).toMatchObject({ skipped: true, problem: `container credentials are configured (${name}), so IMDS is not used` });
    expect(machine.requests).toHaveLength(0);
  });

  it.each(['true', 'TRUE', '1', 'yes'])('skipped when AWS_EC2_METADATA_DISABLED=%s', async (value) => {
    const { machine } = imdsMachine({}, { AWS_EC2_METADATA_DISABLED: value });
    const error = await failure(source.resolve(inputFor(machine)));
    expect(error).toMatchObject({ skipped: true });
    expect(machine.requests).toHaveLength(0);
  });

  it.each(['false', ''])('consulted when AWS_EC2_METADATA_DISABLED=%j', async (value) => {
    const { machine } = imdsMachine({}, { AWS_EC2_METADATA_DISABLED: value });
    await expect(source.resolve(inputFor(machine))).resolves.toMatchObject({ accessKeyId: KEY });
  });

  it('IMDS not answering is a miss: the chain ends with the "no credentials" listing that carries the reason', async () => {
    const { machine } = imdsMachine({ token: refused }, { AWS_EC2_METADATA_DISABLED: 'false' });
    const provider = credentialChain({ context: machine.context, sources: ['env', 'container', 'imds'] });
    const error = await failure(provider());
    expectNoCredentials(error);
    expect(error.message).toMatch(/imds\s+miss: IMDS did not answer at http:\/\/169\.254\.169\.254 .*connection refused\. Not running on EC2\? Set AWS_EC2_METADATA_DISABLED=true/);
    expect(machine.requests).toHaveLength(1);
  });

  it('an endpoint URL with another scheme is refused without quoting it (it may carry user:password@)', async () => {
    const { machine } = imdsMachine({}, { AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: 'ftp://user:pw-SENTINEL@127.0.0.1/' });
    const explanation = await credentialChain({ context: machine.context, sources: ['imds'] }).explain();
    expect(explanation.trace[0]).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/AWS_EC2_METADATA_SERVICE_ENDPOINT is a ftp: URL, which is not an http\(s\) URL/) });
    expect(JSON.stringify(explanation)).not.toContain('pw-SENTINEL');
  });

  it('a bad setting is an error that stops the chain', async () => {
    const { machine } = imdsMachine({}, { AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: 'not a uri' });
    const explanation = await credentialChain({ context: machine.context, sources: ['imds'] }).explain();
    expect(explanation.trace[0]).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/AWS_EC2_METADATA_SERVICE_ENDPOINT is "not a uri", which is not an http\(s\) URL/) });
  });

  it('fromInstanceMetadata answers with the caller as the source; nothing secret is printed', async () => {
    const { machine } = imdsMachine();
    const input = inputFor(machine);
    const credentials = await fromInstanceMetadata(input, 'profile');
    expect(credentials.source).toBe('profile');
    expectNoSecret(inspect(credentials) + input.notes.join('\n') + machine.logs.join('\n'));
  });
});
