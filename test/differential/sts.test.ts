// Differential: credchain and the AWS SDK (fromNodeProviderChain) against the same loopback emulator,
// with AWS_ENDPOINT_URL_STS pointing both at it — web identity from env and from a profile, a two-hop
// source_profile chain, credential_source = Environment, and the failures they must share.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { Credentials } from '../../src/credentials.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';

const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.differentialWebToken.sig';
const USER_KEY = 'AKIADIFFERENTIAL0001';
const USER_SECRET = 'diffUserSecret/0123456789abcdefghijklmnopqrs';
const ACCOUNT = '123456789012';
const ROLES = {
  'web-identity-role': `arn:aws:iam::${ACCOUNT}:role/eks/web-identity-role`,
  'app-role': `arn:aws:iam::${ACCOUNT}:role/service/app-role`,
  admin: `arn:aws:iam::${ACCOUNT}:role/admin`,
};

let emulator: Emulator;
let dir: string;
let caseNumber = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: { accountId: ACCOUNT, region: 'eu-west-1', roles: ROLES, users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } }, webIdentity: { tokens: [WEB_TOKEN] } },
  });
  dir = mkdtempSync(join(tmpdir(), 'credchain-sts-diff-'));
  writeFileSync(join(dir, 'token'), WEB_TOKEN);
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  credentials?: Credentials;
  error?: Error;
  /** Emulator routes this run called, in order. */
  routes: string[];
}

/**
 * The environment both implementations see: the given variables, STS at the emulator, no IMDS, and
 * config/credentials files unique to this case (the SDK caches files by path for the whole process).
 */
function caseEnv(vars: Record<string, string>, files: { config?: string; credentials?: string } = {}): Record<string, string> {
  caseNumber++;
  const configFile = join(dir, `config-${caseNumber}`);
  const credentialsFile = join(dir, `credentials-${caseNumber}`);
  if (files.config !== undefined) writeFileSync(configFile, files.config);
  if (files.credentials !== undefined) writeFileSync(credentialsFile, files.credentials);
  return {
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...vars,
  };
}

async function runSdk(env: Record<string, string>): Promise<Outcome> {
  const before = emulator.requests.length;
  const warn = console.warn;
  console.warn = () => {}; // the SDK's "multiple credential sources" / region notices
  try {
    return await withProcessEnv(env, async () => {
      try {
        const credentials = (await fromNodeProviderChain()()) as Credentials;
        return { credentials, routes: emulator.requests.slice(before).map((r) => r.route) };
      } catch (error) {
        return { error: error as Error, routes: emulator.requests.slice(before).map((r) => r.route) };
      }
    });
  } finally {
    console.warn = warn;
  }
}

async function runOurs(env: Record<string, string>): Promise<Outcome> {
  const before = emulator.requests.length;
  try {
    const credentials = await credentialChain({ context: { env, logger: {} } })();
    return { credentials, routes: emulator.requests.slice(before).map((r) => r.route) };
  } catch (error) {
    return { error: error as Error, routes: emulator.requests.slice(before).map((r) => r.route) };
  }
}

/** What must agree: the identity the emulator issued the credentials for, and the account. */
function identity(outcome: Outcome) {
  if (!outcome.credentials) return { error: outcome.error?.message };
  const issued = emulator.issued(outcome.credentials.accessKeyId);
  expect(issued, 'credentials must be ones the emulator issued').toBeDefined();
  expect(outcome.credentials.secretAccessKey).toBe(issued!.secretAccessKey);
  expect(outcome.credentials.sessionToken).toBe(issued!.sessionToken);
  expect(outcome.credentials.expiration?.getTime()).toBe(issued!.expiration?.getTime());
  return { roleArn: issued!.roleArn, issuedBy: issued!.issuedBy, accountId: outcome.credentials.accountId, arn: issued!.arn.replace(/\d{13}$/, '<ms>') };
}

async function both(env: Record<string, string>) {
  const sdk = await runSdk(env);
  const ours = await runOurs(env);
  return { sdk, ours };
}

describe('credchain agrees with fromNodeProviderChain() on the same loopback STS', () => {
  it('web identity from the environment', async () => {
    const env = caseEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: ROLES['web-identity-role'], AWS_ROLE_SESSION_NAME: 'diff-env' });
    const { sdk, ours } = await both(env);
    expect(sdk.error).toBeUndefined();
    expect(identity(ours)).toEqual(identity(sdk));
    expect(identity(ours)).toMatchObject({ roleArn: ROLES['web-identity-role'], accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web-identity-role/diff-env` });
    expect(ours.routes).toEqual(sdk.routes);
    expect(ours.routes).toEqual(['sts:AssumeRoleWithWebIdentity']);
  });

  it('web identity in a profile', async () => {
    const config = `[profile wi]\nrole_arn = ${ROLES['web-identity-role']}\nweb_identity_token_file = ${join(dir, 'token')}\nrole_session_name = diff-profile\n`;
    const env = caseEnv({ AWS_PROFILE: 'wi' }, { config });
    const { sdk, ours } = await both(env);
    expect(sdk.error).toBeUndefined();
    expect(identity(ours)).toEqual(identity(sdk));
    expect(identity(ours)).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web-identity-role/diff-profile` });
    expect(ours.routes).toEqual(sdk.routes);
  });

  it('a two-hop source_profile chain', async () => {
    const credentials = `[base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n`;
    const config = [
      '[profile hop1]',
      `role_arn = ${ROLES['app-role']}`,
      'source_profile = base',
      'role_session_name = first-hop',
      '[profile hop2]',
      `role_arn = ${ROLES.admin}`,
      'source_profile = hop1',
      'role_session_name = second-hop',
      'duration_seconds = 1800',
      '',
    ].join('\n');
    const env = caseEnv({ AWS_PROFILE: 'hop2' }, { config, credentials });
    const { sdk, ours } = await both(env);
    expect(sdk.error).toBeUndefined();
    expect(identity(ours)).toEqual(identity(sdk));
    expect(identity(ours)).toMatchObject({ roleArn: ROLES.admin, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/second-hop` });
    expect(ours.routes).toEqual(['sts:AssumeRole', 'sts:AssumeRole']);
    expect(ours.routes).toEqual(sdk.routes);
  });

  it('credential_source = Environment', async () => {
    const config = `[profile from-env]\nrole_arn = ${ROLES['app-role']}\ncredential_source = Environment\nrole_session_name = env-source\n`;
    const env = caseEnv({ AWS_PROFILE: 'from-env', AWS_ACCESS_KEY_ID: USER_KEY, AWS_SECRET_ACCESS_KEY: USER_SECRET }, { config });
    const { sdk, ours } = await both(env);
    expect(sdk.error).toBeUndefined();
    expect(identity(ours)).toEqual(identity(sdk));
    expect(identity(ours)).toMatchObject({ roleArn: ROLES['app-role'], arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/env-source` });
    expect(ours.routes).toEqual(sdk.routes);
  });
});

