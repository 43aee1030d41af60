// Differential: credchain vs the AWS SDK's fromNodeProviderChain() for SSO, both pointed at the same
// loopback emulator (AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC, which the SDK honours through
// its configured-endpoint rules for the service ids "SSO" and "SSO OIDC"), each with its own copy of
// the same temporary HOME (so a refresh by one does not change what the other sees).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { ChainOptions } from '../../src/source.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const START_URL = 'https://d-9999999999.awsapps.com/start';
const ACCESS_TOKEN = 'diffAccessTokenSENTINEL-0000000000000';
const REFRESH_TOKEN = 'diffRefreshTokenSENTINEL-111111111111';
const CLIENT_ID = 'diff-client-id';
const CLIENT_SECRET = 'diffClientSecretSENTINEL-22222222222';
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET];

let emulator: Emulator;
const dirs: string[] = [];
/** The SDK throttles refreshes per session name for the whole process: each case gets its own name. */
let sessionCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: {
      accountId: ACCOUNT,
      region: REGION,
      sso: {
        startUrl: START_URL,
        region: REGION,
        accessTokens: [ACCESS_TOKEN],
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshTokens: [REFRESH_TOKEN],
        assignments: [{ accountId: ACCOUNT, roleName: 'ReadOnly' }],
      },
    },
  });
});

afterAll(async () => {
  await emulator?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Machine {
  /** Config file text. */
  config: string;
  /** Cache id (session name or start URL) → token file contents. */
  tokens: Record<string, string>;
  /** Extra variables. */
  env?: Record<string, string>;
}

function makeHome(machine: Machine): string {
  const home = mkdtempSync(join(tmpdir(), 'credchain-sso-diff-'));
  dirs.push(home);
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), machine.config);
  for (const [id, contents] of Object.entries(machine.tokens)) writeFileSync(join(home, '.aws', 'sso', 'cache', `${sha1(id)}.json`), contents);
  return home;
}

function envFor(home: string, machine: Machine): Record<string, string> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    // A container endpoint that would answer: a broken SSO must stop the chain, never fall through to it.
    AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.env().AWS_CONTAINER_CREDENTIALS_FULL_URI!,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: emulator.env().AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '',
    ...machine.env,
  };
}

interface Outcome {
  ok: boolean;
  accessKeyId?: string;
  expiration?: number;
  error?: Error;
  routes: string[];
  home: string;
  logs: string[];
}

type Options = Pick<ChainOptions, 'profile' | 'ssoStartUrl' | 'ssoAccountId' | 'ssoRegion' | 'ssoRoleName' | 'ssoSession'>;

async function runSdk(machine: Machine, options: Options): Promise<Outcome> {
  const home = makeHome(machine);
  const logs: string[] = [];
  const logger = { debug: () => {}, info: () => {}, warn: (m: string) => logs.push(String(m)), error: (m: string) => logs.push(String(m)) };
  const before = emulator.requests.length;
  return withProcessEnv(envFor(home, machine), async () => {
    try {
      const credentials = await fromNodeProviderChain({ ...options, ignoreCache: true, logger })();
      return { ok: true, accessKeyId: credentials.accessKeyId, expiration: credentials.expiration?.getTime(), routes: routesSince(before), home, logs };
    } catch (error) {
      return { ok: false, error: error as Error, routes: routesSince(before), home, logs };
    }
  });
}

