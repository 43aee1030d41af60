// The container source on a synthetic machine: the cross-SDK ECS cases, the allow-list, the token
// rules, retries (fake clock), error replies and reply validation. Real sockets: container-network.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { NetworkError } from '../../src/errors.js';
import { source as containerSource } from '../../src/providers/container.js';
import { resolvePlanBase } from '../../src/providers/profile.js';
import type { ChainOptions, SourceState } from '../../src/source.js';
import { fakeMachine, type FakeMachine } from '../support/fake-context.js';
import { withRandom } from '../support/fixed-random.js';
import { asChainStep, asSource, sourceInput, type TestSourceInput } from '../support/source-input.js';
import { expectBroken, expectNotConfigured } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

/** The container step as the chain runs it (errors labelled `container`). */
const source = asChainStep(containerSource);

/** The container as `credential_source = EcsContainer` of profile "default" (the executor's rule applies), labelled as the chain would. */
const fromContainerEndpoint = (input: ReturnType<typeof sourceInput>, name: string) =>
  asSource(name, resolvePlanBase(input, { kind: 'credential-source', profile: 'default', credentialSource: 'EcsContainer' }));

const KEY = 'ASIACONTAINER0000001';
const SECRET = 'containerSecretSENTINEL/0123456789abcdef';
const SESSION = 'containerSessionSENTINEL-0123456789';
const AUTH = 'containerAuthSENTINEL-abcdefghijkl';
const EXPIRES = '2026-11-22T18:00:00Z';

const okBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ AccessKeyId: KEY, SecretAccessKey: SECRET, Token: SESSION, Expiration: EXPIRES, RoleArn: 'arn:aws:iam::123456789012:role/task', ...extra });
const ok = (extra?: Record<string, unknown>): HttpResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: okBody(extra) });

type Handler = (request: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>;

function machineWith(env: Record<string, string>, handler: Handler = () => ok(), files: Record<string, string> = {}): FakeMachine {
  let index = 0;
  return fakeMachine({ env, files, request: (request) => handler(request, index++) });
}

function inputFor(machine: FakeMachine, options: ChainOptions = {}): TestSourceInput {
  return sourceInput(machine.context, options, {
    loadConfig: async () => {
      throw new Error('the container source must not read the shared config');
    },
  });
}

async function brokenFrom(promise: Promise<unknown>): Promise<CredentialsProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expectBroken(error);
  return error as CredentialsProviderError;
}

function expectNoSecret(text: string): void {
  for (const secret of [SECRET, SESSION, AUTH]) expect(text).not.toContain(secret);
}

interface EcsCase {
  docs: string;
  env: Record<string, string>;
  result: { Ok?: string; ErrorContains?: string };
}
const ecsCases = (JSON.parse(readFileSync(new URL('../fixtures/metadata/ecs-tests.json', import.meta.url), 'utf8')) as { tests: EcsCase[] }).tests;

describe('container: cross-SDK conformance (ecs-tests.json, Apache-2.0, smithy-rs 56ee88c5)', () => {
  // No case diverges from the JavaScript SDK; "all fields unset" is the chain's miss, "invalid full uri" a stop.
  it('covers all 11 cases', () => expect(ecsCases).toHaveLength(11));

  it.each(ecsCases.map((c) => [c.docs, c] as const))('%s', async (_docs, testCase) => {
    const machine = machineWith(testCase.env);
    const outcome = await source.resolve(inputFor(machine)).then(
      (credentials) => ({ credentials }),
      (error: unknown) => ({ error }),
    );
    if (testCase.result.Ok !== undefined) {
      expect('credentials' in outcome && outcome.credentials).toMatchObject({ accessKeyId: KEY, source: 'container' });
      expect(machine.requests.map((r) => r.url)).toEqual([testCase.result.Ok]);
      expect(machine.requests[0]!.method).toBe('GET');
    } else {
      expect(machine.requests).toHaveLength(0);
      const error = (outcome as { error: unknown }).error;
      if (Object.keys(testCase.env).length === 0) expectNotConfigured(error);
      else expectBroken(error);
    }
  });
});

