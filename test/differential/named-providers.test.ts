// Differential: each named provider, credchain's against the SDK's (@aws-sdk/credential-providers), with the
// same options on the same machine and the same loopback emulator (STS, SSO portal, container endpoint, IMDS):
// the same identity (as the emulator issued it) or the same refusal; and none of them memoized but
// fromNodeProviderChain.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import * as ours from '../../src/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const USER_KEY = 'AKIANAMEDPROVIDERS01';
const USER_SECRET = 'namedProvidersUserSecret/0123456789abcd';
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.namedProviders.sig';
const START_URL = 'https://d-1111111111.awsapps.com/start';
const SSO_TOKEN = 'namedProvidersSsoAccessToken-000000000';
const LOGIN_SESSION = `arn:aws:iam::${ACCOUNT}:user/developer`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/service/app-role`;

let emulator: Emulator;
let home: string;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: {
      accountId: ACCOUNT,
      region: REGION,
      users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } },
      webIdentity: { tokens: [WEB_TOKEN] },
      imds: { v1Allowed: false },
      sso: { startUrl: START_URL, region: REGION, accessTokens: [SSO_TOKEN], assignments: [{ accountId: ACCOUNT, roleName: 'ReadOnly' }] },
      login: { sessionArn: LOGIN_SESSION, refreshTokens: ['namedProvidersLoginRefreshToken-0123456'] },
    },
  });
  home = mkdtempSync(join(tmpdir(), 'credchain-named-diff-'));
  writeFileSync(join(home, 'token'), WEB_TOKEN);
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const sha1 = createHash('sha1').update(START_URL).digest('hex');
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${sha1}.json`), JSON.stringify({ accessToken: SSO_TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), region: REGION, startUrl: START_URL }));
  mkdirSync(join(home, '.aws', 'login', 'cache'), { recursive: true });
  const loginCache = join(home, '.aws', 'login', 'cache', `${createHash('sha256').update(LOGIN_SESSION, 'utf8').digest('hex')}.json`);
  writeFileSync(loginCache, JSON.stringify(emulator.loginCache({ expiresAt: Date.now() + 3_600_000 })));
});

