// Differential: what each package makes of STS's answers, the SDK's providers beside credchain's against the
// same loopback emulator (its real refusals, and error or credentials replies set as faults) — an STS error
// is the SDK's service exception and credchain's CredentialsProviderError, which keeps what code reads of
// the former (`code` = the SDK's `Code`, `$metadata`, `$fault`; docs/sdk-drop-in.md, "Errors"); the
// credentials carry the same fields (accountId where the SDK's have one, never a credentialScope from STS).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator/index.js';
import * as credchain from '../../src/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const DOC = readFileSync(new URL('../../docs/sdk-drop-in.md', import.meta.url), 'utf8');
const ACCOUNT = '123456789012';
const USER_KEY = 'AKIASTSREPLIESUSER01';
const USER_SECRET = 'stsRepliesUserSecret/0123456789abcdefghij';
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.stsReplies.sig';
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/service/app-role`;
const DENIED_ROLE = `arn:aws:iam::${ACCOUNT}:role/not-in-scenario`;
const MASTER = { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET };

type Providers = typeof credchain;
type Provider = (call?: never) => Promise<Record<string, unknown>>;

let emulator: Emulator;
let dir: string;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: { accountId: ACCOUNT, region: 'eu-west-1', users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } }, webIdentity: { tokens: [WEB_TOKEN] } },
  });
  dir = mkdtempSync(join(tmpdir(), 'credchain-sts-replies-'));
  writeFileSync(join(dir, 'token'), WEB_TOKEN);
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh config file (the SDK caches files by path) with a role profile `hop` over static keys; STS at the emulator. */
function machine(role = APP_ROLE): Record<string, string> {
  const config = join(dir, `config-${++n}`);
  writeFileSync(config, `[profile hop]\nrole_arn = ${role}\nsource_profile = base\nrole_session_name = sts-replies\n[profile base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n`);
  return { HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' };
}

/** Runs the provider of one package, with the fault set on `route` for its calls only. */
async function run(providers: Providers, build: (p: Providers) => Provider, fault?: [string, Fault]): Promise<{ credentials?: Record<string, unknown>; error?: Record<string, unknown> }> {
  return withProcessEnv(machine(), async () => {
    if (fault) emulator.fault(fault[0], fault[1]);
    try {
      return { credentials: await build(providers)() };
    } catch (error) {
      return { error: error as Record<string, unknown> };
    } finally {
      if (fault) emulator.fault(fault[0], undefined);
    }
  });
}

async function both(build: (p: Providers) => Provider, fault?: [string, Fault]) {
  return { theirs: await run(sdk as unknown as Providers, build, fault), ours: await run(credchain, build, fault) };
}

const errorReply = (status: number, code: string): Fault => ({
  status,
  contentType: 'text/xml',
  body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>the message of ${code}</Message></Error><RequestId>sts-replies-request</RequestId></ErrorResponse>`,
});

const temporary = (role: string, clientConfig: Record<string, unknown> = {}) => (p: Providers) => p.fromTemporaryCredentials({ params: { RoleArn: role, RoleSessionName: 'sts-replies' }, masterCredentials: MASTER, clientConfig, logger: quiet }) as unknown as Provider;
const webToken = (token: string) => (p: Providers) => p.fromWebToken({ roleArn: APP_ROLE, webIdentityToken: token, roleSessionName: 'sts-replies', logger: quiet }) as unknown as Provider;
const tokenFile = (p: Providers) => p.fromTokenFile({ webIdentityTokenFile: join(dir, 'token'), roleArn: APP_ROLE, roleSessionName: 'sts-replies', logger: quiet }) as unknown as Provider;
const roleProfile = (p: Providers) => p.fromIni({ profile: 'hop', logger: quiet }) as unknown as Provider;