describe('container: URL allow-list, checked before any connection', () => {
  const refused = [
    'http://169.254.169.254/latest/meta-data/',
    'http://example.com/credentials',
    'http://10.0.0.1/credentials',
    'http://0.0.0.0:8080/credentials',
    'http://[::]:8080/credentials',
    'http://[::ffff:127.0.0.1]/credentials',
    'http://127.0.0.1.nip.io/credentials',
    'http://localhost./credentials',
    'http://169.254.170.2.evil.example/credentials',
    'http://[fd00:ec2::24]/credentials',
    'http://169.254.170.3/credentials',
    'ftp://169.254.170.2/credentials',
    'file:///etc/passwd',
  ];
  it.each(refused)('refuses %s with no request', async (url) => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.code).toBe('url-not-allowed');
    expect(error.message).toMatch(/AWS_CONTAINER_CREDENTIALS_FULL_URI points at .* not allowed \(no connection was made\)/);
    expect(error.fix).toMatch(/https.*169\.254\.170\.2.*127\.0\.0\.0\/8/);
    expect(machine.requests).toHaveLength(0);
    expectNoSecret(error.message);
  });

  it.each(['@evil.example/credentials', '.evil.example/credentials', ':80@evil.example/x'])(
    'a relative URI cannot move the host: %s',
    async (relative) => {
      const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: relative });
      const error = await brokenFrom(source.resolve(inputFor(machine)));
      expect(error.message).toMatch(/AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (points at .* not allowed|is not a valid URL)/);
      expect(machine.requests).toHaveLength(0);
    },
  );

  const allowed: Array<[string, string]> = [
    ['http://127.0.0.1:8080/creds', 'http://127.0.0.1:8080/creds'],
    ['http://127.255.255.254/creds', 'http://127.255.255.254/creds'],
    ['http://127.1/creds', 'http://127.0.0.1/creds'],
    ['http://[::1]:8080/creds', 'http://[::1]:8080/creds'],
    ['http://[0:0:0:0:0:0:0:1]/creds', 'http://[::1]/creds'],
    ['http://LOCALHOST/creds', 'http://localhost/creds'],
    ['https://creds.example.internal/v1', 'https://creds.example.internal/v1'],
    ['http://[fd00:ec2:0::23]/v1/credentials', 'http://[fd00:ec2::23]/v1/credentials'],
  ];
  it.each(allowed)('allows %s', async (url, called) => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url });
    await source.resolve(inputFor(machine));
    expect(machine.requests.map((r) => r.url)).toEqual([called]);
  });
});

