// Differential: what a user switching from @aws-sdk/credential-providers meets beyond the SDK's own integration
// cases (sdk-integration.test.ts) — the options of the named providers, how they compose in
// createCredentialChain, and each deliberate difference of docs/sdk-drop-in.md, shown side by side. Both
// packages run in this process with the same process.env and files; the network is the loopback stand-in
// (test/support/aws-stand-in.ts), which records every request.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as sdk from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import * as credchain from '../../src/index.js';
import { useAwsStandIn, type RecordedRequest } from '../support/aws-stand-in.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const DOC = readFileSync(new URL('../../docs/sdk-drop-in.md', import.meta.url), 'utf8');

type Providers = typeof credchain;

interface Outcome {
  accessKeyId?: string;
  credentials?: Record<string, unknown>;
  error?: Error & { tryNextLink?: boolean };
  requests: RecordedRequest[];
}

const lab = useAwsStandIn('credchain-drop-in-');

/** A fresh HOME with these files: `config`, `credentials`. */
function home(files: { config?: string; credentials?: string } = {}): string {
  const dir = lab.nextHomePath();
  mkdirSync(join(dir, '.aws'), { recursive: true });
  writeFileSync(join(dir, '.aws', 'config'), files.config ?? '');
  writeFileSync(join(dir, '.aws', 'credentials'), files.credentials ?? '');
  return dir;
}

/** The same provider from each package, built and called once on the same machine. */
async function both(env: Record<string, string>, build: (providers: Providers) => (call?: never) => Promise<unknown>): Promise<{ sdk: Outcome; credchain: Outcome }> {
  const run = async (providers: Providers): Promise<Outcome> => {
    lab.standIn.reset();
    return withProcessEnv(env, async () => {
      try {
        const credentials = (await build(providers)()) as Record<string, unknown>;
        return { accessKeyId: credentials.accessKeyId as string, credentials, requests: [...lab.standIn.requests] };
      } catch (error) {
        return { error: error as Outcome['error'], requests: [...lab.standIn.requests] };
      }
    });
  };
  return { sdk: await run(sdk as unknown as Providers), credchain: await run(credchain) };
}

