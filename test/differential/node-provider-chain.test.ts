// Differential: fromNodeProviderChain() options and the SDK's call argument ({ callerClientConfig }), credchain
// against the AWS SDK's on the same files and the same loopback STS (AWS_ENDPOINT_URL_STS → the emulator).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain as sdkChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fromNodeProviderChain } from '../../src/named-providers/from-node-provider-chain.js';
import type { ChainOptions } from '../../src/source.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.nodeChainDifferential.sig';
const USER_KEY = 'AKIANODECHAINDIFF001';
const USER_SECRET = 'nodeChainUserSecret/0123456789abcdefghij';
const ACCOUNT = '123456789012';
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;

let emulator: Emulator;
let dir: string;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: { accountId: ACCOUNT, region: 'eu-west-1', roles: { 'app-role': APP_ROLE }, users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } }, webIdentity: { tokens: [WEB_TOKEN] } },
  });
  dir = mkdtempSync(join(tmpdir(), 'credchain-node-chain-diff-'));
  writeFileSync(join(dir, 'token'), WEB_TOKEN);
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A file unique to this run (the SDK caches files by path for the whole process). */
function file(contents: string): string {
  const path = join(dir, `file-${++n}`);
  writeFileSync(path, contents);
  return path;
}

const keys = (id: string) => `aws_access_key_id = ${id}\naws_secret_access_key = secret-of-${id}\n`;