describe('container: authorization token', () => {
  const FULL = 'http://169.254.170.23/v1/credentials';

  it('sends AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    await source.resolve(inputFor(machine));
    expect(machine.requests[0]!.headers?.authorization).toBe(AUTH);
  });

  it('sends no Authorization header when no token is configured', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' });
    await source.resolve(inputFor(machine));
    expect(machine.requests[0]!.headers).not.toHaveProperty('authorization');
  });

  it('the token file beats the variable, and says so in the trace', async () => {
    const machine = machineWith(
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'from-variable', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token' },
      () => ok(),
      { '/var/run/token': AUTH },
    );
    const input = inputFor(machine);
    await source.resolve(input);
    expect(machine.requests[0]!.headers?.authorization).toBe(AUTH);
    expect(input.notes.join('\n')).toMatch(/AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE wins over AWS_CONTAINER_AUTHORIZATION_TOKEN/);
  });

  it('re-reads the token file on every attempt (it rotates)', async () => {
    const machine = machineWith(
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token' },
      (request, index) => {
        if (index === 0) {
          machine.files.set('/var/run/token', 'rotated-token-2');
          return { status: 503, headers: {}, body: '' };
        }
        return ok();
      },
      { '/var/run/token': 'first-token-1' },
    );
    await source.resolve(inputFor(machine));
    expect(machine.requests.map((r) => r.headers?.authorization)).toEqual(['first-token-1', 'rotated-token-2']);
  });

  it('re-reads the token file on every resolution', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token' }, () => ok(), {
      '/var/run/token': 'token-a',
    });
    const input = inputFor(machine);
    await source.resolve(input);
    machine.files.set('/var/run/token', 'token-b');
    await source.resolve(input);
    expect(machine.requests.map((r) => r.headers?.authorization)).toEqual(['token-a', 'token-b']);
  });

  it('a named token file that is missing stops the chain, naming the path, before any request', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/missing-token' });
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toMatch(/token file \/var\/run\/missing-token \(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE\) does not exist/);
    expect(machine.requests).toHaveLength(0);
  });

  it('an unreadable token file stops the chain with the error code', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token' });
    machine.context.readFile = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toMatch(/\/var\/run\/token .* cannot be read \(EACCES\)/);
    expect(machine.requests).toHaveLength(0);
  });

  it.each([
    ['CR LF', `${AUTH}\r\nX-Injected: 1`],
    ['LF alone', `${AUTH}\n`],
    ['CR alone', `${AUTH}\rX`],
  ])('refuses a token with %s (variable and file), without echoing it', async (_name, token) => {
    const variants: Array<Record<string, string>> = [{ AWS_CONTAINER_AUTHORIZATION_TOKEN: token }, { AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/t' }];
    for (const env of variants) {
      const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, ...env }, () => ok(), { '/t': token });
      const error = await brokenFrom(source.resolve(inputFor(machine)));
      expect(error.code).toBe('invalid-token');
      expect(error.message).toMatch(/line break/);
      expect(machine.requests).toHaveLength(0);
      expectNoSecret(error.message);
    }
  });
});

