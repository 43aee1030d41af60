// Differential: credchain vs the AWS SDK's fromNodeProviderChain() for `aws login` sessions (profiles
// with login_session), both pointed at the loopback emulator's sign-in token endpoint through
// AWS_ENDPOINT_URL_SIGNIN, each with its own copy of the same temporary HOME and cache file.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const ACCOUNT = '123456789012';
const SESSION_ARN = `arn:aws:iam::${ACCOUNT}:user/developer`;
const REFRESH_TOKEN = 'diffLoginRefreshTokenSENTINEL-0123456789';
const HOUR = 3600_000;

let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { accountId: ACCOUNT, region: 'eu-west-1', login: { sessionArn: SESSION_ARN, refreshTokens: [REFRESH_TOKEN] } } });
});
beforeEach(() => {
  emulator.scenario.login.deny = null;
  emulator.scenario.login.expiresInSeconds = 900;
  emulator.reset();
});
afterAll(async () => {
  await emulator?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const cacheName = (session: string) => `${createHash('sha256').update(session, 'utf8').digest('hex')}.json`;
const cacheFile = (home: string, session = SESSION_ARN) => join(home, '.aws', 'login', 'cache', cacheName(session));

interface Machine {
  config: string;
  /** The cache file's text; undefined = no file. */
  cache?: string;
  env?: Record<string, string>;
}

function makeHome(machine: Machine): string {
  const home = mkdtempSync(join(tmpdir(), 'credchain-login-diff-'));
  dirs.push(home);
  mkdirSync(join(home, '.aws', 'login', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), machine.config);
  if (machine.cache !== undefined) writeFileSync(cacheFile(home), machine.cache);
  return home;
}

function envFor(home: string, machine: Machine): Record<string, string> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_SIGNIN: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    // A container endpoint that would answer: a broken login session must stop the chain, never fall through to it.
    AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.env().AWS_CONTAINER_CREDENTIALS_FULL_URI!,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: emulator.env().AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '',
    ...machine.env,
  };
}

interface Outcome {
  ok: boolean;
  accessKeyId?: string;
  accountId?: string;
  expiration?: number;
  error?: Error;
  routes: string[];
  home: string;
  logs: string[];
}

async function runSdk(machine: Machine, profile: string): Promise<Outcome> {
  const home = makeHome(machine);
  const logs: string[] = [];
  const logger = { debug: () => {}, info: () => {}, warn: (m: string) => logs.push(String(m)), error: (m: string) => logs.push(String(m)) };
  const before = emulator.requests.length;
  return withProcessEnv(envFor(home, machine), async () => {
    try {
      const c = await fromNodeProviderChain({ profile, ignoreCache: true, logger })();
      return { ok: true, accessKeyId: c.accessKeyId, accountId: c.accountId, expiration: c.expiration?.getTime(), routes: routesSince(before), home, logs };
    } catch (error) {
      return { ok: false, error: error as Error, routes: routesSince(before), home, logs };
    }
  });
}