describe('container options', () => {
  it('given alone to fromNodeProviderChain: the SDK ignores them and goes on (IMDS off here: no credentials), credchain calls that endpoint', async () => {
    const env = { HOME: home(), AWS_EC2_METADATA_DISABLED: 'true' };
    const result = await both(env, (p) => p.fromNodeProviderChain({ logger: quiet, awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials', awsContainerAuthorizationToken: 'TOKEN' } as never));
    expect(result.sdk.error?.message).toMatch(/Could not load credentials from any providers/);
    expect(result.sdk.requests).toEqual([]);
    expect(result.credchain.accessKeyId).toBe('CONTAINER_ACCESS_KEY_ID');
    expect(result.credchain.requests.map((r) => [r.host, r.path, r.headers.authorization])).toEqual([['169.254.170.23', '/v1/credentials', 'TOKEN']]);
  });

  it('with a container variable set, both use the options over the variables', async () => {
    const env = { HOME: home(), AWS_EC2_METADATA_DISABLED: 'true', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/from-env', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ENV_TOKEN' };
    const result = await both(env, (p) => p.fromNodeProviderChain({ logger: quiet, awsContainerCredentialsRelativeUri: '/from-option', awsContainerAuthorizationToken: 'OPTION_TOKEN' } as never));
    for (const lane of [result.sdk, result.credchain]) {
      expect(lane.accessKeyId).toBe('CONTAINER_ACCESS_KEY_ID');
      expect(lane.requests.map((r) => [r.host, r.path, r.headers.authorization])).toEqual([['169.254.170.2', '/from-option', 'OPTION_TOKEN']]);
    }
  });
});

describe('createCredentialChain(provider, fromEnv()): each named provider with nothing for it moves on or stops as the SDK\'s does', () => {
  const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAFALLBACKENVKEYS1', AWS_SECRET_ACCESS_KEY: 'fallbackSecret' };
  /** `moved on` (fromEnv answered) or `stopped` (the first provider's error, tryNextLink false). */
  const verdict = (outcome: Outcome) => (outcome.accessKeyId === KEYS.AWS_ACCESS_KEY_ID ? 'moved on' : outcome.error?.tryNextLink === false ? 'stopped' : `other: ${outcome.error?.message}`);
  type Verdict = 'moved on' | 'stopped';
  const SAME: Array<{ name: string; first: (p: Providers) => credchain.NamedProvider; expected: Verdict }> = [
    { name: 'fromIni() without a default profile', first: (p) => p.fromIni({ logger: quiet }), expected: 'moved on' },
    { name: "fromIni({ profile }) whose profile has no credentials", first: (p) => p.fromIni({ profile: 'plain', logger: quiet }), expected: 'moved on' },
    { name: 'fromSSO() without an SSO profile', first: (p) => p.fromSSO({ logger: quiet }), expected: 'moved on' },
    { name: "fromSSO({ profile }) that is not an SSO profile", first: (p) => p.fromSSO({ profile: 'plain', logger: quiet }), expected: 'moved on' },
    { name: 'fromProcess() without credential_process', first: (p) => p.fromProcess({ profile: 'plain', logger: quiet }), expected: 'moved on' },
    { name: 'fromTokenFile() without the variables', first: (p) => p.fromTokenFile({ logger: quiet }), expected: 'moved on' },
    { name: 'fromHttp() without an endpoint', first: (p) => p.fromHttp({ logger: quiet }), expected: 'moved on' },
    { name: 'fromContainerMetadata() without the variables', first: (p) => p.fromContainerMetadata({ logger: quiet }), expected: 'stopped' },
    { name: 'fromInstanceMetadata() where IMDS does not answer', first: (p) => p.fromInstanceMetadata({ logger: quiet, maxRetries: 0 }), expected: 'moved on' },
    { name: 'fromLoginCredentials() without login_session', first: (p) => p.fromLoginCredentials({ profile: 'plain', logger: quiet }), expected: 'moved on' },
  ];
  const machine = () => ({ HOME: home({ config: '[profile plain]\nregion = eu-west-1\n' }), AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1', ...KEYS });

  it.each(SAME)('$name: both $expected', async ({ first, expected }) => {
    const result = await both(machine(), (p) => p.createCredentialChain(first(p), p.fromEnv()));
    expect(verdict(result.sdk)).toBe(expected);
    expect(verdict(result.credchain)).toBe(expected);
  });

  it.each([
    ['fromIni', (p: Providers) => p.fromIni({ profile: 'missing', logger: quiet })],
    ['fromProcess', (p: Providers) => p.fromProcess({ profile: 'missing', logger: quiet })],
    ['fromSSO', (p: Providers) => p.fromSSO({ profile: 'missing', logger: quiet })],
    ['fromLoginCredentials', (p: Providers) => p.fromLoginCredentials({ profile: 'missing', logger: quiet })],
  ] as const)("%s({ profile: 'missing' }): the SDK moves on to the env keys, credchain stops naming the profile (documented difference)", async (_name, first) => {
    const result = await both(machine(), (p) => p.createCredentialChain(first(p), p.fromEnv()));
    expect(verdict(result.sdk)).toBe('moved on');
    expect(verdict(result.credchain)).toBe('stopped');
    expect(result.credchain.error?.message).toMatch(/profile "missing" \(selected by the profile option\) is not in .*Correct the profile option, or add a \[profile missing\] section/s);
    expect(DOC).toContain('A profile selected by name (the `profile` option, `AWS_PROFILE`, the calling client\'s profile) that is in neither file stops');
  });
});

describe('createCredentialChain hands each provider the call as the SDK\'s providers take it', () => {
  it('an SDK client\'s call reaches the provider alike in both chains; credchain\'s own call forms (a region name, a logger without every level) arrive in the SDK\'s form', async () => {
    const regions: unknown[] = [];
    // Written as the SDK's providers are: region() called, logger levels called unguarded.
    const sdkStyle = async ({ callerClientConfig }: { callerClientConfig?: { region(): Promise<string>; logger?: { debug(...content: unknown[]): void } } } = {}) => {
      regions.push(await callerClientConfig?.region());
      callerClientConfig?.logger?.debug('sdkStyle called');
      return { accessKeyId: 'AKIAFORWARDEDCALL001', secretAccessKey: 'forwardedSecret' };
    };
    const clientCall = { callerClientConfig: { region: async () => 'eu-west-1', logger: quiet } };
    expect((await sdk.createCredentialChain(sdkStyle)(clientCall)).accessKeyId).toBe('AKIAFORWARDEDCALL001');
    expect((await credchain.createCredentialChain(sdkStyle)(clientCall)).accessKeyId).toBe('AKIAFORWARDEDCALL001');
    const warned: string[] = [];
    await credchain.createCredentialChain(sdkStyle)({ callerClientConfig: { region: 'eu-west-2', logger: { warn: (line: string) => void warned.push(line) } } });
    expect(regions).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-2']);
    // The SDK's chain passes the same call on as it is: its provider fails on the region name.
    await expect(sdk.createCredentialChain(sdkStyle)({ callerClientConfig: { region: 'eu-west-2' } } as never)).rejects.toThrow(/region is not a function/);
  });
});

describe('fromTemporaryCredentials params: the same AssumeRole request', () => {
  it.each([
    ['session tags, transitive keys, source identity, provided contexts, token size', { Tags: [{ Key: 'team', Value: 'a b' }, { Key: 'empty', Value: '' }], TransitiveTagKeys: ['team'], SourceIdentity: 'alice', ProvidedContexts: [{ ProviderArn: 'arn:aws:iam::aws:contextProvider/IdentityCenter', ContextAssertion: 'assertion' }], MinimumSessionTokenSize: 2000 }],
    ['session policies, external id, duration', { Policy: '{"Version":"2012-10-17","Statement":[]}', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], ExternalId: 'ext-1', DurationSeconds: 900 }],
    ['empty lists', { Tags: [], TransitiveTagKeys: [], PolicyArns: [] }],
  ])('%s', async (_name, extra) => {
    const params = { RoleArn: 'arn:aws:iam::123456789012:role/app', RoleSessionName: 'params-session', ...extra };
    const result = await both({ HOME: home(), AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' }, (p) =>
      p.fromTemporaryCredentials({ params, masterCredentials: { accessKeyId: 'AKIAPARAMSMASTER0001', secretAccessKey: 'paramsMasterSecret' }, logger: quiet } as never),
    );
    const sent = (outcome: Outcome) => outcome.requests.map((r) => [...new URLSearchParams(r.body)].sort(([a], [b]) => a.localeCompare(b)));
    expect(result.credchain.accessKeyId).toBe('STS_AR_ACCESS_KEY_ID');
    expect(sent(result.credchain)).toEqual(sent(result.sdk));
    expect(sent(result.sdk)).toHaveLength(1);
  });
});

describe('clientConfig: each key, the SDK and credchain side by side on a role hop (fromIni, AssumeRole)', () => {
  const SOURCE_SECRET = 'dropInSourceSecretSENTINEL/0123456789ab';
  const config = '[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\nregion = us-west-2\n';
  const credentials = `[base]\naws_access_key_id = AKIADROPINBASEKEY001\naws_secret_access_key = ${SOURCE_SECRET}\n`;
  const roleHop = (clientConfig: Record<string, unknown>, env: Record<string, string> = {}) =>
    both({ HOME: home({ config, credentials }), AWS_EC2_METADATA_DISABLED: 'true', ...env }, (p) => p.fromIni({ profile: 'app', logger: quiet, clientConfig } as never));
  const assumeRoles = (outcome: Outcome) => outcome.requests.filter((r) => r.body.includes('Action=AssumeRole'));
  const lanes = (result: { sdk: Outcome; credchain: Outcome }) => [result.sdk, result.credchain];

  it('region: the STS host of that region', async () => {
    for (const lane of lanes(await roleHop({ region: 'eu-central-1' }))) expect(assumeRoles(lane).map((r) => r.host)).toEqual(['sts.eu-central-1.amazonaws.com']);
  });

  it('endpoint: the AssumeRole goes there, before AWS_ENDPOINT_URL_STS', async () => {
    const result = await roleHop({ endpoint: 'https://sts.vpce.example.com' }, { AWS_ENDPOINT_URL_STS: 'https://sts.from-env.example.com' });
    for (const lane of lanes(result)) expect(assumeRoles(lane).map((r) => r.host)).toEqual(['sts.vpce.example.com']);
  });

  it('customUserAgent and userAgentAppId: both in the User-Agent header', async () => {
    for (const lane of lanes(await roleHop({ customUserAgent: [['my-app', '1.2.3']], userAgentAppId: 'billing' }))) {
      expect(String(assumeRoles(lane)[0]!.headers['user-agent'])).toContain('app/billing');
      expect(String(assumeRoles(lane)[0]!.headers['user-agent'])).toContain('my-app/1.2.3');
    }
  });

  it('logger: debug and info called in both; credchain\'s lines carry no secret', async () => {
    const env = { HOME: home({ config, credentials }), AWS_EC2_METADATA_DISABLED: 'true' };
    const heard = async (providers: Providers) => {
      const logger = recording();
      await withProcessEnv(env, () => providers.fromIni({ profile: 'app', logger: quiet, clientConfig: { logger } })());
      return logger.lines;
    };
    const [theirs, ours] = [await heard(sdk as unknown as Providers), await heard(credchain)];
    for (const lines of [theirs, ours]) expect(new Set(lines.map(([level]) => level))).toEqual(new Set(['debug', 'info']));
    const text = ours.map(([, line]) => String(line)).join('\n');
    for (const secret of [SOURCE_SECRET, 'STS_AR_SECRET_ACCESS_KEY', 'STS_AR_SESSION_TOKEN']) expect(text).not.toContain(secret);
  });

  it('maxAttempts: as many AssumeRole attempts at a failing STS', async () => {
    const env = { HOME: home({ config, credentials }), AWS_EC2_METADATA_DISABLED: 'true' };
    const run = async (providers: Providers) => {
      lab.standIn.reset();
      lab.standIn.failNextSts(10);
      return withProcessEnv(env, async () => {
        await providers.fromIni({ profile: 'app', logger: quiet, clientConfig: { maxAttempts: 2 } })().catch(() => undefined);
        return assumeRoles({ requests: [...lab.standIn.requests] }).length;
      });
    };
    expect(await run(sdk as unknown as Providers)).toBe(2);
    expect(await run(credchain)).toBe(2);
  });

  it('retryMode adaptive: accepted by both, one failure retried by both', async () => {
    const env = { HOME: home({ config, credentials }), AWS_EC2_METADATA_DISABLED: 'true' };
    for (const providers of [sdk as unknown as Providers, credchain]) {
      lab.standIn.reset();
      lab.standIn.failNextSts(1);
      const key = await withProcessEnv(env, async () => (await providers.fromIni({ profile: 'app', logger: quiet, clientConfig: { retryMode: 'adaptive' } })()).accessKeyId);
      expect(key).toBe('STS_AR_ACCESS_KEY_ID');
      expect(assumeRoles({ requests: [...lab.standIn.requests] })).toHaveLength(2);
    }
  });

  it('requestHandler: an instrumented NodeHttpHandler carries the AssumeRole of both', async () => {
    for (const lane of ['sdk', 'credchain'] as const) {
      const handler = instrumented();
      const env = { HOME: home({ config, credentials }), AWS_EC2_METADATA_DISABLED: 'true' };
      lab.standIn.reset();
      const providers = lane === 'sdk' ? (sdk as unknown as Providers) : credchain;
      await withProcessEnv(env, () => providers.fromIni({ profile: 'app', logger: quiet, clientConfig: { requestHandler: handler } })());
      expect(handler.seen, lane).toEqual([['POST', 'sts.us-west-2.amazonaws.com', '/']]);
      handler.destroy();
    }
  });

  it("the calling client's requestHandler carries the inner STS call in both (a real STSClient with an instrumented handler)", async () => {
    for (const lane of ['sdk', 'credchain'] as const) {
      const handler = instrumented();
      const env = { HOME: home({ config, credentials }), AWS_EC2_METADATA_DISABLED: 'true' };
      const providers = lane === 'sdk' ? (sdk as unknown as Providers) : credchain;
      await withProcessEnv(env, async () => {
        const client = new STSClient({ region: 'us-west-2', requestHandler: handler, credentials: providers.fromIni({ profile: 'app', logger: quiet }) });
        await client.send(new GetCallerIdentityCommand({}));
        client.destroy();
      });
      expect(handler.seen.map(([method, host]) => `${method} ${host}`), lane).toEqual(['POST sts.us-west-2.amazonaws.com', 'POST sts.us-west-2.amazonaws.com']);
    }
  });

  it('useFipsEndpoint, useDualstackEndpoint: the FIPS and dual-stack hosts', async () => {
    for (const lane of lanes(await roleHop({ useFipsEndpoint: true }))) expect(assumeRoles(lane).map((r) => r.host)).toEqual(['sts-fips.us-west-2.amazonaws.com']);
    for (const lane of lanes(await roleHop({ useDualstackEndpoint: true }))) expect(assumeRoles(lane).map((r) => r.host)).toEqual(['sts.us-west-2.api.aws']);
  });

  it('ignoreConfiguredEndpointUrls: AWS_ENDPOINT_URL_STS is passed over', async () => {
    const result = await roleHop({ ignoreConfiguredEndpointUrls: true }, { AWS_ENDPOINT_URL_STS: 'https://sts.from-env.example.com' });
    for (const lane of lanes(result)) expect(assumeRoles(lane).map((r) => r.host)).toEqual(['sts.us-west-2.amazonaws.com']);
  });
});

describe('SSO portal region', () => {
  it('clientConfig.region: the SDK calls the portal of that region, credchain the portal of sso_region (documented difference)', async () => {
    const dir = home({ config: '[profile sso]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n' });
    mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(join(dir, '.aws', 'sso', 'cache', '7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json'), JSON.stringify({ accessToken: 'token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    const result = await both({ HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' }, (p) => p.fromIni({ profile: 'sso', logger: quiet, clientConfig: { region: 'eu-west-1' } }));
    expect(result.sdk.requests.map((r) => r.host)).toEqual(['portal.sso.eu-west-1.amazonaws.com']);
    expect(result.credchain.requests.map((r) => r.host)).toEqual(['portal.sso.us-east-1.amazonaws.com']);
    expect(DOC).toContain('| The SSO portal is called in `sso_region` even with `clientConfig.region` |');
  });
});

function recording() {
  const lines: Array<[string, unknown]> = [];
  return { lines, debug: (...m: unknown[]) => void lines.push(['debug', m.join(' ')]), info: (...m: unknown[]) => void lines.push(['info', m[0]]), warn: () => undefined, error: () => undefined };
}

/** The real NodeHttpHandler, recording what it carries. */
function instrumented(): NodeHttpHandler & { seen: Array<[string, string, string]> } {
  const handler = new NodeHttpHandler() as NodeHttpHandler & { seen: Array<[string, string, string]> };
  handler.seen = [];
  const handle = handler.handle.bind(handler);
  handler.handle = (request, options) => {
    handler.seen.push([request.method, request.hostname, request.path]);
    return handle(request, options);
  };
  return handler;
}
