// Behind a corporate proxy (docs/sdk-drop-in.md, "Proxies"): STS, SSO and sign-in calls to the real AWS host
// names go through a loopback CONNECT proxy that records them (test/support/connect-proxy.ts), either with a
// requestHandler as SDK users configure one (a NodeHttpHandler with a tunnelling agent) or with Node's own
// environment proxy (NODE_USE_ENV_PROXY=1, in a child process: Node reads it at start); the loopback and
// link-local endpoints (container, IMDS) never go through the proxy. The tunnels all end at the loopback
// emulator: nothing leaves the machine.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isLocalHost } from '../../src/io/http.js';
import { fromIni } from '../../src/named-providers/from-ini.js';
import { fromLoginCredentials } from '../../src/named-providers/from-login-credentials.js';
import { fromSSO } from '../../src/named-providers/from-sso.js';
import { startConnectProxy, TEST_CA_FILE, tunnellingAgent, type ConnectProxy } from '../support/connect-proxy.js';

const ACCOUNT = '123456789012';
const USER_KEY = 'AKIAPROXYTESTUSER001';
const USER_SECRET = 'proxyTestUserSecretSENTINEL/0123456789a';
const START_URL = 'https://d-1234567890.awsapps.com/start';
const SSO_TOKEN = 'proxyTestSsoAccessTokenSENTINEL-0123456';
const LOGIN_SESSION = `arn:aws:iam::${ACCOUNT}:user/developer`;
const REPO = new URL('../../', import.meta.url);