async function runOurs(machine: Machine, profile: string): Promise<Outcome> {
  const home = makeHome(machine);
  const logs: string[] = [];
  const logger = { warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const before = emulator.requests.length;
  const provider = credentialChain({ profile, logger, context: { env: envFor(home, machine) } });
  try {
    const c = await provider();
    logs.push(JSON.stringify(await provider.explain()));
    return { ok: true, accessKeyId: c.accessKeyId, accountId: c.accountId, expiration: c.expiration?.getTime(), routes: routesSince(before), home, logs };
  } catch (error) {
    logs.push(JSON.stringify(await provider.explain()));
    return { ok: false, error: error as Error, routes: routesSince(before), home, logs };
  }
}

function routesSince(index: number): string[] {
  return emulator.requests.slice(index).map((entry) => entry.route);
}

async function both(machine: Machine, profile = 'dev'): Promise<{ sdk: Outcome; ours: Outcome }> {
  const sdk = await runSdk(machine, profile);
  const ours = await runOurs(machine, profile);
  expect({ ok: ours.ok, error: ours.error?.message }).toMatchObject({ ok: sdk.ok });
  expect(ours.routes).toEqual(sdk.routes);
  if (sdk.ok) {
    expect(ours.accountId).toBe(sdk.accountId);
    const [ourIssued, sdkIssued] = [emulator.issued(ours.accessKeyId!), emulator.issued(sdk.accessKeyId!)];
    expect(ourIssued?.issuedBy).toBe(sdkIssued?.issuedBy);
    expect(ourIssued?.roleArn ?? ourIssued?.arn).toBe(sdkIssued?.roleArn ?? sdkIssued?.arn);
    expect(Math.abs(ours.expiration! - sdk.expiration!)).toBeLessThan(60_000);
  } else {
    expectBroken(ours.error);
    expect(ours.routes).not.toContain('container');
  }
  const secrets = emulator.secrets();
  for (const text of [...ours.logs, ours.error?.message ?? '']) for (const secret of secrets) expect(text).not.toContain(secret);
  return { sdk, ours };
}

/**
 * A case where both must stop: each side rejects, neither reaches the container endpoint that would
 * answer, and credchain's error is the broken outcome (tryNextLink false) — not merely the same as the SDK's.
 */
async function bothStop(machine: Machine, profile = 'dev'): Promise<{ sdk: Outcome; ours: Outcome }> {
  const result = await both(machine, profile);
  expect(result.sdk.ok).toBe(false);
  expect(result.sdk.error).toBeInstanceOf(Error);
  expect(result.sdk.routes).not.toContain('container');
  expect(result.ours.ok).toBe(false);
  expectBroken(result.ours.error);
  expect(result.ours.routes).not.toContain('container');
  return result;
}

const loginProfile = (name = 'dev') => `[${name === 'default' ? 'default' : `profile ${name}`}]\nlogin_session = ${SESSION_ARN}\nregion = eu-west-1\n`;
const cache = (expiresAt: number, edit: (file: Record<string, any>) => void = () => {}) => {
  const file = emulator.loginCache({ expiresAt });
  edit(file);
  return JSON.stringify(file, null, 2);
};

describe('aws login differential: the cache', () => {
  it('valid cache → the cached keys, accountId and expiry, no request', async () => {
    const text = cache(Date.now() + HOUR);
    const { sdk, ours } = await both({ config: loginProfile(), cache: text });
    expect(ours.routes).toEqual([]);
    expect(ours.accessKeyId).toBe(JSON.parse(text).accessToken.accessKeyId);
    expect(sdk.accessKeyId).toBe(ours.accessKeyId);
    expect(ours.accountId).toBe(ACCOUNT);
    expect(ours.logs.join('\n')).toContain('~/.aws/login/cache/');
  });

  it('missing cache file → both stop; credchain names the file and `aws login --profile dev`', async () => {
    const { ours } = await bothStop({ config: loginProfile() });
    expect(ours.error!.message).toContain(cacheName(SESSION_ARN));
    expect(ours.error!.message).toMatch(/aws login --profile dev/);
  });

  it('missing cache file for the default profile → the fix is plain `aws login`', async () => {
    const { ours } = await both({ config: loginProfile('default') }, 'default');
    expect(ours.error!.message).toMatch(/run `aws login`/);
  });

  it('unparsable JSON → both stop, nothing of the file quoted', async () => {
    const { ours } = await bothStop({ config: loginProfile(), cache: `{"refreshToken": "${REFRESH_TOKEN}"` });
    expect(ours.error!.message).toMatch(/is not valid JSON/);
  });

  it.each([
    ['accessToken', (f: Record<string, any>) => delete f.accessToken],
    ['clientId', (f: Record<string, any>) => delete f.clientId],
    ['refreshToken', (f: Record<string, any>) => delete f.refreshToken],
    ['dpopKey', (f: Record<string, any>) => delete f.dpopKey],
    ['accessToken.accountId', (f: Record<string, any>) => delete f.accessToken.accountId],
  ])('missing %s → both stop; credchain names the field', async (field, edit) => {
    const { ours } = await bothStop({ config: loginProfile(), cache: cache(Date.now() + HOUR, edit) });
    expect(ours.error!.message).toContain(`is missing ${field}`);
    expect(ours.error!.message).toMatch(/aws login --profile dev/);
  });
});

describe('aws login differential: refresh', () => {
  it('expired keys → one DPoP-bound refresh; the rewritten file matches the SDK\'s', async () => {
    const text = cache(Date.now() - 60_000);
    const { sdk, ours } = await both({ config: loginProfile(), cache: text });
    expect(ours.routes).toEqual(['signin:CreateOAuth2Token']);
    expect(emulator.issued(ours.accessKeyId!)?.issuedBy).toBe('signin');
    const before = JSON.parse(text);
    const sdkFile = JSON.parse(readFileSync(cacheFile(sdk.home), 'utf8'));
    const ourFile = JSON.parse(readFileSync(cacheFile(ours.home), 'utf8'));
    expect(Object.keys(ourFile).sort()).toEqual(Object.keys(sdkFile).sort());
    expect(Object.keys(ourFile.accessToken).sort()).toEqual(Object.keys(sdkFile.accessToken).sort());
    expect(ourFile.accessToken.accessKeyId).toBe(ours.accessKeyId);
    expect(ourFile.refreshToken).not.toBe(before.refreshToken);
    expect(ourFile).toMatchObject({ clientId: before.clientId, dpopKey: before.dpopKey, idToken: before.idToken, tokenType: before.tokenType });
    expect(ourFile.accessToken.accountId).toBe(ACCOUNT);
    expect(Math.abs(Date.parse(ourFile.accessToken.expiresAt) - Date.parse(sdkFile.accessToken.expiresAt))).toBeLessThan(60_000);
    // beyond: temp file + rename, mode 0600 (the SDK writes in place with the default mode)
    expect(statSync(cacheFile(ours.home)).mode & 0o777).toBe(0o600);
  });

  it('keys inside the 5-minute window → refreshed too', async () => {
    const { ours } = await both({ config: loginProfile(), cache: cache(Date.now() + 2 * 60_000) });
    expect(ours.routes).toEqual(['signin:CreateOAuth2Token']);
  });

  it('a reply without expiresIn → both assume 900 s', async () => {
    emulator.scenario.login.expiresInSeconds = null;
    const { ours } = await both({ config: loginProfile(), cache: cache(Date.now() - 60_000) });
    expect(Math.abs(ours.expiration! - (Date.now() + 900_000))).toBeLessThan(60_000);
  });

  it('still-valid keys and a failing refresh → both use the cached keys, with a warning', async () => {
    emulator.fault('signin', { status: 500 });
    const { ours } = await both({ config: loginProfile(), cache: cache(Date.now() + 2 * 60_000) });
    expect(ours.routes).toEqual(['signin:CreateOAuth2Token', 'signin:CreateOAuth2Token', 'signin:CreateOAuth2Token']);
    expect(ours.logs.join('\n')).toMatch(/refreshing the aws login session .* failed .*using the cached keys/);
  });

  it.each([
    ['TOKEN_EXPIRED', /session has expired/],
    ['USER_CREDENTIALS_CHANGED', /password changed/],
    ['INSUFFICIENT_PERMISSIONS', /signin:CreateOAuth2Token/],
  ])('expired keys and AccessDeniedException %s → both stop with its own message', async (kind, message) => {
    emulator.scenario.login.deny = kind;
    const { sdk, ours } = await bothStop({ config: loginProfile(), cache: cache(Date.now() - 60_000) });
    expect(ours.error!.message).toMatch(message);
    expect((ours.error as CredentialsProviderError).code).toBe(kind);
    expect(sdk.error!.message).toMatch(kind === 'TOKEN_EXPIRED' ? /expired/ : kind === 'INSUFFICIENT_PERMISSIONS' ? /CreateOAuth2Token/ : /password/);
  });

  it('still-valid keys and AccessDeniedException → both stop anyway (the session itself is refused)', async () => {
    emulator.scenario.login.deny = 'TOKEN_EXPIRED';
    await bothStop({ config: loginProfile(), cache: cache(Date.now() + 2 * 60_000) });
  });
});

describe('aws login differential: deliberate divergences (beyond)', () => {
  it('expired keys and a 400 → credchain stops with the `aws login` fix; the SDK falls through to the next source (container)', async () => {
    emulator.fault('signin', { status: 400, body: '{"error":"INVALID_REQUEST","message":"no"}' });
    const text = cache(Date.now() - 60_000);
    const sdk = await runSdk({ config: loginProfile(), cache: text }, 'dev');
    const ours = await runOurs({ config: loginProfile(), cache: text }, 'dev');
    // The SDK's "Failed to refresh token" error lets the chain go on: another identity answers.
    expect(sdk.ok).toBe(true);
    expect(sdk.routes).toEqual(['signin:CreateOAuth2Token', 'container']);
    expect(ours.ok).toBe(false);
    expect(ours.routes).toEqual(['signin:CreateOAuth2Token']);
    expectBroken(ours.error);
    expect(ours.error!.message).toMatch(/expired at .* and refreshing them failed .*INVALID_REQUEST \(HTTP 400\).*aws login --profile dev/);
  });
});

describe('aws login differential: more deliberate divergences (beyond)', () => {
  it('a cache whose accessToken has no expiresAt → credchain stops naming the field; the SDK answers with an invalid expiration', async () => {
    const text = cache(Date.now() + HOUR, (f) => delete f.accessToken.expiresAt);
    const sdk = await runSdk({ config: loginProfile(), cache: text }, 'dev');
    const ours = await runOurs({ config: loginProfile(), cache: text }, 'dev');
    expect(sdk.ok).toBe(true);
    expect(Number.isNaN(sdk.expiration)).toBe(true);
    expect(ours.ok).toBe(false);
    expect(ours.error!.message).toMatch(/is missing accessToken\.expiresAt/);
    expect(ours.routes).toEqual([]);
  });

  it('AWS_LOGIN_CACHE_DIRECTORY set but empty → credchain reads ~/.aws/login/cache; the SDK looks in the working directory', async () => {
    const machine = { config: loginProfile(), cache: cache(Date.now() + HOUR), env: { AWS_LOGIN_CACHE_DIRECTORY: '' } };
    const sdk = await runSdk(machine, 'dev');
    const ours = await runOurs(machine, 'dev');
    expect(sdk.ok).toBe(false);
    expect(sdk.error!.message).toContain(`Failed to load token from ${cacheName(SESSION_ARN)}`);
    expect(ours.ok).toBe(true);
  });
});

describe('aws login differential: role chain', () => {
  it('a role profile whose source_profile is a login profile → AssumeRole signed with the session keys', async () => {
    const config = `${loginProfile('me')}[profile app]\nrole_arn = ${emulator.scenario.roles.admin!.arn}\nsource_profile = me\n`;
    const { ours } = await both({ config, cache: cache(Date.now() + HOUR) }, 'app');
    expect(ours.routes).toEqual(['sts:AssumeRole']);
    expect(emulator.issued(ours.accessKeyId!)?.issuedBy).toBe('sts:AssumeRole');
  });

  it('the same chain with expired session keys → refresh, then AssumeRole', async () => {
    const config = `${loginProfile('me')}[profile app]\nrole_arn = ${emulator.scenario.roles.admin!.arn}\nsource_profile = me\n`;
    const { ours } = await both({ config, cache: cache(Date.now() - 60_000) }, 'app');
    expect(ours.routes).toEqual(['signin:CreateOAuth2Token', 'sts:AssumeRole']);
  });
});
