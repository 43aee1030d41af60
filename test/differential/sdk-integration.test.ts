// The AWS SDK's own "credential-provider-node integration test" (aws-sdk-js-v3
// packages/credential-provider-node/tests/credential-provider-node.integ.spec.ts: 38 cases, 2 of them Cognito,
// which credchain does not implement), replayed black-box against both packages side by side: real files in
// a temporary HOME, a real credential_process executable, the variables in process.env, the network answered
// on loopback with the replies of that test's mocked request handler (test/support/aws-stand-in.ts), and each
// package's provider given as `credentials` to a real STSClient that calls GetCallerIdentity. A case passes
// when the client's resolved credentials (or its error) are what the SDK's case expects. The SDK must pass
// every case (else the replay is wrong); credchain must pass every case except the documented differences
// of docs/sdk-drop-in.md, for which it must show the documented behaviour instead.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as sdk from '@aws-sdk/credential-providers';
import { describe, expect, it } from 'vitest';
import * as credchain from '../../src/index.js';
import { ACCOUNT, FAR_EXPIRATION, useAwsStandIn, type RecordedRequest } from '../support/aws-stand-in.js';
import { withProcessEnv } from '../support/sdk-oracle.js';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/assume-role-test`;
const START_URL = 'https://d-abc123.awsapps.com/start';
const FAR = new Date(FAR_EXPIRATION);
const DRIFT_DOC = readFileSync(new URL('../../docs/sdk-drop-in.md', import.meta.url), 'utf8');

type Providers = typeof credchain;
type Lane = 'sdk' | 'credchain';

interface Machine {
  home: string;
  tokenFile: string;
  logger: RecordingLogger;
}

/** What a case expects the client to resolve: credentials as the SDK shapes them. */
type Expected = credchain.AwsCredentialIdentity;

interface Outcome {
  credentials?: Record<string, unknown>;
  error?: Error & { tryNextLink?: boolean; code?: string };
  requests: RecordedRequest[];
}

interface IntegrationCase {
  /** The SDK spec's describe block and case, in our words. */
  name: string;
  config?: string;
  credentials?: string;
  env?: Record<string, string>;
  /** The outer STSClient's region (the SDK spec's default: us-west-2). */
  clientRegion?: string;
  provider(providers: Providers, machine: Machine): (call?: never) => Promise<unknown>;
  expected: Expected | { error: RegExp; name: string };
  /** What else the SDK's case checks: where the inner calls went, what they carried. */
  check?(outcome: Outcome, machine: Machine): void;
  /** A documented difference: the row of docs/sdk-drop-in.md that names it, and credchain's documented outcome. */
  difference?: { row: string; credchain(outcome: Outcome): void };
}

class RecordingLogger {
  readonly lines: Array<[level: string, message: unknown]> = [];
  debug = (...message: unknown[]) => void this.lines.push(['debug', message.join(' ')]);
  info = (...message: unknown[]) => void this.lines.push(['info', message.length === 1 ? message[0] : message.join(' ')]);
  warn = (...message: unknown[]) => void this.lines.push(['warn', message.join(' ')]);
  error = (...message: unknown[]) => void this.lines.push(['error', message.join(' ')]);
  levels(): Set<string> {
    return new Set(this.lines.map(([level]) => level));
  }
}

const DEFAULT_CONFIG = '[default]\nregion = us-west-2\noutput = json\n';
const sts = (prefix: 'STS_AR' | 'STS_ARWI', region: string): Expected => ({
  accessKeyId: `${prefix}_ACCESS_KEY_ID`,
  secretAccessKey: `${prefix}_SECRET_ACCESS_KEY`,
  sessionToken: `${prefix}_SESSION_TOKEN_${region}`,
  expiration: FAR,
  accountId: ACCOUNT,
});
const SSO = (region: string): Expected => ({ accessKeyId: 'SSO_ACCESS_KEY_ID', secretAccessKey: 'SSO_SECRET_ACCESS_KEY', sessionToken: `SSO_SESSION_TOKEN_${region}`, expiration: FAR });
const CONTAINER: Expected = { accessKeyId: 'CONTAINER_ACCESS_KEY_ID', secretAccessKey: 'CONTAINER_SECRET_ACCESS_KEY', sessionToken: 'CONTAINER_TOKEN', expiration: FAR };
const IMDS: Expected = { accessKeyId: 'IMDS_ACCESS_KEY_ID', secretAccessKey: 'IMDS_SECRET_ACCESS_KEY', sessionToken: 'IMDS_TOKEN', expiration: FAR };
const PROCESS: Expected = { accessKeyId: 'PROCESS_ACCESS_KEY_ID', secretAccessKey: 'PROCESS_SECRET_ACCESS_KEY', sessionToken: 'PROCESS_SESSION_TOKEN', expiration: FAR };
const STATIC = (name: string): Expected => ({ accessKeyId: `${name}_ACCESS_KEY_ID`, secretAccessKey: `${name}_SECRET_ACCESS_KEY` });
const keys = (name: string) => `aws_access_key_id = ${name}_ACCESS_KEY_ID\naws_secret_access_key = ${name}_SECRET_ACCESS_KEY\n`;
const DEFAULT_KEYS = `[default]\n${keys('INI_DEFAULT')}`;
const SSO_LEGACY = `sso_start_url = ${START_URL}\nsso_account_id = ${ACCOUNT}\nsso_region = us-east-1\nsso_role_name = SSO_ROLE_NAME\n`;
const SSO_SESSION = `[profile sso-session]\nsso_session = my-sso\nsso_account_id = ${ACCOUNT}\nsso_role_name = SSO_ROLE_NAME\n[sso-session my-sso]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`;
const ASSUME = `[profile assume]\nrole_arn = ${ROLE_ARN}\nsource_profile = default\n`;
const ECS_SOURCE = `[profile ecs]\nrole_arn = ${ROLE_ARN}\ncredential_source = EcsContainer\n`;
const requestsTo = (outcome: Outcome, host: string) => outcome.requests.filter((request) => request.host === host);
const stsActions = (outcome: Outcome) => outcome.requests.map((request) => /Action=(\w+)/.exec(request.body)?.[1]).filter(Boolean);

const CASES: IntegrationCase[] = [
  // fromEnv
  {
    name: 'fromEnv: static credentials from the environment',
    env: { AWS_ACCESS_KEY_ID: 'ENV_ACCESS_KEY_ID', AWS_SECRET_ACCESS_KEY: 'ENV_SECRET_ACCESS_KEY', AWS_SESSION_TOKEN: 'ENV_SESSION_TOKEN' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: { accessKeyId: 'ENV_ACCESS_KEY_ID', secretAccessKey: 'ENV_SECRET_ACCESS_KEY', sessionToken: 'ENV_SESSION_TOKEN' },
  },
  {
    name: 'fromEnv: credentials with an expiration and a credential scope',
    env: { AWS_ACCESS_KEY_ID: 'ENV_ACCESS_KEY_ID', AWS_SECRET_ACCESS_KEY: 'ENV_SECRET_ACCESS_KEY', AWS_CREDENTIAL_EXPIRATION: FAR_EXPIRATION, AWS_CREDENTIAL_SCOPE: 'us-west-2' },
    provider: (p) => p.fromEnv(),
    expected: { accessKeyId: 'ENV_ACCESS_KEY_ID', secretAccessKey: 'ENV_SECRET_ACCESS_KEY', expiration: FAR, credentialScope: 'us-west-2' },
  },
  {
    name: 'fromEnv: expired credentials from the environment are loaded',
    env: { AWS_ACCESS_KEY_ID: 'ENV_ACCESS_KEY_ID', AWS_SECRET_ACCESS_KEY: 'ENV_SECRET_ACCESS_KEY', AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00.000Z' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: { accessKeyId: 'ENV_ACCESS_KEY_ID', secretAccessKey: 'ENV_SECRET_ACCESS_KEY', expiration: new Date('2000-01-01T00:00:00.000Z') },
    difference: {
      row: 'An `AWS_CREDENTIAL_EXPIRATION` in the past stops the chain',
      credchain: (outcome) => expect(outcome.error).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false, message: expect.stringMatching(/expired at 2000-01-01T00:00:00.000Z \(AWS_CREDENTIAL_EXPIRATION\)/) }),
    },
  },
  // fromSSO (GetRoleCredentials answers its expiration as an ISO date here)
  {
    name: 'fromSSO: legacy SSO parameters supplied directly',
    provider: (p) => p.fromNodeProviderChain({ ssoStartUrl: START_URL, ssoAccountId: ACCOUNT, ssoRegion: 'us-east-1', ssoRoleName: 'SSO_ROLE_NAME' }),
    expected: SSO('us-east-1'),
  },
  {
    name: 'fromSSO: legacy SSO parameters in the default profile',
    config: `[default]\nregion = us-west-2\n${SSO_LEGACY}`,
    provider: (p) => p.fromNodeProviderChain(),
    expected: SSO('us-east-1'),
  },
  {
    name: 'fromSSO: an sso-session profile selected by AWS_PROFILE',
    config: DEFAULT_CONFIG + SSO_SESSION,
    env: { AWS_PROFILE: 'sso-session' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: SSO('us-east-1'),
  },
  {
    name: 'fromSSO: the named provider with the profile option',
    config: `${DEFAULT_CONFIG}[profile sso-legacy]\n${SSO_LEGACY}`,
    provider: (p) => p.fromSSO({ profile: 'sso-legacy' }),
    expected: SSO('us-east-1'),
  },
  // fromIni
  {
    name: 'fromIni: static credentials of the default profile',
    credentials: DEFAULT_KEYS,
    provider: (p) => p.fromNodeProviderChain(),
    expected: STATIC('INI_DEFAULT'),
  },
  {
    name: 'fromIni: static credentials of the profile AWS_PROFILE names',
    credentials: `${DEFAULT_KEYS}[static]\n${keys('INI_STATIC')}`,
    env: { AWS_PROFILE: 'static' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: STATIC('INI_STATIC'),
  },
  {
    name: 'fromIni: AssumeRole with a source_profile',
    config: DEFAULT_CONFIG + ASSUME,
    credentials: DEFAULT_KEYS,
    env: { AWS_PROFILE: 'assume' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_AR', 'us-west-2'),
  },
  {
    name: 'fromIni: a role chain of two hops',
    config: `${DEFAULT_CONFIG}[profile first]\nrole_arn = ${ROLE_ARN}-1\nsource_profile = default\n[profile second]\nrole_arn = ${ROLE_ARN}-2\nsource_profile = first\n`,
    credentials: DEFAULT_KEYS,
    env: { AWS_PROFILE: 'second' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_AR', 'us-west-2'),
    check: (outcome) => expect(stsActions(outcome)).toEqual(['AssumeRole', 'AssumeRole', 'GetCallerIdentity']),
  },
  {
    name: 'fromIni: web_identity_token_file in the profile',
    config: `${DEFAULT_CONFIG}[profile web]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = TOKEN_FILE\n`,
    env: { AWS_PROFILE: 'web' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_ARWI', 'us-west-2'),
  },
  {
    name: 'fromIni: credential_source = Environment',
    config: `${DEFAULT_CONFIG}[profile env-source]\nrole_arn = ${ROLE_ARN}\ncredential_source = Environment\n`,
    env: { AWS_PROFILE: 'env-source', AWS_ACCESS_KEY_ID: 'ENV_ACCESS_KEY_ID', AWS_SECRET_ACCESS_KEY: 'ENV_SECRET_ACCESS_KEY' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_AR', 'us-west-2'),
  },
  {
    name: 'fromIni: credential_source = EcsContainer with AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    config: DEFAULT_CONFIG + ECS_SOURCE,
    env: { AWS_PROFILE: 'ecs', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/from-env' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_AR', 'us-west-2'),
    check: (outcome) => expect(requestsTo(outcome, '169.254.170.2').map((r) => r.path)).toEqual(['/v2/credentials/from-env']),
  },
  {
    name: 'fromIni: credential_source = EcsContainer with the awsContainerCredentialsFullUri and awsContainerAuthorizationToken options',
    config: DEFAULT_CONFIG + ECS_SOURCE,
    provider: (p) =>
      p.fromNodeProviderChain({ profile: 'ecs', awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials', awsContainerAuthorizationToken: 'CONTAINER_AUTHORIZATION_TOKEN' } as never),
    expected: sts('STS_AR', 'us-west-2'),
    check: (outcome) => expect(requestsTo(outcome, '169.254.170.23').map((r) => r.headers.authorization)).toEqual(['CONTAINER_AUTHORIZATION_TOKEN']),
  },
  {
    name: 'fromIni: credential_process in the profile',
    config: `${DEFAULT_CONFIG}[profile process]\ncredential_process = PROCESS_COMMAND\n`,
    env: { AWS_PROFILE: 'process' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: PROCESS,
  },
  {
    name: 'fromIni: the named provider with the awsContainerCredentialsRelativeUri option reaches credential_source = EcsContainer',
    config: DEFAULT_CONFIG + ECS_SOURCE,
    provider: (p) => p.fromIni({ profile: 'ecs', awsContainerCredentialsRelativeUri: '/v2/credentials/from-option' } as never),
    expected: sts('STS_AR', 'us-west-2'),
    check: (outcome) => expect(requestsTo(outcome, '169.254.170.2').map((r) => r.path)).toEqual(['/v2/credentials/from-option']),
  },
  // fromProcess
  {
    name: 'fromProcess: the named provider runs the profile\'s credential_process',
    config: `${DEFAULT_CONFIG}[profile process]\ncredential_process = PROCESS_COMMAND\n`,
    provider: (p) => p.fromProcess({ profile: 'process' }),
    expected: PROCESS,
  },
  // fromTokenFile
  {
    name: 'fromTokenFile: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN in the chain',
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: 'TOKEN_FILE', AWS_ROLE_ARN: ROLE_ARN, AWS_ROLE_SESSION_NAME: 'web-identity-session' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_ARWI', 'us-west-2'),
  },
  {
    name: 'fromTokenFile: the named provider with its options',
    provider: (p, machine) => p.fromTokenFile({ webIdentityTokenFile: machine.tokenFile, roleArn: ROLE_ARN, roleSessionName: 'web-identity-session' }),
    expected: sts('STS_ARWI', 'us-west-2'),
  },
  // fromContainerMetadata / fromHttp
  {
    name: 'fromContainerMetadata: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in the chain',
    env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/task' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: CONTAINER,
  },
  {
    name: 'fromHttp: AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (EKS Pod Identity)',
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: 'TOKEN_FILE' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: CONTAINER,
    check: (outcome) => expect(requestsTo(outcome, '169.254.170.23').map((r) => r.headers.authorization)).toEqual(['WEB_IDENTITY_TOKEN']),
  },
  {
    name: 'fromHttp: the awsContainer* options of fromNodeProviderChain beat the variables',
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.2/from-env', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'TOKEN_FROM_ENV' },
    provider: (p) => p.fromNodeProviderChain({ awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials', awsContainerAuthorizationToken: 'TOKEN_FROM_OPTION' } as never),
    expected: CONTAINER,
    check: (outcome) => expect(outcome.requests.filter((r) => r.host.startsWith('169.254.170.')).map((r) => [r.host, r.path, r.headers.authorization])).toEqual([['169.254.170.23', '/v1/credentials', 'TOKEN_FROM_OPTION']]),
  },
  {
    name: 'fromContainerMetadata: the named provider',
    env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/task' },
    provider: (p) => p.fromContainerMetadata(),
    expected: CONTAINER,
  },
  // fromInstanceMetadata
  {
    name: 'fromInstanceMetadata: IMDSv2 at the end of the chain',
    provider: (p) => p.fromNodeProviderChain(),
    expected: IMDS,
    check: (outcome) => expect(requestsTo(outcome, '169.254.169.254').map((r) => r.headers['x-aws-ec2-metadata-token'] ?? r.method)).toEqual(['PUT', 'IMDS_SESSION_TOKEN', 'IMDS_SESSION_TOKEN']),
  },
  {
    name: 'fromInstanceMetadata: credential_source = Ec2InstanceMetadata',
    config: `${DEFAULT_CONFIG}[profile ec2]\nrole_arn = ${ROLE_ARN}\ncredential_source = Ec2InstanceMetadata\n`,
    env: { AWS_PROFILE: 'ec2' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_AR', 'us-west-2'),
  },
  // The inner STS client's clientConfig
  {
    name: 'clientConfig: the inner AssumeRole goes to the configured endpoint with the custom user agent, and the logger hears debug and info',
    config: DEFAULT_CONFIG + ASSUME,
    credentials: DEFAULT_KEYS,
    provider: (p, machine) => p.fromIni({ profile: 'assume', clientConfig: { endpoint: 'https://sts.custom-endpoint.example.com', customUserAgent: 'my-app/1.2.3', logger: machine.logger } } as never),
    expected: sts('STS_AR', 'us-west-2'),
    check: (outcome, machine) => {
      const assumeRole = outcome.requests.filter((r) => r.body.includes('Action=AssumeRole'));
      expect(assumeRole.map((r) => r.host)).toEqual(['sts.custom-endpoint.example.com']);
      expect(String(assumeRole[0]!.headers['user-agent'])).toContain('my-app/1.2.3');
      expect(machine.logger.levels()).toContain('debug');
      expect(machine.logger.levels()).toContain('info');
    },
  },
  // Region resolution for code-level providers given to service clients
  {
    name: 'region: fromIni AssumeRole uses the calling client\'s region when the role profile has none',
    config: DEFAULT_CONFIG + ASSUME,
    credentials: DEFAULT_KEYS,
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromIni({ profile: 'assume' }),
    expected: sts('STS_AR', 'eu-west-1'),
  },
  {
    name: 'region: fromIni AssumeRole uses the role profile\'s region before the calling client\'s',
    config: `${DEFAULT_CONFIG}[profile assume-regional]\nregion = ap-northeast-1\nrole_arn = ${ROLE_ARN}\nsource_profile = default\n`,
    credentials: DEFAULT_KEYS,
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromIni({ profile: 'assume-regional' }),
    expected: sts('STS_AR', 'ap-northeast-1'),
  },
  {
    name: 'region: fromIni AssumeRole uses clientConfig.region first',
    config: `${DEFAULT_CONFIG}[profile assume-regional]\nregion = ap-northeast-1\nrole_arn = ${ROLE_ARN}\nsource_profile = default\n`,
    credentials: DEFAULT_KEYS,
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromIni({ profile: 'assume-regional', clientConfig: { region: 'us-east-2' } }),
    expected: sts('STS_AR', 'us-east-2'),
  },
  {
    name: 'region: fromTemporaryCredentials uses the calling client\'s region',
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromTemporaryCredentials({ params: { RoleArn: ROLE_ARN }, masterCredentials: { accessKeyId: 'MASTER_ACCESS_KEY_ID', secretAccessKey: 'MASTER_SECRET_ACCESS_KEY' } }),
    expected: { ...sts('STS_AR', 'eu-west-1'), accountId: undefined } as Expected,
  },
  {
    name: 'region: fromWebToken uses the calling client\'s region',
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromWebToken({ roleArn: '', webIdentityToken: '' }),
    expected: sts('STS_ARWI', 'eu-west-1'),
    difference: {
      row: '`fromWebToken` with an empty `roleArn` or `webIdentityToken` is refused before any request',
      credchain: (outcome) => {
        expect(outcome.error).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false, message: expect.stringMatching(/^fromWebToken: roleArn and webIdentityToken must both be non-empty strings/) });
        expect(stsActions(outcome)).toEqual([]);
      },
    },
  },
  {
    name: 'region: fromTokenFile uses the calling client\'s region',
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: 'TOKEN_FILE', AWS_ROLE_ARN: ROLE_ARN },
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromTokenFile(),
    expected: sts('STS_ARWI', 'eu-west-1'),
  },
  {
    name: 'region: fromSSO calls the portal of sso_region whatever the calling client\'s region',
    config: `${DEFAULT_CONFIG}[profile sso-legacy]\n${SSO_LEGACY}`,
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromSSO({ profile: 'sso-legacy' }),
    expected: SSO('us-east-1'),
  },
  {
    name: 'region: fromNodeProviderChain web identity uses the calling client\'s region',
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: 'TOKEN_FILE', AWS_ROLE_ARN: ROLE_ARN },
    clientRegion: 'eu-west-1',
    provider: (p) => p.fromNodeProviderChain(),
    expected: sts('STS_ARWI', 'eu-west-1'),
  },
  // No credentials available
  {
    name: 'no credentials: a CredentialsProviderError saying "Could not load credentials from any providers"',
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    provider: (p) => p.fromNodeProviderChain(),
    expected: { error: /Could not load credentials from any providers/, name: 'CredentialsProviderError' },
  },
];

const lab = useAwsStandIn('credchain-sdk-integration-');

/** A fresh HOME with the case's files, a web identity token file and a real credential_process executable. */
function machineFor(c: IntegrationCase): { machine: Machine; env: Record<string, string> } {
  const home = lab.nextHomePath();
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const tokenFile = join(home, 'web-identity-token');
  writeFileSync(tokenFile, 'WEB_IDENTITY_TOKEN');
  const command = join(home, 'credential-process');
  writeFileSync(command, `#!/bin/sh\nprintf '%s' '${JSON.stringify({ Version: 1, AccessKeyId: 'PROCESS_ACCESS_KEY_ID', SecretAccessKey: 'PROCESS_SECRET_ACCESS_KEY', SessionToken: 'PROCESS_SESSION_TOKEN', Expiration: FAR_EXPIRATION })}'\n`);
  chmodSync(command, 0o755);
  const fill = (text: string) => text.replaceAll('TOKEN_FILE', tokenFile).replaceAll('PROCESS_COMMAND', command);
  writeFileSync(join(home, '.aws', 'config'), fill(c.config ?? DEFAULT_CONFIG));
  writeFileSync(join(home, '.aws', 'credentials'), fill(c.credentials ?? ''));
  const token = JSON.stringify({ accessToken: 'SSO_ACCESS_TOKEN', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), region: 'us-east-1', startUrl: START_URL });
  for (const key of [START_URL, 'my-sso']) writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`), token);
  const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([name, value]) => [name, fill(value)]));
  return { machine: { home, tokenFile, logger: new RecordingLogger() }, env: { HOME: home, ...env } };
}

async function runCase(c: IntegrationCase, lane: Lane): Promise<{ outcome: Outcome; machine: Machine }> {
  const { machine, env } = machineFor(c);
  lab.standIn.reset();
  const providers = (lane === 'sdk' ? sdk : credchain) as unknown as Providers;
  const outcome = await withProcessEnv(env, async (): Promise<Outcome> => {
    const client = new STSClient({ region: c.clientRegion ?? 'us-west-2', credentials: c.provider(providers, machine) as never });
    try {
      await client.send(new GetCallerIdentityCommand({}));
      const credentials = (await client.config.credentials()) as unknown as Record<string, unknown>;
      return { credentials, requests: [...lab.standIn.requests] };
    } catch (error) {
      return { error: error as Outcome['error'], requests: [...lab.standIn.requests] };
    } finally {
      client.destroy();
    }
  });
  return { outcome, machine };
}

/** The credential fields the SDK's case compares; accountId / credentialScope only where the case expects them. */
function expectCase(c: IntegrationCase, outcome: Outcome, machine: Machine): void {
  if ('error' in c.expected) {
    expect(outcome.credentials).toBeUndefined();
    expect(outcome.error).toMatchObject({ name: c.expected.name, message: expect.stringMatching(c.expected.error) });
    return;
  }
  expect(outcome.error, outcome.error?.message).toBeUndefined();
  const got = outcome.credentials!;
  const { accessKeyId, secretAccessKey, sessionToken, expiration, accountId, credentialScope } = c.expected;
  expect({ accessKeyId: got.accessKeyId, secretAccessKey: got.secretAccessKey, sessionToken: got.sessionToken, expiration: got.expiration }).toEqual({ accessKeyId, secretAccessKey, sessionToken, expiration });
  if ('accountId' in c.expected && accountId !== undefined) expect(got.accountId).toBe(accountId);
  if (credentialScope !== undefined) expect(got.credentialScope).toBe(credentialScope);
  c.check?.(outcome, machine);
}

describe('the SDK integration cases: 36 replayed (the 2 Cognito cases are not: credchain does not implement Cognito)', () => {
  it('has the 36 cases, each named once', () => {
    expect(CASES).toHaveLength(36);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(36);
  });

  describe.each(['sdk', 'credchain'] as const)('%s', (lane) => {
    // A case whose profile has a credential_process runs it (a shell and the script): tagged `process`.
    const runsProcess = (c: IntegrationCase) => `${c.config ?? ''}${c.credentials ?? ''}`.includes('PROCESS_COMMAND');
    for (const c of CASES) {
      it(c.name, { tags: runsProcess(c) ? ['process'] : [] }, async () => {
        const { outcome, machine } = await runCase(c, lane);
        if (lane === 'credchain' && c.difference) {
          // A documented difference: credchain does what docs/sdk-drop-in.md says, not what the SDK does.
          expect(DRIFT_DOC).toContain(c.difference.row);
          c.difference.credchain(outcome);
          return;
        }
        expectCase(c, outcome, machine);
      });
    }
  });
});