let emulator: Emulator;
let proxy: ConnectProxy;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } },
      sso: { startUrl: START_URL, region: 'eu-west-1', accessTokens: [SSO_TOKEN], assignments: [{ accountId: ACCOUNT, roleName: 'ReadOnly' }] },
      login: { sessionArn: LOGIN_SESSION, refreshTokens: ['proxyTestLoginRefreshTokenSENTINEL-01'] },
    },
  });
  proxy = await startConnectProxy(emulator.url);
  home = mkdtempSync(join(tmpdir(), 'credchain-proxy-'));
  const appRole = emulator.scenario.roles['app-role']?.arn ?? `arn:aws:iam::${ACCOUNT}:role/app-role`;
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(
    join(home, '.aws', 'config'),
    [
      `[profile hop]\nrole_arn = ${appRole}\nsource_profile = base\nregion = eu-west-1\n`,
      `[profile hop-ecs]\nrole_arn = ${appRole}\ncredential_source = EcsContainer\nregion = eu-west-1\n`,
      `[profile sso]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\nsso_account_id = ${ACCOUNT}\nsso_role_name = ReadOnly\n`,
      `[profile dev]\nlogin_session = ${LOGIN_SESSION}\nregion = eu-west-1\n`,
    ].join(''),
  );
  writeFileSync(join(home, '.aws', 'credentials'), `[base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n`);
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(START_URL).digest('hex')}.json`), JSON.stringify({ accessToken: SSO_TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
  mkdirSync(join(home, '.aws', 'login', 'cache'), { recursive: true });
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  proxy.seen.length = 0;
});

/** The login cache with keys that need a refresh now (through the sign-in service). */
function expiringLoginCache(): void {
  const file = join(home, '.aws', 'login', 'cache', `${createHash('sha256').update(LOGIN_SESSION, 'utf8').digest('hex')}.json`);
  writeFileSync(file, JSON.stringify(emulator.loginCache({ expiresAt: Date.now() + 60_000 })));
}

describe('with a requestHandler (a NodeHttpHandler whose agent tunnels through the proxy)', () => {
  const env = () => ({ HOME: home, AWS_EC2_METADATA_DISABLED: 'true' });
  const requestHandler = () => new NodeHttpHandler({ httpsAgent: tunnellingAgent(proxy.url) });

  it('STS: the role hop goes through the proxy to the real STS host name', async () => {
    const handler = requestHandler();
    const credentials = await fromIni({ context: { env: env() }, profile: 'hop', clientConfig: { requestHandler: handler } })();
    expect(emulator.issued(credentials.accessKeyId)).toMatchObject({ issuedBy: expect.stringMatching(/AssumeRole/) });
    expect(proxy.seen).toEqual(['CONNECT sts.eu-west-1.amazonaws.com:443']);
    handler.destroy();
  });

  it('SSO: the portal call goes through the proxy', async () => {
    const handler = requestHandler();
    await fromSSO({ context: { env: env() }, profile: 'sso', clientConfig: { requestHandler: handler } })();
    expect(proxy.seen).toEqual(['CONNECT portal.sso.eu-west-1.amazonaws.com:443']);
    handler.destroy();
  });

  it('sign-in: the aws login refresh goes through the proxy', async () => {
    expiringLoginCache();
    const handler = requestHandler();
    const credentials = await fromLoginCredentials({ context: { env: env() }, profile: 'dev', clientConfig: { requestHandler: handler } })();
    expect(proxy.seen).toEqual(['CONNECT eu-west-1.signin.aws.amazon.com:443']);
    // Refreshed by sign-in through the tunnel, not the cached keys kept after a failed refresh.
    expect(emulator.issued(credentials.accessKeyId)?.issuedBy).toBe('signin');
    handler.destroy();
  });

  it('the container endpoint of credential_source = EcsContainer does not: only the STS call passes the proxy', async () => {
    const handler = requestHandler();
    const containerEnv = { ...env(), ...emulator.env({ imds: false }), AWS_ENDPOINT_URL_STS: '' };
    await fromIni({ context: { env: containerEnv }, profile: 'hop-ecs', clientConfig: { requestHandler: handler } })();
    expect(proxy.seen).toEqual(['CONNECT sts.eu-west-1.amazonaws.com:443']);
    expect(emulator.requests.at(-2)?.route).toBe('container');
    handler.destroy();
  });
});

/** The Node that runs the child: CREDCHAIN_TEST_NODE (another Node line) or this one. */
const CHILD_NODE = process.env.CREDCHAIN_TEST_NODE || process.execPath;
let childNode: { version: string; envProxy: boolean } | undefined;
/**
 * Skips the test, saying why, unless the child Node has environment proxies for http/https (its global
 * agent carries proxyEnv: 22.21+, 24.5+). Asked of the child itself, so only from a test tagged `process`.
 */
function skipWithoutEnvProxy(skip: TestContext['skip']): void {
  childNode ??= {
    version: execFileSync(CHILD_NODE, ['-p', 'process.version'], { encoding: 'utf8' }).trim(),
    envProxy:
      execFileSync(CHILD_NODE, ['-p', "Boolean(require('node:https').globalAgent.options.proxyEnv)"], { encoding: 'utf8', env: { ...process.env, NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: 'http://127.0.0.1:9' } }).trim() ===
      'true',
  };
  if (childNode.envProxy) return;
  const reason = `Node ${childNode.version} has no NODE_USE_ENV_PROXY for http/https (22.21+, 24.5+); set CREDCHAIN_TEST_NODE to such a Node`;
  console.warn(`test/io/proxy.test.ts: SKIPPED: ${reason}`);
  skip(reason);
}

/** Runs a provider of the built package in a child Node with the environment proxy on; resolves to what it printed. */
async function inChild(env: Record<string, string>, expression: string): Promise<{ accessKeyId?: string; error?: string }> {
  const script = join(home, `child-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `import * as credchain from ${JSON.stringify(new URL('dist/index.js', REPO).href)};\n` +
      `try { const c = await (${expression})(); process.stdout.write(JSON.stringify({ accessKeyId: c.accessKeyId })); }\n` +
      `catch (e) { process.stdout.write(JSON.stringify({ error: String(e && e.message) })); }\n`,
  );
  const child = spawn(CHILD_NODE, [script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NODE_USE_ENV_PROXY: '1',
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      NO_PROXY: '',
      NODE_EXTRA_CA_CERTS: TEST_CA_FILE,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(out || '{"error":"no output"}') as { accessKeyId?: string; error?: string };
}

// Node reads NODE_USE_ENV_PROXY at start: these run a child Node (CREDCHAIN_TEST_NODE or this one).
describe("with Node's environment proxy (NODE_USE_ENV_PROXY=1, HTTPS_PROXY, in a child Node)", { tags: ['process'] }, () => {
  it('STS through the proxy; the container endpoint on loopback directly, though HTTP_PROXY is set and NO_PROXY is empty', async ({ skip }) => {
    skipWithoutEnvProxy(skip);
    const result = await inChild({ ...emulator.env({ imds: false }), AWS_ENDPOINT_URL_STS: '', AWS_ENDPOINT_URL_SSO: '', AWS_ENDPOINT_URL_SSO_OIDC: '', AWS_ENDPOINT_URL_SIGNIN: '', AWS_PROFILE: 'hop-ecs' }, 'credchain.fromNodeProviderChain()');
    expect(result.error).toBeUndefined();
    expect(emulator.issued(result.accessKeyId!)).toMatchObject({ issuedBy: expect.stringMatching(/AssumeRole/) });
    expect(proxy.seen).toEqual(['CONNECT sts.eu-west-1.amazonaws.com:443']);
  });

  it('SSO and sign-in through the proxy', async ({ skip }) => {
    skipWithoutEnvProxy(skip);
    expect(await inChild({}, "credchain.fromSSO({ profile: 'sso' })")).toMatchObject({ accessKeyId: expect.any(String) });
    expiringLoginCache();
    const login = await inChild({}, "credchain.fromLoginCredentials({ profile: 'dev' })");
    expect(emulator.issued(login.accessKeyId!)?.issuedBy).toBe('signin');
    expect(proxy.seen).toEqual(['CONNECT portal.sso.eu-west-1.amazonaws.com:443', 'CONNECT eu-west-1.signin.aws.amazon.com:443']);
  });
});

describe('hosts that never go through a proxy', () => {
  it.each([
    ['169.254.169.254', true], ['169.254.170.2', true], ['169.254.170.23', true], ['[fd00:ec2::254]', true], ['[fd00:ec2::23]', true],
    ['127.0.0.1', true], ['127.42.0.7', true], ['[::1]', true], ['localhost', true], ['agent.localhost', true], ['[fe80::1]', true],
    ['sts.eu-west-1.amazonaws.com', false], ['169.255.0.1', false], ['10.0.0.1', false], ['[fd00::1]', false], ['localhost.example.com', false], ['128.0.0.1', false],
  ])('%s → %s', (hostname, local) => {
    expect(isLocalHost(new URL(`http://${hostname}/`).hostname)).toBe(local);
  });
});
