// clientConfig (src/client-config.ts, src/providers/service-client.ts): the keys of the SDK's nested client
// config that say something about credchain's STS, SSO and sign-in calls work as in the SDK — endpoint,
// customUserAgent, userAgentAppId, logger, maxAttempts, retryMode, requestHandler, the endpoint flags — and
// the SDK client's own machinery is refused with the reason. On a fake machine; a fake SDK handler stands in
// for NodeHttpHandler (the real one: test/differential/drop-in.test.ts).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CLIENT_CONFIG_NAMES, REFUSED_CLIENT_CONFIG } from '../src/client-config.js';
import { userAgentText } from '../src/providers/service-client.js';
import type { HttpRequest, HttpResponse } from '../src/context.js';
import type { SdkHttpRequest, SdkRequestHandler } from '../src/io/sdk-request-handler.js';
import { fromIni } from '../src/named-providers/from-ini.js';
import { fromSSO } from '../src/named-providers/from-sso.js';
import { fromTemporaryCredentials } from '../src/named-providers/from-temporary-credentials.js';
import { fakeMachine } from './support/fake-context.js';
import { expectBroken } from './support/outcomes.js';
import { credentialsReply } from './sts/support/replies.js';

const SOURCE_SECRET = 'clientConfigSourceSecretSENTINEL/0123456';
const ISSUED_SECRET = 'clientConfigIssuedSecretSENTINEL/abcdefg';
const ISSUED_TOKEN = 'clientConfigIssuedTokenSENTINEL-hijklmnop';
const SSO_TOKEN = 'clientConfigSsoAccessTokenSENTINEL-qrstu';
const SECRETS = [SOURCE_SECRET, ISSUED_SECRET, ISSUED_TOKEN, SSO_TOKEN];
const ROLE = 'arn:aws:iam::123456789012:role/app';
const CONFIG = `[profile app]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = eu-west-1\n[profile sso]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n`;
const CREDENTIALS = `[base]\naws_access_key_id = AKIACLIENTCONFIG0001\naws_secret_access_key = ${SOURCE_SECRET}\n`;
const SSO_CACHE = '/home/test/.aws/sso/cache/7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json';
const STS_OK: HttpResponse = {
  status: 200,
  headers: {},
  body: credentialsReply('AssumeRole', { accessKeyId: 'ASIACLIENTCONFIG0001', secretAccessKey: ISSUED_SECRET, sessionToken: ISSUED_TOKEN, expiration: '2099-01-01T00:00:00Z', arn: 'arn:aws:sts::123456789012:assumed-role/app/s' }),
};
const SSO_OK: HttpResponse = {
  status: 200,
  headers: {},
  body: JSON.stringify({ roleCredentials: { accessKeyId: 'ASIASSOCLIENTCONFIG1', secretAccessKey: ISSUED_SECRET, sessionToken: ISSUED_TOKEN, expiration: 4102444800000 } }),
};
const STS_500: HttpResponse = { status: 500, headers: {}, body: '<ErrorResponse><Error><Code>InternalFailure</Code><Message>x</Message></Error></ErrorResponse>' };

function machine(env: Record<string, string> = {}, answer: (request: HttpRequest) => HttpResponse = (r) => (r.method === 'GET' ? SSO_OK : STS_OK)) {
  return fakeMachine({
    env,
    files: { '/home/test/.aws/config': CONFIG, '/home/test/.aws/credentials': CREDENTIALS, [SSO_CACHE]: JSON.stringify({ accessToken: SSO_TOKEN, expiresAt: '2099-01-01T00:00:00Z' }) },
    request: answer,
  });
}

/** A handler with the SDK's shape: records each request, answers with a Node stream body as NodeHttpHandler does. */
function fakeHandler(answer: (request: SdkHttpRequest) => HttpResponse = (r) => (r.method === 'GET' ? SSO_OK : STS_OK)): SdkRequestHandler & { seen: SdkHttpRequest[] } {
  const seen: SdkHttpRequest[] = [];
  return {
    seen,
    async handle(request) {
      seen.push(request);
      const reply = answer(request);
      return { response: { statusCode: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body)]) } };
    },
  };
}