describe('container: timeouts and retries (fake clock)', () => {
  const FULL = 'http://169.254.170.2/v2/credentials/abc';

  it('uses a 1000 ms timeout by default and options.timeout when given', async () => {
    const first = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL });
    await source.resolve(inputFor(first));
    expect(first.requests[0]!.timeoutMs).toBe(1000);
    const second = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL });
    await source.resolve(inputFor(second, { timeout: 250 }));
    expect(second.requests[0]!.timeoutMs).toBe(250);
  });

  it('retries a 5xx up to 3 times, then stops with the status and the attempt count', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => ({ status: 500, headers: {}, body: 'oops' }));
    const started = machine.clock.now;
    const error = await withRandom(0.999, () => brokenFrom(source.resolve(inputFor(machine))));
    expect(machine.requests).toHaveLength(4);
    expect(error.message).toMatch(/answered HTTP 500 \(4 attempts\)/);
    // Backoff under 100, 200, 400 ms between the attempts (full jitter: at its largest, 99 + 199 + 399).
    expect(machine.clock.now - started).toBe(697);
  });

  it('a 429 (the EKS Pod Identity agent passing on EKS Auth throttling) is retried on the throttle schedule, with its Retry-After', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, (_r, i) =>
      i < 2 ? { status: 429, headers: { 'retry-after': '10' }, body: '{"Code":"TooManyRequests","Message":"slow down"}' } : ok(),
    );
    const started = machine.clock.now;
    await expect(withRandom(0.5, () => source.resolve(inputFor(machine)))).resolves.toMatchObject({ accessKeyId: KEY });
    expect(machine.requests).toHaveLength(3);
    // Retry-After 10 s raises the 4 s floor; the jitter on top: 10 + 0.5 × 48 s, then 10 + 0.5 × 26 s.
    expect(machine.clock.now - started).toBe(34_000 + 23_000);
  });

  it('a 429 that never clears ends at the 120 s deadline with what happened and what to do', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => ({ status: 429, headers: {}, body: '{"Code":"TooManyRequests","Message":"slow down"}' }));
    const error = await withRandom(0.5, () => brokenFrom(source.resolve(inputFor(machine))));
    // 28 s, then 17 s waits: attempts at 0, 28, 45, … 113 s.
    expect(machine.requests).toHaveLength(7);
    expect(error.message).toMatch(/answered HTTP 429 \(throttled by the endpoint 7 times over 113 s\): TooManyRequests: slow down/);
    expect(error.fix).toMatch(/kept throttling.*many pods start together and spread them out/);
  });

  it('honours options.maxRetries (0 = one attempt)', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => ({ status: 502, headers: {}, body: '' }));
    await brokenFrom(source.resolve(inputFor(machine, { maxRetries: 0 })));
    expect(machine.requests).toHaveLength(1);
  });

  it('retries timeouts and refusals; worst case stays within 4 timeouts plus the backoff', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, (request) => {
      machine.clock.advance(request.timeoutMs);
      throw new NetworkError('timeout', `no complete answer within ${request.timeoutMs} ms`, FULL);
    });
    const started = machine.clock.now;
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(machine.requests).toHaveLength(4);
    expect(machine.clock.now - started).toBeLessThanOrEqual(4 * 1000 + 700);
    expect(error.message).toMatch(/did not answer \(4 attempts\)/);
    expect(error.code).toBe('timeout');
  });

  it('a reply too large is not retried (the same endpoint sends it again): one request, one error naming the limit', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => {
      throw new NetworkError('too-large', 'reply larger than 1048576 bytes', FULL);
    });
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(machine.requests).toHaveLength(1);
    expect(error.message).toBe(
      `container: the container credentials endpoint ${FULL} (AWS_CONTAINER_CREDENTIALS_FULL_URI) sent a reply larger than 1048576 bytes, credchain's limit for a credentials reply (a few hundred bytes of JSON); not retried. Check that the URL is the ECS agent or EKS Pod Identity agent credentials endpoint, not another service`,
    );
    expect(error.code).toBe('too-large');
  });

  it('succeeds when a retry succeeds', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, (_request, index) => {
      if (index < 2) throw new NetworkError('refused', 'connection refused', FULL);
      return ok();
    });
    await expect(source.resolve(inputFor(machine))).resolves.toMatchObject({ accessKeyId: KEY });
    expect(machine.requests).toHaveLength(3);
  });
});

describe('container: error replies', () => {
  const FULL = 'http://169.254.170.23/v1/credentials';

  it.each([
    [401, 'AccessDeniedException', 'Authorization header is missing', /authorization token/],
    [403, 'AccessDeniedException', 'Authorization token is not valid', /authorization token/],
    [404, 'NotFound', 'No credentials for this pod', /no role/],
    [400, 'InvalidRequest', 'bad', /agent/],
  ])('%i: Code and Message reach the error, no retry', async (status, code, message, fix) => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH }, () => ({
      status,
      headers: {},
      body: JSON.stringify({ Code: code, Message: message }),
    }));
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toContain(`answered HTTP ${status}: ${code}: ${message}`);
    expect(error.message).toContain('http://169.254.170.23/v1/credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)');
    expect(error.code).toBe(code);
    expect(error.fix).toMatch(fix);
    expect(machine.requests).toHaveLength(1);
  });

  it('a Message that echoes the token is redacted', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH }, () => ({
      status: 403,
      headers: {},
      body: JSON.stringify({ Code: 'AccessDenied', Message: `token ${AUTH} is not valid` }),
    }));
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toContain('token [redacted] is not valid');
    expectNoSecret(error.message);
  });

  it('a 4xx without a JSON body still says the status', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => ({ status: 403, headers: {}, body: '<html>nope</html>' }));
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toMatch(/answered HTTP 403(\.|$)/);
  });

  it.each([301, 302, 307, 308])('%i: a redirect is never followed', async (status) => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9911/creds' }, () => ({
      status,
      headers: { location: 'http://attacker.example/steal?token=abc' },
      body: '',
    }));
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toContain(`answered ${status}, a redirect to http://attacker.example/steal; redirects are never followed`);
    expect(error.message).not.toContain('token=abc');
    expect(machine.requests).toHaveLength(1);
  });
});