afterAll(async () => {
  await emulator?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const keys = (id: string, secret = `secret-of-${id}`) => `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;

/** A machine: fresh file names (the SDK caches files by path), STS and SSO at the emulator, no IMDS unless asked. */
function machine(files: { config?: string; credentials?: string } = {}, vars: Record<string, string> = {}): Record<string, string> {
  const config = join(home, `config-${++n}`);
  const credentials = join(home, `credentials-${n}`);
  writeFileSync(config, files.config ?? '');
  writeFileSync(credentials, files.credentials ?? '');
  return {
    HOME: home,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...vars,
  };
}

interface Outcome {
  accessKeyId?: string;
  /** Who the emulator issued the credentials to (role ARN and how), or `static` keys. */
  identity?: { roleArn?: string; issuedBy: string; arn: string } | string;
  error?: string;
  tryNextLink?: unknown;
  /** The names of the result's fields that have a value, but each package's own label: credchain's `source`, the SDK's `$source`. */
  fields?: string[];
}

async function outcome(run: () => Promise<{ accessKeyId: string }>): Promise<Outcome> {
  try {
    const credentials = await run();
    const { accessKeyId } = credentials;
    const issued = emulator.issued(accessKeyId);
    const fields = Object.entries(credentials).filter(([key, value]) => value !== undefined && key !== 'source' && key !== '$source').map(([key]) => key).sort();
    return { accessKeyId, fields, identity: issued ? { roleArn: issued.roleArn, issuedBy: issued.issuedBy, arn: issued.arn.replace(/\d{13}$/, '<ms>') } : 'static' };
  } catch (error) {
    return { error: (error as Error).message, tryNextLink: (error as { tryNextLink?: unknown }).tryNextLink };
  }
}

type Factory = (init: never) => (call?: never) => Promise<{ accessKeyId: string }>;

/** The same named provider from both packages, built with the same options, called once in the same environment. */
async function both(name: keyof typeof sdk & keyof typeof ours, env: Record<string, string>, init: Record<string, unknown> = {}) {
  const theirs = await withProcessEnv(env, () => outcome(() => (sdk[name] as unknown as Factory)({ logger: quiet, ...init } as never)()));
  const mine = await outcome(() => (ours[name] as unknown as Factory)({ logger: quiet, ...init, context: { env, logger: quiet } } as never)());
  return { sdk: theirs, ours: mine };
}

const DOC = readFileSync(new URL('../../docs/sdk-drop-in.md', import.meta.url), 'utf8');
const ACCOUNT_ID_ROW = '| Credentials carry `accountId` from `sso_account_id` / `ssoAccountId` (`fromSSO`, an SSO profile) and from the container endpoint\'s `AccountId` (`fromHttp`, the chain\'s container step) |';

/**
 * Same identity: the same static keys, or credentials the emulator issued for the same role the same way;
 * and the same result fields (accountId where the SDK's has one…), each package's own label aside —
 * but for `accountIdBeyond`, where credchain's have the accountId the SDK's drop (documented difference).
 */
function expectSameIdentity(result: { sdk: Outcome; ours: Outcome }, { accountIdBeyond = false } = {}) {
  expect(result.sdk.error).toBeUndefined();
  expect(result.ours.error).toBeUndefined();
  expect(result.ours.identity).toEqual(result.sdk.identity);
  if (accountIdBeyond) {
    expect(result.sdk.fields).not.toContain('accountId');
    expect(result.ours.fields).toEqual([...(result.sdk.fields ?? []), 'accountId'].sort());
    expect(DOC).toContain(ACCOUNT_ID_ROW);
  } else {
    expect(result.ours.fields).toEqual(result.sdk.fields);
  }
  if (result.sdk.identity === 'static') expect(result.ours.accessKeyId).toBe(result.sdk.accessKeyId);
}

describe('each named provider agrees with the SDK', () => {
  it('fromEnv reads the variables even when AWS_PROFILE is set (only the chain step steps aside)', async () => {
    const result = await both('fromEnv', machine({}, { AWS_ACCESS_KEY_ID: 'AKIAFROMENVNAMED0001', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: 'other' }));
    expectSameIdentity(result);
    expect(result.ours.accessKeyId).toBe('AKIAFROMENVNAMED0001');
    const missing = await both('fromEnv', machine());
    expect(missing.sdk.tryNextLink).not.toBe(false);
    expect(missing.ours).toMatchObject({ error: expect.stringMatching(/fromEnv: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/), tryNextLink: true });
  });

  it('fromIni: a source_profile role chain through STS', async () => {
    const config = `[profile hop]\nrole_arn = ${APP_ROLE}\nsource_profile = base\nrole_session_name = named-ini\n`;
    const result = await both('fromIni', machine({ config, credentials: `[base]\n${keys(USER_KEY, USER_SECRET)}` }), { profile: 'hop' });
    expectSameIdentity(result);
    expect(result.ours.identity).toMatchObject({ roleArn: APP_ROLE, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/named-ini` });
  });

  it('fromIni with filepath / configFilepath', async () => {
    const credentials = join(home, `named-credentials-${++n}`);
    writeFileSync(credentials, `[default]\n${keys('AKIAINIFILEPATH00001')}`);
    const result = await both('fromIni', machine({ credentials: `[default]\n${keys('AKIANOTTHISONE000001')}` }), { filepath: credentials });
    expectSameIdentity(result);
    expect(result.ours.accessKeyId).toBe('AKIAINIFILEPATH00001');
  });

  it('fromSSO: from an SSO profile, and from the explicit options', async () => {
    const config = `[profile sso]\nsso_start_url = ${START_URL}\nsso_region = ${REGION}\nsso_account_id = ${ACCOUNT}\nsso_role_name = ReadOnly\n`;
    const fromProfile = await both('fromSSO', machine({ config }), { profile: 'sso' });
    expectSameIdentity(fromProfile, { accountIdBeyond: true });
    expect(fromProfile.ours.identity).toMatchObject({ issuedBy: expect.stringMatching(/sso/i) });
    const explicit = await both('fromSSO', machine(), { ssoStartUrl: START_URL, ssoRegion: REGION, ssoAccountId: ACCOUNT, ssoRoleName: 'ReadOnly' });
    expectSameIdentity(explicit, { accountIdBeyond: true });
    const notSso = await both('fromSSO', machine({ credentials: `[plain]\n${keys('AKIAPLAINPROFILE0001')}` }), { profile: 'plain' });
    expect(notSso.sdk.error).toMatch(/not configured with SSO/);
    expect(notSso.ours.error).toMatch(/profile "plain" is not configured with SSO credentials/);
  });

  it('fromProcess: the profile\'s credential_process', { tags: ['process'] }, async () => {
    const json = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAFROMPROCESS00001', SecretAccessKey: 'processSecret' });
    const config = `[profile tool]\ncredential_process = printf '%s' '${json}'\n`;
    const result = await both('fromProcess', machine({ config }), { profile: 'tool' });
    expectSameIdentity(result);
    expect(result.ours.accessKeyId).toBe('AKIAFROMPROCESS00001');
  });

  it('fromTokenFile: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN', async () => {
    const env = machine({}, { AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'), AWS_ROLE_ARN: APP_ROLE, AWS_ROLE_SESSION_NAME: 'named-token-file' });
    const result = await both('fromTokenFile', env);
    expectSameIdentity(result);
    expect(result.ours.identity).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/named-token-file` });
  });

  it('fromWebToken: a token in hand', async () => {
    const result = await both('fromWebToken', machine(), { roleArn: APP_ROLE, webIdentityToken: WEB_TOKEN, roleSessionName: 'named-web-token' });
    expectSameIdentity(result);
    expect(result.ours.identity).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/named-web-token` });
  });

  it('fromContainerMetadata: the container endpoint of the environment', async () => {
    const result = await both('fromContainerMetadata', machine({}, emulator.env({ imds: false })));
    expectSameIdentity(result);
    expect(result.ours.identity).toMatchObject({ roleArn: emulator.scenario.roles['task-role']?.arn });
  });

  it('fromHttp: the options beat the variables', async () => {
    const { AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token } = emulator.env({ imds: false });
    const env = machine({}, { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/unused', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong' });
    const result = await both('fromHttp', env, { awsContainerCredentialsFullUri: url, awsContainerAuthorizationToken: token });
    expectSameIdentity(result, { accountIdBeyond: true });
    expect(result.ours.identity).toMatchObject({ roleArn: emulator.scenario.roles['task-role']?.arn });
  });

  it('fromInstanceMetadata: IMDSv2, even with AWS_EC2_METADATA_DISABLED set (that variable is the chain\'s)', async () => {
    const env = machine({}, { ...emulator.env({ container: false }), AWS_EC2_METADATA_DISABLED: 'true' });
    const result = await both('fromInstanceMetadata', env);
    expectSameIdentity(result);
    expect(result.ours.identity).toMatchObject({ roleArn: emulator.scenario.roles['instance-role']?.arn });
  });

  it('fromTemporaryCredentials: AssumeRole with master credentials', async () => {
    const init = { params: { RoleArn: APP_ROLE, RoleSessionName: 'named-temporary', DurationSeconds: 900 }, masterCredentials: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } };
    const result = await both('fromTemporaryCredentials', machine(), init);
    expectSameIdentity(result);
    expect(result.ours.identity).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/named-temporary` });
  });

  it('fromTemporaryCredentials with the default master credentials (the node provider chain)', async () => {
    const env = machine({}, { AWS_ACCESS_KEY_ID: USER_KEY, AWS_SECRET_ACCESS_KEY: USER_SECRET });
    const result = await both('fromTemporaryCredentials', env, { params: { RoleArn: APP_ROLE, RoleSessionName: 'named-default-master' } });
    expectSameIdentity(result);
  });

  it('fromLoginCredentials: the cached keys of the profile\'s `aws login` session', async () => {
    const config = `[profile dev]\nlogin_session = ${LOGIN_SESSION}\nregion = ${REGION}\n`;
    const result = await both('fromLoginCredentials', machine({ config }), { profile: 'dev' });
    expectSameIdentity(result);
    const notLogin = await both('fromLoginCredentials', machine({ credentials: `[plain]\n${keys('AKIAPLAINPROFILE0002')}` }), { profile: 'plain' });
    expect(notLogin.sdk.error).toBeDefined();
    expect(notLogin.ours).toMatchObject({ error: expect.stringMatching(/profile "plain" has no login_session/), tryNextLink: true });
  });

  it('fromNodeProviderChain is memoized, the others are not', async () => {
    const env = machine({}, { AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'), AWS_ROLE_ARN: APP_ROLE });
    for (const [name, calls] of [['fromTokenFile', 2], ['fromNodeProviderChain', 1]] as const) {
      for (const implementation of ['sdk', 'ours'] as const) {
        const before = emulator.count('sts:AssumeRoleWithWebIdentity');
        if (implementation === 'sdk') {
          await withProcessEnv(env, async () => {
            const provider = (sdk[name] as unknown as Factory)({ logger: quiet } as never);
            await provider();
            await provider();
          });
        } else {
          const provider = (ours[name] as unknown as Factory)({ logger: quiet, context: { env, logger: quiet } } as never);
          await provider();
          await provider();
        }
        expect(emulator.count('sts:AssumeRoleWithWebIdentity') - before, `${implementation} ${name}`).toBe(calls);
      }
    }
  });
});

describe('result fields', () => {
  it('credchain labels its credentials with `source`, the SDK with `$source` (documented difference); the other fields are compared in every case above', async () => {
    const env = machine({ credentials: `[default]\n${keys('AKIARESULTFIELDS0001')}` });
    const theirs = (await withProcessEnv(env, () => sdk.fromIni({ logger: quiet })())) as unknown as Record<string, unknown>;
    const mine = (await ours.fromIni({ logger: quiet, context: { env } })()) as unknown as Record<string, unknown>;
    expect(theirs.$source).toBeDefined();
    expect(theirs).not.toHaveProperty('source');
    expect(mine.source).toBe('profile');
    expect(mine).not.toHaveProperty('$source');
    expect(DOC).toContain("| Credentials carry `source` (the credchain source that answered: `env`, `profile`…), not the SDK's `$source` |");
  });
});

describe('createCredentialChain', () => {
  it('moves on after "not configured", returns the first hit, and explains itself', async () => {
    const env = machine({ credentials: `[default]\n${keys('AKIACUSTOMCHAIN00001')}` });
    const theirs = await withProcessEnv(env, () => outcome(() => sdk.createCredentialChain(sdk.fromEnv(), sdk.fromIni({ logger: quiet }))()));
    const chain = ours.createCredentialChain(ours.fromEnv({ context: { env } }), ours.fromIni({ context: { env } }));
    const mine = await outcome(() => chain());
    expectSameIdentity({ sdk: theirs, ours: mine });
    const explanation = await chain.explain();
    expect(explanation).toMatchObject({ ok: true, source: 'profile', accessKeyId: 'AKIA…0001' });
    expect(explanation.trace.map((entry) => [entry.source, entry.outcome])).toEqual([
      ['fromEnv', 'miss'],
      ['fromIni', 'hit'],
    ]);
  });

  it('stops at a broken provider, as the SDK stops at tryNextLink: false', async () => {
    const env = machine({ credentials: `[default]\n${keys('AKIACUSTOMCHAIN00002')}` }, { AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'missing-token'), AWS_ROLE_ARN: APP_ROLE });
    const chain = ours.createCredentialChain(ours.fromTokenFile({ context: { env } }), ours.fromIni({ context: { env } }));
    const mine = await outcome(() => chain());
    expect(mine.error).toMatch(/missing-token/);
    // As credentialChain's trace: the providers after the stop are listed as not consulted.
    expect((await chain.explain()).trace.map((entry) => entry.outcome)).toEqual(['error', 'skipped']);
  });

  it('explain(): providers after the hit are listed as not consulted at their own position, even when one is passed twice; a parse error is withheld', async () => {
    const hit = async () => ({ accessKeyId: 'AKIACUSTOMCHAIN00004', secretAccessKey: 'x' });
    const unnamed = async () => ({ accessKeyId: 'AKIAUNUSED0000000000', secretAccessKey: 'y' });
    const chain = ours.createCredentialChain(unnamed, hit, unnamed);
    Object.defineProperty(unnamed, 'name', { value: '' });
    Object.defineProperty(hit, 'name', { value: '' });
    await chain();
    expect((await chain.explain()).trace.map((entry) => [entry.source, entry.outcome])).toEqual([['provider 1', 'hit'], ['provider 2', 'skipped'], ['provider 3', 'skipped']]);
    const failing = ours.createCredentialChain(async () => JSON.parse('{"SecretAccessKey": "parse-secret-sentinel'));
    await failing().catch(() => undefined);
    const explained = await failing.explain();
    expect(JSON.stringify(explained)).not.toMatch(/parse-secret-sentinel/);
    expect(explained).toMatchObject({ ok: false, error: expect.stringMatching(/SyntaxError \(message withheld/) });
  });

  it('expireAfter: credentials without an expiration get one; under five minutes is refused, as in the SDK', async () => {
    const env = machine({ credentials: `[default]\n${keys('AKIACUSTOMCHAIN00003')}` });
    const before = Date.now();
    const credentials = await ours.createCredentialChain(ours.fromIni({ context: { env } })).expireAfter(15 * 60_000)();
    expect(credentials.expiration!.getTime()).toBeGreaterThanOrEqual(before + 15 * 60_000);
    const theirs = await withProcessEnv(env, () => sdk.createCredentialChain(sdk.fromIni()).expireAfter(15 * 60_000)());
    expect(theirs.expiration).toBeInstanceOf(Date);
    expect(() => sdk.createCredentialChain().expireAfter(60_000)).toThrow(/lower than five minutes/);
    expect(() => ours.createCredentialChain().expireAfter(60_000)).toThrow(/lower than five minutes/);
  });
});

describe('what credchain does not implement says so at once', () => {
  it.each(['fromCognitoIdentity', 'fromCognitoIdentityPool'] as const)('%s names the package to install', (name) => {
    expect(() => ours[name]({})).toThrow(new RegExp(`credchain does not implement ${name}\\. Install @aws-sdk/credential-provider-cognito-identity`));
  });

});