const recordingLogger = () => {
  const lines: string[] = [];
  return { lines, logger: { debug: (m: string) => lines.push(`debug ${m}`), info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) } };
};

describe('which keys', () => {
  it('honours the keys it lists, refuses the SDK client machinery with a reason of its own or the general one', () => {
    const context = machine().context;
    for (const name of Object.keys(REFUSED_CLIENT_CONFIG)) {
      expect(() => fromIni({ context, clientConfig: { [name]: 'x' } as never })).toThrow(new RegExp(`^credchain: fromIni: clientConfig\\.${name} is not supported: ${REFUSED_CLIENT_CONFIG[name]!.slice(0, 20).replace(/[()]/g, '.')}`));
    }
    for (const name of ['sha256', 'urlParser', 'signer', 'streamCollector', 'endpointProvider', 'extensions']) {
      expect(() => fromIni({ context, clientConfig: { [name]: {} } as never })).toThrow(new RegExp(`clientConfig\\.${name} is not supported: it is the SDK client's own machinery .*; credchain takes clientConfig\\.${CLIENT_CONFIG_NAMES.join(', clientConfig\\.')}$`));
    }
  });

  it('checks each value: a TypeError naming the key and what it must be', () => {
    const context = machine().context;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ endpoint: 42 }, /clientConfig\.endpoint must be a URL/],
      [{ customUserAgent: 7 }, /clientConfig\.customUserAgent must be a string/],
      [{ customUserAgent: [['ok', 1]] }, /clientConfig\.customUserAgent must be a string/],
      [{ userAgentAppId: 'x'.repeat(51) }, /clientConfig\.userAgentAppId must be a string of at most 50 characters/],
      [{ logger: 'console' }, /clientConfig\.logger must be a logger object/],
      [{ maxAttempts: 0 }, /clientConfig\.maxAttempts must be a whole number of attempts, at least 1/],
      [{ maxAttempts: 2.5 }, /clientConfig\.maxAttempts must be a whole number/],
      [{ retryMode: 'legacy' }, /clientConfig\.retryMode must be 'standard' or 'adaptive'/],
      [{ requestHandler: 'node' }, /clientConfig\.requestHandler must be an object with handle/],
      [{ requestHandler: { requestTimeout: -1 } }, /requestTimeout must be a number of milliseconds/],
      [{ useFipsEndpoint: 'yes' }, /clientConfig\.useFipsEndpoint must be true or false/],
    ];
    for (const [clientConfig, message] of cases) expect(() => fromIni({ context, clientConfig } as never)).toThrow(message);
  });

  it('customUserAgent is written as the SDK writes it (its escaping)', () => {
    expect(userAgentText('my-app/1.2.3')).toBe('my-app/1.2.3');
    expect(userAgentText([['my-app', '1.2.3'], ['team tools']])).toBe('my-app/1.2.3 team-tools');
    expect(userAgentText('api/STS')).toBe('api/sts');
    expect(userAgentText([['md/x', 'a b#c']])).toBe('md/x#a-b#c');
  });
});