async function runOurs(machine: Machine, options: Options): Promise<Outcome> {
  const home = makeHome(machine);
  const logs: string[] = [];
  const logger = { warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const before = emulator.requests.length;
  const provider = credentialChain({ ...options, logger, context: { env: envFor(home, machine) } });
  try {
    const credentials = await provider();
    const explanation = await provider.explain();
    logs.push(JSON.stringify(explanation));
    return { ok: true, accessKeyId: credentials.accessKeyId, expiration: credentials.expiration?.getTime(), routes: routesSince(before), home, logs };
  } catch (error) {
    const explanation = await provider.explain();
    logs.push(JSON.stringify(explanation));
    return { ok: false, error: error as Error, routes: routesSince(before), home, logs };
  }
}

function routesSince(index: number): string[] {
  return emulator.requests.slice(index).map((entry) => entry.route);
}

/** Runs both, checks they agree, and returns both outcomes for case-specific checks. */
async function both(machine: Machine, options: Options): Promise<{ sdk: Outcome; ours: Outcome }> {
  const sdk = await runSdk(machine, options);
  const ours = await runOurs(machine, options);
  expect({ ok: ours.ok, error: ours.error?.message }).toMatchObject({ ok: sdk.ok });
  expect(ours.routes).toEqual(sdk.routes);
  if (sdk.ok) {
    // Each call gets fresh role credentials from the emulator: compare the identity behind them.
    const sdkIssued = emulator.issued(sdk.accessKeyId!);
    const ourIssued = emulator.issued(ours.accessKeyId!);
    expect(sdkIssued?.issuedBy).toBe('sso');
    expect(ourIssued?.issuedBy).toBe('sso');
    expect(ourIssued?.roleArn).toBe(sdkIssued?.roleArn);
    expect(Math.abs(ours.expiration! - sdk.expiration!)).toBeLessThan(60_000);
  } else {
    // credchain stops the chain with a broken-source error (the SDK: tryNextLink false), never the container identity.
    expectBroken(ours.error);
    expect(ours.routes).not.toContain('container');
  }
  for (const text of [...ours.logs, ours.error?.message ?? '']) for (const secret of SECRETS) expect(text).not.toContain(secret);
  return { sdk, ours };
}

/**
 * A case where both must stop: each side rejects, neither reaches the container endpoint that would
 * answer, and credchain's error is the broken outcome (tryNextLink false) — not merely the same as the SDK's.
 */
async function bothStop(machine: Machine, options: Options): Promise<{ sdk: Outcome; ours: Outcome }> {
  const result = await both(machine, options);
  expect(result.sdk.ok).toBe(false);
  expect(result.sdk.error).toBeInstanceOf(Error);
  expect(result.sdk.routes).not.toContain('container');
  expect(result.ours.ok).toBe(false);
  expectBroken(result.ours.error);
  expect(result.ours.routes).not.toContain('container');
  return result;
}

function legacyProfile(name: string): string {
  return `[profile ${name}]\nsso_start_url = ${START_URL}\nsso_region = ${REGION}\nsso_account_id = ${ACCOUNT}\nsso_role_name = ReadOnly\n`;
}

function sessionProfile(name: string, session: string, role = 'ReadOnly'): string {
  return (
    `[profile ${name}]\nsso_session = ${session}\nsso_account_id = ${ACCOUNT}\nsso_role_name = ${role}\n\n` +
    `[sso-session ${session}]\nsso_start_url = ${START_URL}\nsso_region = ${REGION}\nsso_registration_scopes = sso:account:access\n`
  );
}

function legacyToken(expiresAt: number, accessToken = ACCESS_TOKEN): string {
  return JSON.stringify({ startUrl: START_URL, region: REGION, accessToken, expiresAt: iso(expiresAt) });
}

function sessionToken(expiresAt: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    startUrl: START_URL,
    region: REGION,
    accessToken: ACCESS_TOKEN,
    expiresAt: iso(expiresAt),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    registrationExpiresAt: iso(Date.now() + 90 * 86400_000),
    refreshToken: REFRESH_TOKEN,
    ...extra,
  });
}

const HOUR = 3600_000;

describe('SSO differential: explicit options (chain step 2)', () => {
  const options = { ssoStartUrl: START_URL, ssoAccountId: ACCOUNT, ssoRegion: REGION, ssoRoleName: 'ReadOnly' };

  it('valid legacy token → same role, same requests', async () => {
    const { ours } = await both({ config: '', tokens: { [START_URL]: legacyToken(Date.now() + HOUR) } }, options);
    expect(ours.routes).toEqual(['sso:GetRoleCredentials']);
  });

  it('expired legacy token → both stop, no request', async () => {
    const { ours } = await bothStop({ config: '', tokens: { [START_URL]: legacyToken(Date.now() - 1000) } }, options);
    expect(ours.error!.message).toMatch(/aws sso login/);
  });

  it('incomplete options → both stop', async () => {
    await bothStop({ config: '', tokens: {} }, { ssoStartUrl: START_URL, ssoRegion: REGION });
  });
});