describe('an STS error: the SDK\'s service exception, credchain\'s CredentialsProviderError with its code, $metadata and $fault', () => {
  const CASES: Array<{ name: string; build: (p: Providers) => Provider; fault?: [string, Fault]; sdkName: string; code: string; status: number }> = [
    { name: 'fromTemporaryCredentials: AccessDenied', build: temporary(DENIED_ROLE), sdkName: 'AccessDenied', code: 'AccessDenied', status: 403 },
    { name: 'fromTemporaryCredentials: ExpiredToken (the master credentials)', build: temporary(APP_ROLE), fault: ['sts:AssumeRole', errorReply(400, 'ExpiredToken')], sdkName: 'ExpiredToken', code: 'ExpiredToken', status: 400 },
    { name: 'fromTemporaryCredentials: 500 InternalFailure, two attempts', build: temporary(APP_ROLE, { maxAttempts: 2 }), fault: ['sts:AssumeRole', errorReply(500, 'InternalFailure')], sdkName: 'InternalFailure', code: 'InternalFailure', status: 500 },
    { name: 'fromWebToken: InvalidIdentityToken', build: webToken('eyJhbGciOiJSUzI1NiJ9.rejected.sig'), sdkName: 'InvalidIdentityTokenException', code: 'InvalidIdentityToken', status: 400 },
    { name: 'fromWebToken: ExpiredTokenException', build: webToken(WEB_TOKEN), fault: ['sts:AssumeRoleWithWebIdentity', errorReply(400, 'ExpiredTokenException')], sdkName: 'ExpiredTokenException', code: 'ExpiredTokenException', status: 400 },
    { name: 'fromTokenFile: IDPRejectedClaim', build: tokenFile, fault: ['sts:AssumeRoleWithWebIdentity', errorReply(403, 'IDPRejectedClaim')], sdkName: 'IDPRejectedClaimException', code: 'IDPRejectedClaim', status: 403 },
  ];

  it.each(CASES)('$name', async ({ build, fault, sdkName, code, status }) => {
    const { theirs, ours } = await both(build, fault);
    const sdkError = theirs.error as { name: string; Code: string; $fault: string; $metadata: Record<string, unknown>; tryNextLink?: unknown };
    expect(sdkError).toMatchObject({ name: sdkName, Code: code, $metadata: { httpStatusCode: status } });
    expect(sdkError.tryNextLink).toBeUndefined();
    expect(ours.error).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false, code: sdkError.Code, $fault: sdkError.$fault });
    const metadata = (m: Record<string, unknown>) => ({ httpStatusCode: m.httpStatusCode, requestId: m.requestId, attempts: m.attempts });
    expect(metadata(ours.error!.$metadata as Record<string, unknown>)).toEqual(metadata(sdkError.$metadata));
    expect(String(ours.error!.message)).toContain(code);
  });

  it('a role profile: the same, through fromIni', async () => {
    const { theirs, ours } = await withProcessEnv({}, async () => {
      const env = machine(DENIED_ROLE);
      const call = (providers: Providers) => withProcessEnv(env, () => roleProfile(providers)().catch((error: Record<string, unknown>) => error));
      return { theirs: await call(sdk as unknown as Providers), ours: await call(credchain) };
    });
    expect(theirs).toMatchObject({ name: 'AccessDenied', Code: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403, attempts: 1 } });
    expect(ours).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false, code: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403, attempts: 1 } });
    expect(DOC).toContain('| Every failure is a `CredentialsProviderError`, where the SDK\'s is sometimes');
  });

  it('a network failure has no $metadata in credchain\'s error (no reply)', async () => {
    const error = await credchain
      .fromTemporaryCredentials({ params: { RoleArn: APP_ROLE }, masterCredentials: MASTER, clientConfig: { endpoint: 'http://127.0.0.1:1', maxAttempts: 1 }, context: { env: {} }, logger: quiet })()
      .catch((caught: credchain.CredentialsProviderError) => caught);
    expect(error).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false, code: 'refused' });
    expect(error).not.toHaveProperty('$metadata');
    expect(error).not.toHaveProperty('$fault');
  });
});

describe('the credentials of an STS reply: the same fields', () => {
  const scoped = (action: 'AssumeRole' | 'AssumeRoleWithWebIdentity'): [string, Fault] => [
    `sts:${action}`,
    {
      status: 200,
      contentType: 'text/xml',
      body: `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result><Credentials><AccessKeyId>ASIASTSREPLIESSCOPE1</AccessKeyId><SecretAccessKey>scopedSecret</SecretAccessKey><SessionToken>scopedSessionToken</SessionToken><Expiration>3000-01-01T00:00:00Z</Expiration><CredentialScope>eu-west-1</CredentialScope></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/app-role/sts-replies</Arn><AssumedRoleId>AROAEXAMPLE:sts-replies</AssumedRoleId></AssumedRoleUser></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
    },
  ];
  /** The fields with a value, but the packages' own labels (credchain's `source`, the SDK's `$source`: a documented difference). */
  const fields = (credentials: Record<string, unknown> | undefined) =>
    Object.fromEntries(Object.entries(credentials ?? {}).filter(([key, value]) => value !== undefined && key !== 'source' && key !== '$source'));

  it.each([
    ['fromTemporaryCredentials: no accountId, no credentialScope', temporary(APP_ROLE), scoped('AssumeRole'), { accountId: undefined }],
    ['fromIni role profile: the accountId of the assumed-role ARN, no credentialScope', roleProfile, scoped('AssumeRole'), { accountId: ACCOUNT }],
    ['fromWebToken: the accountId, no credentialScope', webToken(WEB_TOKEN), scoped('AssumeRoleWithWebIdentity'), { accountId: ACCOUNT }],
    ['fromTokenFile: the accountId, no credentialScope', tokenFile, scoped('AssumeRoleWithWebIdentity'), { accountId: ACCOUNT }],
  ] as const)('%s (a reply that carries a CredentialScope)', async (_name, build, fault, expected) => {
    const { theirs, ours } = await both(build, fault);
    expect(theirs.error).toBeUndefined();
    expect(fields(ours.credentials)).toEqual(fields(theirs.credentials));
    expect(fields(ours.credentials)).toEqual({
      accessKeyId: 'ASIASTSREPLIESSCOPE1',
      secretAccessKey: 'scopedSecret',
      sessionToken: 'scopedSessionToken',
      expiration: new Date('3000-01-01T00:00:00Z'),
      ...(expected.accountId ? { accountId: expected.accountId } : {}),
    });
  });
});