describe('endpoint', () => {
  it.each([
    ['a URL string', 'https://sts.internal.example.com'],
    ['a URL', new URL('https://sts.internal.example.com/')],
    ['an Endpoint', { protocol: 'https:', hostname: 'sts.internal.example.com', path: '/' }],
    ['an EndpointV2', { url: new URL('https://sts.internal.example.com') }],
    ['a function', async () => 'https://sts.internal.example.com'],
  ])('as %s: the role hop goes there, before AWS_ENDPOINT_URL_STS', async (_what, endpoint) => {
    const m = machine({ AWS_ENDPOINT_URL_STS: 'https://sts.from-env.example.com' });
    await fromIni({ context: m.context, profile: 'app', clientConfig: { endpoint } as never })();
    expect(m.requests.map((r) => r.url)).toEqual(['https://sts.internal.example.com/']);
  });

  it('with FIPS on, refused as the SDK refuses it, naming the option', async () => {
    const m = machine({ AWS_USE_FIPS_ENDPOINT: 'true' });
    const error = await fromIni({ context: m.context, profile: 'app', clientConfig: { endpoint: 'https://sts.internal.example.com' } })().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toMatch(/FIPS .* cannot be combined with the custom STS endpoint from the clientConfig.endpoint option/);
    expect(m.requests).toEqual([]);
  });

  it('a function that returns no URL is broken, naming the key', async () => {
    const m = machine();
    const error = await fromIni({ context: m.context, profile: 'app', clientConfig: { endpoint: () => 42 } as never })().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toMatch(/clientConfig\.endpoint \(a function\) returned a value that is not valid: it must be a URL/);
  });

  it('useFipsEndpoint, useDualstackEndpoint and ignoreConfiguredEndpointUrls beat the variables', async () => {
    const fips = machine({ AWS_USE_FIPS_ENDPOINT: 'false' });
    await fromIni({ context: fips.context, profile: 'app', clientConfig: { useFipsEndpoint: true } })();
    expect(fips.requests[0]!.url).toBe('https://sts-fips.eu-west-1.amazonaws.com/');
    const dualStack = machine();
    await fromIni({ context: dualStack.context, profile: 'app', clientConfig: { useDualstackEndpoint: async () => true } })();
    expect(dualStack.requests[0]!.url).toBe('https://sts.eu-west-1.api.aws/');
    const ignore = machine({ AWS_ENDPOINT_URL_STS: 'https://sts.from-env.example.com' });
    await fromIni({ context: ignore.context, profile: 'app', clientConfig: { ignoreConfiguredEndpointUrls: true } })();
    expect(ignore.requests[0]!.url).toBe('https://sts.eu-west-1.amazonaws.com/');
  });

  it('SSO: one endpoint for the portal (and SSO-OIDC), as the SDK gives both clients one clientConfig', async () => {
    const m = machine();
    await fromSSO({ context: m.context, profile: 'sso', clientConfig: { endpoint: 'https://sso.internal.example.com' } })();
    expect(m.requests.map((r) => r.url)).toEqual(['https://sso.internal.example.com/federation/credentials?account_id=123456789012&role_name=ReadOnly']);
  });
});

describe('customUserAgent and userAgentAppId', () => {
  it('go into the User-Agent header of STS and SSO calls, after credchain', async () => {
    const m = machine();
    await fromIni({ context: m.context, profile: 'app', clientConfig: { customUserAgent: 'my-app/1.2.3', userAgentAppId: 'billing' } })();
    await fromSSO({ context: m.context, profile: 'sso', clientConfig: { customUserAgent: [['my-app', '1.2.3']] } })();
    expect(m.requests.map((r) => r.headers?.['user-agent'])).toEqual(['credchain my-app/1.2.3 app/billing', 'credchain my-app/1.2.3']);
  });

  it('without them no User-Agent is added', async () => {
    const m = machine();
    await fromIni({ context: m.context, profile: 'app' })();
    expect(m.requests[0]!.headers?.['user-agent']).toBeUndefined();
  });
});