describe('SSO differential: legacy profile', () => {
  it('valid token → GetRoleCredentials with it', async () => {
    const { ours } = await both({ config: legacyProfile('legacy'), tokens: { [START_URL]: legacyToken(Date.now() + HOUR) } }, { profile: 'legacy' });
    expect(ours.routes).toEqual(['sso:GetRoleCredentials']);
  });

  it('token inside the 5-minute window is used as is (legacy tokens are never refreshed)', async () => {
    await both({ config: legacyProfile('legacy'), tokens: { [START_URL]: legacyToken(Date.now() + 2 * 60_000) } }, { profile: 'legacy' });
  });

  it('expired token → both stop with a login hint', async () => {
    const { ours } = await bothStop({ config: legacyProfile('legacy'), tokens: { [START_URL]: legacyToken(Date.now() - 1000) } }, { profile: 'legacy' });
    expect(ours.error!.message).toMatch(/aws sso login --profile legacy/);
  });

  it('no token file → both stop', async () => {
    await bothStop({ config: legacyProfile('legacy'), tokens: {} }, { profile: 'legacy' });
  });

  it('malformed token file → both stop', async () => {
    await bothStop({ config: legacyProfile('legacy'), tokens: { [START_URL]: `{"accessToken": "${ACCESS_TOKEN}"` } }, { profile: 'legacy' });
  });

  it('token the portal rejects (401) → both stop', async () => {
    const { ours } = await bothStop(
      { config: legacyProfile('legacy'), tokens: { [START_URL]: legacyToken(Date.now() + HOUR, 'revokedTokenxxxxxxxxxxxxxxxx') } },
      { profile: 'legacy' },
    );
    expect((ours.error as CredentialsProviderError).code).toBe('UnauthorizedException');
  });

  it('incomplete legacy settings (no sso_role_name) → both stop', async () => {
    const config = legacyProfile('legacy').replace('sso_role_name = ReadOnly\n', '');
    await bothStop({ config, tokens: { [START_URL]: legacyToken(Date.now() + HOUR) } }, { profile: 'legacy' });
  });

  it('role not assigned (403) → both stop', async () => {
    const config = legacyProfile('legacy').replace('sso_role_name = ReadOnly', 'sso_role_name = Admin');
    await bothStop({ config, tokens: { [START_URL]: legacyToken(Date.now() + HOUR) } }, { profile: 'legacy' });
  });
});