function baseEnv(vars: Record<string, string> = {}): Record<string, string> {
  return { AWS_CONFIG_FILE: file(''), AWS_SHARED_CREDENTIALS_FILE: file(''), AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true', ...vars };
}

type Call = { callerClientConfig?: Record<string, unknown> };

/** Both chains with the same options, environment and call argument; the key id (or the error) each returns. */
async function both(env: Record<string, string>, options: ChainOptions, call?: Call) {
  const outcome = async (run: () => Promise<{ accessKeyId: string }>) => {
    try {
      return { accessKeyId: (await run()).accessKeyId };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const { context: _, ...sdkOptions } = options;
  const sdk = await withProcessEnv(env, () => outcome(() => sdkChain({ logger: quiet, ...sdkOptions } as never)(call as never)));
  const ours = await outcome(() => fromNodeProviderChain({ logger: quiet, ...options, context: { env, logger: quiet } })(call));
  return { sdk, ours };
}

describe('fromNodeProviderChain options agree with the SDK', () => {
  it('filepath and configFilepath beat AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE', async () => {
    const env = baseEnv({ AWS_SHARED_CREDENTIALS_FILE: file(`[default]\n${keys('AKIAFROMENVFILE00001')}`) });
    const { sdk, ours } = await both(env, { filepath: file(`[default]\n${keys('AKIAFROMOPTION000001')}`) });
    expect(sdk).toEqual({ accessKeyId: 'AKIAFROMOPTION000001' });
    expect(ours).toEqual(sdk);

    const config = file(`[profile cfg]\n${keys('AKIAFROMCONFIGOPT001')}`);
    const second = await both(baseEnv(), { configFilepath: config, profile: 'cfg' });
    expect(second.sdk).toEqual({ accessKeyId: 'AKIAFROMCONFIGOPT001' });
    expect(second.ours).toEqual(second.sdk);
  });

  it('profile beats AWS_PROFILE and skips env credentials', async () => {
    const credentials = `[a]\n${keys('AKIAPROFILEA00000001')}[b]\n${keys('AKIAPROFILEB00000001')}`;
    const env = baseEnv({ AWS_SHARED_CREDENTIALS_FILE: file(credentials), AWS_PROFILE: 'a', AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001', AWS_SECRET_ACCESS_KEY: 's' });
    const { sdk, ours } = await both(env, { profile: 'b' });
    expect(sdk).toEqual({ accessKeyId: 'AKIAPROFILEB00000001' });
    expect(ours).toEqual(sdk);
  });

  it('webIdentityTokenFile, roleArn and roleSessionName stand in for the AWS_* variables', async () => {
    const before = emulator.requests.length;
    const { sdk, ours } = await both(baseEnv(), { webIdentityTokenFile: join(dir, 'token'), roleArn: APP_ROLE, roleSessionName: 'from-options' });
    expect(sdk.error).toBeUndefined();
    const arns = [sdk, ours].map((o) => emulator.issued(o.accessKeyId!)?.arn);
    expect(arns).toEqual([`arn:aws:sts::${ACCOUNT}:assumed-role/app-role/from-options`, `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/from-options`]);
    expect(emulator.requests.slice(before).map((r) => r.route)).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentity']);
  });

  it('roleAssumer receives the same source credentials and parameters', async () => {
    const config = file(`[profile hop]\nrole_arn = ${APP_ROLE}\nsource_profile = base\nrole_session_name = hop-session\nexternal_id = ext-1\nduration_seconds = 900\nmfa_serial = arn:aws:iam::${ACCOUNT}:mfa/me\n[profile base]\n${keys('AKIAROLEASSUMERBASE1')}`);
    const calls: unknown[] = [];
    const roleAssumer = async (source: { accessKeyId: string; secretAccessKey: string }, params: unknown) => {
      calls.push({ source: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey }, params });
      return { accessKeyId: 'AKIAASSUMEDBYOPTION1', secretAccessKey: 'assumed-secret' };
    };
    const env = baseEnv({ AWS_CONFIG_FILE: config });
    const { sdk, ours } = await both(env, { profile: 'hop', roleAssumer, mfaCodeProvider: async () => '123456' });
    expect(sdk).toEqual({ accessKeyId: 'AKIAASSUMEDBYOPTION1' });
    expect(ours).toEqual(sdk);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[0]).toEqual({
      source: { accessKeyId: 'AKIAROLEASSUMERBASE1', secretAccessKey: 'secret-of-AKIAROLEASSUMERBASE1' },
      params: { RoleArn: APP_ROLE, RoleSessionName: 'hop-session', ExternalId: 'ext-1', DurationSeconds: 900, SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/me`, TokenCode: '123456' },
    });
  });

  it('roleAssumerWithWebIdentity receives the same parameters (ProviderId, Policy, PolicyArns, DurationSeconds)', async () => {
    const calls: unknown[] = [];
    const roleAssumerWithWebIdentity = async (params: unknown) => {
      calls.push(params);
      return { accessKeyId: 'AKIAWEBASSUMEDOPTION', secretAccessKey: 'assumed-secret' };
    };
    const env = baseEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: APP_ROLE, AWS_ROLE_SESSION_NAME: 'env-session' });
    const options: ChainOptions = { roleAssumerWithWebIdentity, providerId: 'graph.facebook.com', policy: '{"Version":"2012-10-17"}', policyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], durationSeconds: 1200 };
    const { sdk, ours } = await both(env, options);
    expect(sdk).toEqual({ accessKeyId: 'AKIAWEBASSUMEDOPTION' });
    expect(ours).toEqual(sdk);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[0]).toEqual({
      RoleArn: APP_ROLE, RoleSessionName: 'env-session', WebIdentityToken: WEB_TOKEN, ProviderId: 'graph.facebook.com',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], Policy: '{"Version":"2012-10-17"}', DurationSeconds: 1200,
    });
  });
});

describe('the call argument { callerClientConfig } agrees with the SDK', () => {
  const credentials = () => file(`[default]\n${keys('AKIADEFAULTPROFILE01')}[caller]\n${keys('AKIACALLERPROFILE001')}`);

  it("the caller's profile picks the profile when no profile option is given", async () => {
    const { sdk, ours } = await both(baseEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials() }), {}, { callerClientConfig: { profile: 'caller' } });
    expect(sdk).toEqual({ accessKeyId: 'AKIACALLERPROFILE001' });
    expect(ours).toEqual(sdk);
  });

  it('the profile option beats the caller\'s profile', async () => {
    const { sdk, ours } = await both(baseEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials() }), { profile: 'default' }, { callerClientConfig: { profile: 'caller' } });
    expect(sdk).toEqual({ accessKeyId: 'AKIADEFAULTPROFILE01' });
    expect(ours).toEqual(sdk);
  });

  it("env credentials still win over the caller's profile (only the option and AWS_PROFILE skip env)", async () => {
    const env = baseEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials(), AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00002', AWS_SECRET_ACCESS_KEY: 's' });
    const { sdk, ours } = await both(env, {}, { callerClientConfig: { profile: 'caller' } });
    expect(sdk).toEqual({ accessKeyId: 'AKIAENVIRONMENT00002' });
    expect(ours).toEqual(sdk);
  });

  it("the caller's logger gets the chain's warnings when no logger option is given", async () => {
    const env = baseEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials(), AWS_PROFILE: 'caller', AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00003', AWS_SECRET_ACCESS_KEY: 's' });
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (message: string) => warnings.push(message) };
    const resolved = await fromNodeProviderChain({ context: { env } })({ callerClientConfig: { logger } });
    expect(resolved.accessKeyId).toBe('AKIACALLERPROFILE001');
    expect(warnings.join('\n')).toMatch(/AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are set but AWS_PROFILE selects profile "caller"/);
  });
});