describe('logger', () => {
  it("hears credchain's lines about the calls at debug and info, none of them with a secret; the provider's logger does not", async () => {
    const m = machine();
    const client = recordingLogger();
    await fromIni({ context: m.context, profile: 'app', clientConfig: { logger: client.logger } })();
    await fromSSO({ context: m.context, profile: 'sso', clientConfig: { logger: client.logger } })();
    expect(client.lines).toEqual([
      expect.stringMatching(/^debug credchain: STS endpoint https:\/\/sts\.eu-west-1\.amazonaws\.com \(region eu-west-1 \(aws\)\), region eu-west-1/),
      expect.stringMatching(/^info credchain: STS AssumeRole for arn:aws:iam::123456789012:role\/app at https:\/\/sts\.eu-west-1\.amazonaws\.com\/: HTTP 200 \(1 attempt, \d+ ms\)$/),
      expect.stringMatching(/^info credchain: GET https:\/\/portal\.sso\.eu-west-1\.amazonaws\.com\/federation\/credentials: HTTP 200 \(1 attempt, \d+ ms\)$/),
    ]);
    expect(m.logs.filter((line) => line.includes('STS') || line.includes('portal'))).toEqual([]);
    for (const secret of SECRETS) expect(client.lines.join('\n')).not.toContain(secret);
  });

  it('retries are told at debug', async () => {
    let calls = 0;
    const m = machine({}, () => (++calls === 1 ? STS_500 : STS_OK));
    const client = recordingLogger();
    await fromIni({ context: m.context, profile: 'app', clientConfig: { logger: client.logger } })();
    expect(client.lines).toContainEqual(expect.stringMatching(/^debug credchain: STS AssumeRole .* failed \(InternalFailure\); retry 1 of 3 in \d+ ms$/));
    expect(client.lines).toContainEqual(expect.stringMatching(/HTTP 200 \(2 attempts, \d+ ms\)$/));
  });
});

describe('maxAttempts and retryMode', () => {
  it.each([1, 2, 6])('maxAttempts %i: that many attempts at a failing STS, then the error', async (maxAttempts) => {
    const m = machine({}, () => STS_500);
    const error = await fromIni({ context: m.context, profile: 'app', clientConfig: { maxAttempts } })().catch((e: unknown) => e);
    expectBroken(error);
    expect(m.requests).toHaveLength(maxAttempts);
  });

  it('maxAttempts as a function, and for the SSO portal', async () => {
    const m = machine({}, () => ({ status: 503, headers: {}, body: '{}' }));
    await fromSSO({ context: m.context, profile: 'sso', clientConfig: { maxAttempts: async () => 5 } })().catch(() => undefined);
    expect(m.requests).toHaveLength(5);
  });

  it('the time budget still bounds many attempts', async () => {
    const m = machine({}, () => STS_500);
    await fromIni({ context: m.context, profile: 'app', clientConfig: { maxAttempts: 1000 } })().catch(() => undefined);
    expect(m.requests.length).toBeLessThan(1000);
    expect(m.clock.now - Date.parse('2026-11-22T12:00:00Z')).toBeLessThanOrEqual(15_000);
  });

  it("retryMode standard or adaptive: credchain's retries either way; a function returning another mode is broken", async () => {
    for (const retryMode of ['standard', 'adaptive']) {
      const m = machine();
      await expect(fromIni({ context: m.context, profile: 'app', clientConfig: { retryMode } })()).resolves.toMatchObject({ accessKeyId: 'ASIACLIENTCONFIG0001' });
    }
    const error = await fromIni({ context: machine().context, profile: 'app', clientConfig: { retryMode: () => 'legacy' } })().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toMatch(/clientConfig\.retryMode \(a function\) returned a value that is not valid: it must be 'standard' or 'adaptive'/);
  });
});