describe('endpoint settings from the shared config reach the same STS', () => {
  // No AWS_ENDPOINT_URL_STS here: the profile must point both implementations at the emulator.
  const withoutEnvEndpoint = (env: Record<string, string>) => {
    const { AWS_ENDPOINT_URL_STS: _, ...rest } = env;
    return rest;
  };

  it('[services NAME] sts endpoint_url', async () => {
    const config = [
      '[profile svc]',
      `role_arn = ${ROLES['web-identity-role']}`,
      `web_identity_token_file = ${join(dir, 'token')}`,
      'role_session_name = via-services',
      'services = local-sts',
      '[services local-sts]',
      'sts =',
      `  endpoint_url = ${emulator.url}`,
      '',
    ].join('\n');
    const env = withoutEnvEndpoint(caseEnv({ AWS_PROFILE: 'svc' }, { config }));
    const { sdk, ours } = await both(env);
    expect(sdk.error).toBeUndefined();
    expect(identity(ours)).toEqual(identity(sdk));
    expect(ours.routes).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(ours.routes).toEqual(sdk.routes);
  });

  it('the profile endpoint_url', async () => {
    const config = `[profile ep]\nrole_arn = ${ROLES['app-role']}\ncredential_source = Environment\nrole_session_name = via-endpoint-url\nendpoint_url = ${emulator.url}\n`;
    const env = withoutEnvEndpoint(caseEnv({ AWS_PROFILE: 'ep', AWS_ACCESS_KEY_ID: USER_KEY, AWS_SECRET_ACCESS_KEY: USER_SECRET }, { config }));
    const { sdk, ours } = await both(env);
    expect(sdk.error).toBeUndefined();
    expect(identity(ours)).toEqual(identity(sdk));
    expect(ours.routes).toEqual(sdk.routes);
  });
});

describe('and fails where the SDK fails', () => {
  it('a token STS rejects (InvalidIdentityToken): both stop', async () => {
    const wrong = join(dir, 'wrong-token');
    writeFileSync(wrong, 'eyJhbGciOiJSUzI1NiJ9.notAcceptedByTheEmulator.sig');
    const env = caseEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: wrong, AWS_ROLE_ARN: ROLES['web-identity-role'] });
    const { sdk, ours } = await both(env);
    expect(sdk.error?.name).toBe('InvalidIdentityTokenException');
    expect(ours.error?.message).toMatch(/web-identity: STS AssumeRoleWithWebIdentity .* failed: InvalidIdentityToken/);
    expect(ours.routes).toEqual(sdk.routes);
  });

  it('a named token file that does not exist: both stop without calling STS', async () => {
    const env = caseEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'missing-token'), AWS_ROLE_ARN: ROLES['web-identity-role'] });
    const { sdk, ours } = await both(env);
    expect(sdk.error?.message).toMatch(/ENOENT/);
    expect(ours.error?.message).toContain(`token file ${join(dir, 'missing-token')} (AWS_WEB_IDENTITY_TOKEN_FILE) does not exist`);
    expect(sdk.routes).toEqual([]);
    expect(ours.routes).toEqual([]);
  });

  it('only AWS_ROLE_ARN set: both move on (and here find nothing)', async () => {
    const env = caseEnv({ AWS_ROLE_ARN: ROLES['web-identity-role'] });
    const { sdk, ours } = await both(env);
    expect(sdk.error?.message).toMatch(/Could not load credentials from any providers/);
    expect(ours.error?.message).toMatch(/Could not load credentials from any providers/);
    expect(ours.error?.message).toMatch(/AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not/);
  });

  it('a role the caller may not assume (AccessDenied): both stop', async () => {
    const config = `[profile denied]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/not-in-scenario\ncredential_source = Environment\n`;
    const env = caseEnv({ AWS_PROFILE: 'denied', AWS_ACCESS_KEY_ID: USER_KEY, AWS_SECRET_ACCESS_KEY: USER_SECRET }, { config });
    const { sdk, ours } = await both(env);
    expect(sdk.error?.name).toBe('AccessDenied');
    expect(ours.error?.message).toMatch(/AccessDenied/);
    expect(ours.routes).toEqual(sdk.routes);
  });
});