describe('container: reply validation', () => {
  const FULL = 'http://169.254.170.2/creds';

  it('returns AccountId when the endpoint gives it (beyond: the SDK drops it)', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => ok({ AccountId: '123456789012' }));
    const credentials = await source.resolve(inputFor(machine));
    expect(credentials).toMatchObject({ accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: SESSION, accountId: '123456789012', source: 'container' });
    expect(credentials.expiration?.toISOString()).toBe('2026-11-22T18:00:00.000Z');
  });

  it.each([
    ['not JSON', `{"AccessKeyId":"${KEY}","SecretAccessKey":"${SECRET}"`, /body that is not JSON/],
    ['an array', '[]', /not an object/],
    ['no Token', JSON.stringify({ AccessKeyId: KEY, SecretAccessKey: SECRET, Expiration: EXPIRES }), /without Token/],
    ['no secret', JSON.stringify({ AccessKeyId: KEY, Token: SESSION, Expiration: EXPIRES }), /without SecretAccessKey/],
    ['a numeric Expiration', JSON.stringify({ AccessKeyId: KEY, SecretAccessKey: SECRET, Token: SESSION, Expiration: 5 }), /without Expiration/],
    ['a bad Expiration', JSON.stringify({ AccessKeyId: KEY, SecretAccessKey: SECRET, Token: SESSION, Expiration: 'soon' }), /Expiration that is not a date/],
  ])('refuses a 200 with %s, never quoting the body', async (_name, body, message) => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: FULL }, () => ({ status: 200, headers: {}, body }));
    const error = await brokenFrom(source.resolve(inputFor(machine)));
    expect(error.message).toMatch(message);
    expect(error.code).toBe('malformed-reply');
    expectNoSecret(error.message);
  });
});

describe('container: in the chain and as credential_source', () => {
  it('a broken container endpoint stops the chain: IMDS is not consulted', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://evil.example/x', AWS_EC2_METADATA_DISABLED: 'false' });
    const provider = credentialChain({ context: machine.context, sources: ['container', 'imds'] });
    const explanation = await provider.explain();
    expect(explanation.ok).toBe(false);
    expect(explanation.trace.map((e) => [e.source, e.outcome])).toEqual([
      ['container', 'error'],
      ['imds', 'skipped'],
    ]);
    expect(machine.requests).toHaveLength(0);
  });

  it('not configured: the chain moves on with the reason', async () => {
    const machine = machineWith({});
    const explanation = await credentialChain({ context: machine.context, sources: ['container'] }).explain();
    expect(explanation.trace[0]).toMatchObject({ outcome: 'miss', reason: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set' });
  });

  it('fromContainerEndpoint without the variables is a broken source, not a miss', async () => {
    const machine = machineWith({});
    const error = await brokenFrom(fromContainerEndpoint(inputFor(machine), 'profile'));
    expect(error.source).toBe('profile');
    expect(error.message).toMatch(/credential_source = EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set\. Run inside an ECS task/);
  });

  it('fromContainerEndpoint answers with the caller as the source', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' });
    await expect(fromContainerEndpoint(inputFor(machine), 'profile')).resolves.toMatchObject({ accessKeyId: KEY, source: 'profile' });
  });

  it('the trace and the printed credentials hold no secret', async () => {
    const machine = machineWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    const provider = credentialChain({ context: machine.context, sources: ['container'] });
    const credentials = await provider();
    const explanation = await provider.explain();
    const { inspect } = await import('node:util');
    expectNoSecret(JSON.stringify(explanation) + inspect(credentials) + machine.logs.join('\n'));
    expect(explanation.trace[0]!.notes.join('\n')).toContain('from the container credentials endpoint http://169.254.170.23/v1/credentials');
  });
});