describe('SSO differential: sso-session profile', () => {
  const session = () => `diff-session-${process.pid}-${++sessionCounter}`;

  it('token with hours left → no refresh', async () => {
    const name = session();
    const { ours } = await both({ config: sessionProfile('dev', name), tokens: { [name]: sessionToken(Date.now() + HOUR) } }, { profile: 'dev' });
    expect(ours.routes).toEqual(['sso:GetRoleCredentials']);
  });

  it('token inside the 5-minute window → one refresh, the new token written back', async () => {
    const name = session();
    const { sdk, ours } = await both({ config: sessionProfile('dev', name), tokens: { [name]: sessionToken(Date.now() + 2 * 60_000) } }, { profile: 'dev' });
    expect(ours.routes).toEqual(['sso-oidc:CreateToken', 'sso:GetRoleCredentials']);
    const file = (home: string) => join(home, '.aws', 'sso', 'cache', `${sha1(name)}.json`);
    const sdkFile = JSON.parse(readFileSync(file(sdk.home), 'utf8'));
    const ourFile = JSON.parse(readFileSync(file(ours.home), 'utf8'));
    expect(Object.keys(ourFile).sort()).toEqual(Object.keys(sdkFile).sort());
    expect(ourFile.accessToken).not.toBe(ACCESS_TOKEN);
    expect(ourFile.refreshToken).not.toBe(REFRESH_TOKEN);
    expect(Math.abs(Date.parse(ourFile.expiresAt) - Date.parse(sdkFile.expiresAt))).toBeLessThan(60_000);
    expect(ourFile).toMatchObject({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, startUrl: START_URL, region: REGION, registrationExpiresAt: sdkFile.registrationExpiresAt });
    // beyond: written through temp file + rename with mode 0600 (the SDK writes in place with the default mode)
    expect(statSync(file(ours.home)).mode & 0o777).toBe(0o600);
  });

  it('expired token and a refresh the service refuses → both stop', async () => {
    const name = session();
    await bothStop(
      { config: sessionProfile('dev', name), tokens: { [name]: sessionToken(Date.now() - 60_000, { refreshToken: 'unknownRefreshTokenxxxxxxxx' }) } },
      { profile: 'dev' },
    );
  });

  it('still-valid token and a refresh the service refuses → both use the cached token', async () => {
    const name = session();
    const { ours } = await both(
      { config: sessionProfile('dev', name), tokens: { [name]: sessionToken(Date.now() + 2 * 60_000, { refreshToken: 'unknownRefreshTokenxxxxxxxx' }) } },
      { profile: 'dev' },
    );
    expect(ours.routes).toEqual(['sso-oidc:CreateToken', 'sso:GetRoleCredentials']);
    expect(ours.logs.join('\n')).toMatch(/refreshing the SSO token of sso-session .* failed/);
  });

  it('sso_session naming a missing [sso-session] section → both stop', async () => {
    const name = session();
    const config = sessionProfile('dev', name).replace(`[sso-session ${name}]`, '[sso-session somewhere-else]');
    await bothStop({ config, tokens: { [name]: sessionToken(Date.now() + HOUR) } }, { profile: 'dev' });
  });

  it('expired token with a working refresh → refreshed, then credentials', async () => {
    const name = session();
    await both({ config: sessionProfile('dev', name), tokens: { [name]: sessionToken(Date.now() - 60_000) } }, { profile: 'dev' });
  });
});

describe('SSO differential: deliberate divergences (beyond)', () => {
  /** Runs both; the SDK must fail where credchain answers with SSO credentials. */
  async function sdkFailsOursAnswers(machine: Machine, options: Options): Promise<{ sdk: Outcome; ours: Outcome }> {
    const sdk = await runSdk(machine, options);
    const ours = await runOurs(machine, options);
    expect(sdk.ok).toBe(false);
    expect(ours.error?.message).toBeUndefined();
    expect(emulator.issued(ours.accessKeyId!)?.issuedBy).toBe('sso');
    return { sdk, ours };
  }

  it('explicit ssoSession: credchain uses that session\'s cache; the SDK ignores the value and requires the selected profile to name an sso_session', async () => {
    const name = `diff-explicit-${process.pid}-${++sessionCounter}`;
    const { sdk } = await sdkFailsOursAnswers(
      { config: '', tokens: { [name]: sessionToken(Date.now() + HOUR) } },
      { ssoStartUrl: START_URL, ssoAccountId: ACCOUNT, ssoRegion: REGION, ssoRoleName: 'ReadOnly', ssoSession: name },
    );
    expect(sdk.error!.message).toMatch(/could not be found|missing required property 'sso_session'/);
  });

  it('a still-valid sso-session token inside the window without refresh fields: credchain uses it with a warning; the SDK stops ("Cannot refresh")', async () => {
    const name = `diff-norefresh-${process.pid}-${++sessionCounter}`;
    const token = JSON.stringify({ startUrl: START_URL, region: REGION, accessToken: ACCESS_TOKEN, expiresAt: iso(Date.now() + 2 * 60_000) });
    const { sdk, ours } = await sdkFailsOursAnswers({ config: sessionProfile('dev', name), tokens: { [name]: token } }, { profile: 'dev' });
    expect(sdk.error!.message).toMatch(/Cannot refresh/);
    expect(ours.logs.join('\n')).toMatch(/cannot be refreshed/);
  });
});