describe('requestHandler', () => {
  it('carries the STS call: the SDK request shape in, the reply out, and nothing through the Context', async () => {
    const m = machine();
    const handler = fakeHandler();
    const credentials = await fromIni({ context: m.context, profile: 'app', clientConfig: { requestHandler: handler } })();
    expect(credentials.accessKeyId).toBe('ASIACLIENTCONFIG0001');
    expect(m.requests).toEqual([]);
    expect(handler.seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        protocol: 'https:',
        hostname: 'sts.eu-west-1.amazonaws.com',
        path: '/',
        query: {},
        headers: expect.objectContaining({ host: 'sts.eu-west-1.amazonaws.com', authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIACLIENTCONFIG0001\//) }),
        body: expect.stringMatching(/^Action=AssumeRole&Version=2011-06-15&RoleArn=/),
      }),
    ]);
  });

  it('carries the SSO portal call, its query decoded for the handler to encode', async () => {
    const m = machine();
    const handler = fakeHandler();
    await fromSSO({ context: m.context, profile: 'sso', clientConfig: { requestHandler: handler } })();
    expect(handler.seen.map((r) => [r.method, r.hostname, r.path, r.query])).toEqual([['GET', 'portal.sso.eu-west-1.amazonaws.com', '/federation/credentials', { account_id: '123456789012', role_name: 'ReadOnly' }]]);
    expect(m.requests).toEqual([]);
  });

  it("the calling SDK client's requestHandler carries STS calls (as the SDK's nested STS client), not SSO calls (as its SSO client)", async () => {
    const m = machine();
    const caller = fakeHandler();
    await fromIni({ context: m.context, profile: 'app' })({ callerClientConfig: { requestHandler: caller } });
    await fromSSO({ context: m.context, profile: 'sso' })({ callerClientConfig: { requestHandler: caller } });
    expect(caller.seen.map((r) => r.hostname)).toEqual(['sts.eu-west-1.amazonaws.com']);
    expect(m.requests.map((r) => new URL(r.url).hostname)).toEqual(['portal.sso.eu-west-1.amazonaws.com']);
  });

  it('an HTTP/2 handler is passed over (as the SDK passes it over): the call goes through the Context', async () => {
    const m = machine();
    const h2 = { ...fakeHandler(), metadata: { handlerProtocol: 'h2' } };
    const provider = fromIni({ context: m.context, profile: 'app', clientConfig: { requestHandler: h2 } });
    await provider();
    expect(h2.seen).toEqual([]);
    expect(m.requests).toHaveLength(1);
  });

  it('never carries a container or IMDS request (credential_source = EcsContainer): only the STS call', async () => {
    const m = machine({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds' }, () => ({
      status: 200,
      headers: {},
      body: JSON.stringify({ AccessKeyId: 'ASIACONTAINER0000001', SecretAccessKey: 'c', Token: 't', Expiration: '2099-01-01T00:00:00Z' }),
    }));
    m.files.set('/home/test/.aws/config', `[profile ecs]\nrole_arn = ${ROLE}\ncredential_source = EcsContainer\nregion = eu-west-1\n`);
    const handler = fakeHandler();
    await fromIni({ context: m.context, profile: 'ecs', clientConfig: { requestHandler: handler } })();
    expect(m.requests.map((r) => r.url)).toEqual(['http://127.0.0.1:9/creds']);
    expect(handler.seen.map((r) => r.hostname)).toEqual(['sts.eu-west-1.amazonaws.com']);
  });

  it("a handler's failure is a network failure of the call, its message never shown (it may quote the request)", async () => {
    const handler: SdkRequestHandler = {
      async handle(request) {
        throw Object.assign(new Error(`proxy refused ${JSON.stringify(request.headers)}`), { name: 'ProxyError' });
      },
    };
    const m = machine();
    const error = await fromIni({ context: m.context, profile: 'app', clientConfig: { requestHandler: handler, maxAttempts: 1 } })().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toMatch(/the requestHandler failed \(ProxyError\)/);
    expect(error.message).not.toMatch(/authorization|AWS4-HMAC/i);
  });
});

describe('fromTemporaryCredentials', () => {
  it('takes the same keys, and profile', async () => {
    const m = machine();
    const handler = fakeHandler();
    const provider = fromTemporaryCredentials({
      context: m.context,
      params: { RoleArn: ROLE },
      masterCredentials: { accessKeyId: 'AKIAMASTER0000000001', secretAccessKey: SOURCE_SECRET },
      clientConfig: { profile: 'app', requestHandler: handler, customUserAgent: 'my-app' },
    });
    await provider();
    expect(handler.seen.map((r) => [r.hostname, r.headers['user-agent']])).toEqual([['sts.eu-west-1.amazonaws.com', 'credchain my-app']]);
    expect(() => fromTemporaryCredentials({ params: { RoleArn: ROLE }, clientConfig: { credentials: {} } as never })).toThrow(/clientConfig\.credentials is not supported: .*masterCredentials/);
  });
});
