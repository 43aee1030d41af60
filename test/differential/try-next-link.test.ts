// Differential: how each named provider fails, the SDK's beside credchain's on the same machine — real files
// in a temporary HOME, a real credential_process, a loopback container endpoint, a closed loopback port, the
// loopback emulator as STS — recorded as (name, tryNextLink, what the message says). Where the two would move
// a chain differently (`tryNextLink`: the SDK's chains move on when it is truthy) the row of
// docs/sdk-drop-in.md that says why is named and must be there; where the error names differ, the row on
// error types. And every credchain message names its provider once, at its start: the chain adds the name
// (src/errors.ts asSourceError), no provider writes it into its own message.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import * as credchain from '../../src/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const DOC = readFileSync(new URL('../../docs/sdk-drop-in.md', import.meta.url), 'utf8');
const DIFFERENCES = DOC.slice(DOC.indexOf('## Deliberate differences'));
const ACCOUNT = '123456789012';
const USER_KEY = 'AKIATRYNEXTLINKUSER1';
const USER_SECRET = 'tryNextLinkUserSecret/0123456789abcdefgh';
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.tryNextLink.sig';
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/service/app-role`;
const DENIED_ROLE = `arn:aws:iam::${ACCOUNT}:role/not-in-scenario`;
const START_URL = 'https://d-2222222222.awsapps.com/start';
const SSO_PROFILE = `sso_start_url = ${START_URL}\nsso_region = eu-west-1\nsso_account_id = ${ACCOUNT}\nsso_role_name = ReadOnly\n`;

/** The rows of the table of differences these cases rely on (each must be in it, word for word). */
const BROKEN_STOPS = 'A configured source that is broken stops a chain (`tryNextLink` false) where the SDK\'s moves on';
const HALF_ENV_PAIR = '`fromEnv()` (and the chain\'s env step) with only `AWS_ACCESS_KEY_ID` or only `AWS_SECRET_ACCESS_KEY` set is broken';
const ONE_ERROR_TYPE = 'Every failure is a `CredentialsProviderError`';

/** The named providers: each has rows below (fromNodeProviderChain labels its failures with its sources' names). */
const NAMED = [
  'fromEnv', 'fromIni', 'fromSSO', 'fromProcess', 'fromTokenFile', 'fromWebToken', 'fromContainerMetadata', 'fromHttp',
  'fromInstanceMetadata', 'fromTemporaryCredentials', 'fromLoginCredentials',
] as const;
type Named = (typeof NAMED)[number];
type Providers = typeof credchain;
type Provider = (call?: never) => Promise<unknown>;

interface Seen {
  name: string;
  tryNextLink: unknown;
  message: string;
}

interface Row {
  provider: Named;
  case: string;
  /** The machine: files of a fresh HOME and variables (STS is the emulator, IMDS is off unless a row sets it). */
  files?: { config?: string; credentials?: string; ssoToken?: { expiresAt: string } };
  env?: (urls: Urls) => Record<string, string>;
  build: (p: Providers, urls: Urls) => Provider;
  sdk: { name: string; tryNextLink: boolean | undefined; says: RegExp };
  credchain: { tryNextLink: boolean; says: RegExp };
  /** The row of docs/sdk-drop-in.md's differences, when the two would move a chain differently. */
  difference?: string;
  /** Runs a credential_process: the process lane only. */
  process?: true;
}

interface Urls {
  /** A loopback container endpoint: credentials for the right Authorization header, else HTTP 403. */
  container: string;
  /** A loopback port nothing listens on. */
  closed: string;
  sts: string;
}

const CONTAINER_TOKEN = 'try-next-link-container-token';
const roleHop = (role: string) => `[profile hop]\nrole_arn = ${role}\nsource_profile = base\n[profile base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n`;
const tempCredentials = (p: Providers, role: string) =>
  p.fromTemporaryCredentials({ params: { RoleArn: role }, masterCredentials: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET }, logger: quiet });

const ROWS: Row[] = [
  // fromEnv
  { provider: 'fromEnv', case: 'nothing set', build: (p) => p.fromEnv(), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Unable to find environment variable credentials/ }, credchain: { tryNextLink: true, says: /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/ } },
  { provider: 'fromEnv', case: 'only AWS_ACCESS_KEY_ID', env: () => ({ AWS_ACCESS_KEY_ID: USER_KEY }), build: (p) => p.fromEnv(), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Unable to find environment variable credentials/ }, credchain: { tryNextLink: false, says: /AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: half a key pair/ }, difference: HALF_ENV_PAIR },
  { provider: 'fromEnv', case: 'only AWS_SECRET_ACCESS_KEY', env: () => ({ AWS_SECRET_ACCESS_KEY: USER_SECRET }), build: (p) => p.fromEnv(), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Unable to find environment variable credentials/ }, credchain: { tryNextLink: false, says: /AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/ }, difference: HALF_ENV_PAIR },
  // fromIni
  { provider: 'fromIni', case: 'a profile without credentials', files: { config: '[profile a]\nregion = eu-west-1\n' }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Could not resolve credentials using profile: \[a\]/ }, credchain: { tryNextLink: true, says: /profile "a" has no credentials/ } },
  { provider: 'fromIni', case: 'source_profile names no profile', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\nsource_profile = nope\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Could not resolve credentials using profile: \[nope\]/ }, credchain: { tryNextLink: false, says: /source_profile = nope, but there is no profile "nope"/ }, difference: BROKEN_STOPS },
  { provider: 'fromIni', case: 'a source_profile cycle', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\nsource_profile = b\n[profile b]\nrole_arn = ${APP_ROLE}\nsource_profile = a\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Detected a cycle attempting to resolve credentials for profile a/ }, credchain: { tryNextLink: false, says: /source_profile forms a cycle: "a" → "b" → "a"/ }, difference: BROKEN_STOPS },
  { provider: 'fromIni', case: 'an invalid credential_source', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\ncredential_source = Bogus\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Unsupported credential source in profile a. Got Bogus/ }, credchain: { tryNextLink: false, says: /credential_source = Bogus, which is not one of Environment, Ec2InstanceMetadata, EcsContainer/ }, difference: BROKEN_STOPS },
  { provider: 'fromIni', case: 'credential_source = Environment without the variables', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\ncredential_source = Environment\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Unable to find environment variable credentials/ }, credchain: { tryNextLink: false, says: /credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/ }, difference: BROKEN_STOPS },
  { provider: 'fromIni', case: 'credential_source = EcsContainer without the variables', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\ncredential_source = EcsContainer\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /No HTTP credential provider host provided/ }, credchain: { tryNextLink: false, says: /credential_source = EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set/ }, difference: BROKEN_STOPS },
  { provider: 'fromIni', case: 'half a static key pair (id without secret)', files: { credentials: `[a]\naws_access_key_id = ${USER_KEY}\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Could not resolve credentials using profile: \[a\]/ }, credchain: { tryNextLink: false, says: /profile "a" has aws_access_key_id but no aws_secret_access_key/ }, difference: BROKEN_STOPS },
  { provider: 'fromIni', case: 'web_identity_token_file that does not exist', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\nweb_identity_token_file = /nonexistent/try-next-link-token\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'Error', tryNextLink: undefined, says: /ENOENT: no such file or directory, open '\/nonexistent\/try-next-link-token'/ }, credchain: { tryNextLink: false, says: /the web identity token file \/nonexistent\/try-next-link-token \(web_identity_token_file of profile "a"\) does not exist/ } },
  { provider: 'fromIni', case: 'an SSO profile without a token in the cache', files: { config: `[profile a]\n${SSO_PROFILE}` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /The SSO session associated with this profile is invalid/ }, credchain: { tryNextLink: false, says: /the SSO token cache file .* does not exist. Log in first: run `aws sso login --profile a`/ } },
  { provider: 'fromIni', case: 'mfa_serial without an mfaCodeProvider', files: { config: `[profile a]\nrole_arn = ${APP_ROLE}\nsource_profile = base\nmfa_serial = arn:aws:iam::${ACCOUNT}:mfa/user\n[profile base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n` }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /Profile a requires multi-factor authentication, but no MFA code callback was provided/ }, credchain: { tryNextLink: false, says: /no mfaCodeProvider was given/ } },
  { provider: 'fromIni', case: 'a role STS refuses (AccessDenied)', files: { config: roleHop(DENIED_ROLE) }, build: (p) => p.fromIni({ profile: 'hop', logger: quiet }), sdk: { name: 'AccessDenied', tryNextLink: undefined, says: /is not authorized to perform: sts:AssumeRole/ }, credchain: { tryNextLink: false, says: /STS AssumeRole for .*not-in-scenario .* failed: AccessDenied/ } },
  { provider: 'fromIni', case: 'a credential_process that exits non-zero', process: true, files: { config: '[profile a]\ncredential_process = sh -c "exit 3"\n' }, build: (p) => p.fromIni({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Command failed: sh -c "exit 3"/ }, credchain: { tryNextLink: false, says: /the credential_process of profile "a" exited with code 3/ }, difference: BROKEN_STOPS },
  // fromProcess
  { provider: 'fromProcess', case: 'a profile without credential_process', files: { config: '[profile a]\nregion = eu-west-1\n' }, build: (p) => p.fromProcess({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Profile a did not contain credential_process/ }, credchain: { tryNextLink: true, says: /profile "a" has no credential_process/ } },
  { provider: 'fromProcess', case: 'the process exits non-zero', process: true, files: { config: '[profile a]\ncredential_process = sh -c "exit 3"\n' }, build: (p) => p.fromProcess({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Command failed: sh -c "exit 3"/ }, credchain: { tryNextLink: false, says: /exited with code 3/ }, difference: BROKEN_STOPS },
  { provider: 'fromProcess', case: 'the process prints invalid JSON', process: true, files: { config: '[profile a]\ncredential_process = echo not-json\n' }, build: (p) => p.fromProcess({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Profile a credential_process returned invalid JSON/ }, credchain: { tryNextLink: false, says: /did not print valid JSON on stdout/ }, difference: BROKEN_STOPS },
  { provider: 'fromProcess', case: 'the process prints JSON without the keys', process: true, files: { config: `[profile a]\ncredential_process = echo '{"Version":1}'\n` }, build: (p) => p.fromProcess({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Profile a credential_process returned invalid credentials/ }, credchain: { tryNextLink: false, says: /did not return both AccessKeyId and SecretAccessKey/ }, difference: BROKEN_STOPS },
  // fromSSO
  { provider: 'fromSSO', case: 'an SSO profile without a token in the cache', files: { config: `[profile a]\n${SSO_PROFILE}` }, build: (p) => p.fromSSO({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /The SSO session associated with this profile is invalid/ }, credchain: { tryNextLink: false, says: /the SSO token cache file .* does not exist/ } },
  { provider: 'fromSSO', case: 'the sso* options without a token in the cache', build: (p) => p.fromSSO({ ssoStartUrl: START_URL, ssoRegion: 'eu-west-1', ssoAccountId: ACCOUNT, ssoRoleName: 'ReadOnly', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /The SSO session associated with this profile is invalid/ }, credchain: { tryNextLink: false, says: /the SSO token cache file .* does not exist/ } },
  { provider: 'fromSSO', case: 'an expired token in the cache', files: { config: `[profile a]\n${SSO_PROFILE}`, ssoToken: { expiresAt: '2000-01-01T00:00:00Z' } }, build: (p) => p.fromSSO({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /The SSO session associated with this profile has expired/ }, credchain: { tryNextLink: false, says: /expired at 2000-01-01T00:00:00.000Z/ } },
  { provider: 'fromSSO', case: 'some of the sso* options', build: (p) => p.fromSSO({ ssoStartUrl: START_URL, logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /Incomplete configuration/ }, credchain: { tryNextLink: false, says: /incomplete SSO options: ssoAccountId, ssoRegion, ssoRoleName are missing/ } },
  // fromTokenFile, fromWebToken
  { provider: 'fromTokenFile', case: 'AWS_WEB_IDENTITY_TOKEN_FILE names no file', env: () => ({ AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/try-next-link-token', AWS_ROLE_ARN: APP_ROLE }), build: (p) => p.fromTokenFile({ logger: quiet }), sdk: { name: 'Error', tryNextLink: undefined, says: /ENOENT/ }, credchain: { tryNextLink: false, says: /\/nonexistent\/try-next-link-token \(AWS_WEB_IDENTITY_TOKEN_FILE\) does not exist/ } },
  { provider: 'fromTokenFile', case: 'the webIdentityTokenFile option names no file', build: (p) => p.fromTokenFile({ webIdentityTokenFile: '/nonexistent/try-next-link-token', roleArn: APP_ROLE, logger: quiet }), sdk: { name: 'Error', tryNextLink: undefined, says: /ENOENT/ }, credchain: { tryNextLink: false, says: /\(the webIdentityTokenFile option\) does not exist/ } },
  { provider: 'fromTokenFile', case: 'only AWS_WEB_IDENTITY_TOKEN_FILE set', env: () => ({ AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/try-next-link-token' }), build: (p) => p.fromTokenFile({ logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Web identity configuration not specified/ }, credchain: { tryNextLink: true, says: /AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not/ } },
  { provider: 'fromWebToken', case: 'a token STS rejects (InvalidIdentityToken)', build: (p) => p.fromWebToken({ roleArn: APP_ROLE, webIdentityToken: 'eyJhbGciOiJSUzI1NiJ9.rejected.sig', logger: quiet }), sdk: { name: 'InvalidIdentityTokenException', tryNextLink: undefined, says: /could not be validated/ }, credchain: { tryNextLink: false, says: /failed: InvalidIdentityToken/ } },
  { provider: 'fromWebToken', case: 'an empty webIdentityToken', build: (p) => p.fromWebToken({ roleArn: APP_ROLE, webIdentityToken: '', logger: quiet }), sdk: { name: 'ValidationError', tryNextLink: undefined, says: /Value null at 'webIdentityToken'/ }, credchain: { tryNextLink: false, says: /roleArn and webIdentityToken must both be non-empty strings/ } },
  // fromContainerMetadata, fromHttp
  { provider: 'fromContainerMetadata', case: 'neither container variable set', build: (p) => p.fromContainerMetadata({ logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI/ }, credchain: { tryNextLink: false, says: /are not set, and without one this provider stops the chain/ } },
  { provider: 'fromContainerMetadata', case: 'the endpoint answers 403', env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.container, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong-token' }), build: (p) => p.fromContainerMetadata({ logger: quiet, maxRetries: 0 }), sdk: { name: 'ProviderError', tryNextLink: true, says: /Error response received from instance metadata service/ }, credchain: { tryNextLink: false, says: /answered HTTP 403/ }, difference: BROKEN_STOPS },
  { provider: 'fromContainerMetadata', case: 'the endpoint refuses the connection', env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.closed }), build: (p) => p.fromContainerMetadata({ logger: quiet, maxRetries: 0 }), sdk: { name: 'ProviderError', tryNextLink: true, says: /Unable to connect to instance metadata service/ }, credchain: { tryNextLink: false, says: /did not answer: connection refused/ }, difference: BROKEN_STOPS },
  { provider: 'fromContainerMetadata', case: 'a host that is not allowed', env: () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://container.example.com/credentials' }), build: (p) => p.fromContainerMetadata({ logger: quiet, maxRetries: 0 }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /container.example.com is not a valid container metadata service hostname/ }, credchain: { tryNextLink: false, says: /points at http:\/\/container.example.com\/credentials, which is not allowed \(no connection was made\)/ } },
  { provider: 'fromHttp', case: 'no endpoint configured', build: (p) => p.fromHttp({ logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /No HTTP credential provider host provided/ }, credchain: { tryNextLink: true, says: /are not set/ } },
  { provider: 'fromHttp', case: 'the endpoint answers 403', env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.container, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong-token' }), build: (p) => p.fromHttp({ logger: quiet, maxRetries: 0 }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Server responded with status: 403/ }, credchain: { tryNextLink: false, says: /answered HTTP 403/ }, difference: BROKEN_STOPS },
  { provider: 'fromHttp', case: 'the endpoint refuses the connection', env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.closed }), build: (p) => p.fromHttp({ logger: quiet, maxRetries: 0 }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /ECONNREFUSED/ }, credchain: { tryNextLink: false, says: /did not answer: connection refused/ }, difference: BROKEN_STOPS },
  { provider: 'fromHttp', case: 'a host that is not allowed', env: () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://container.example.com/credentials' }), build: (p) => p.fromHttp({ logger: quiet, maxRetries: 0 }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /URL not accepted/ }, credchain: { tryNextLink: false, says: /which is not allowed \(no connection was made\)/ }, difference: BROKEN_STOPS },
  { provider: 'fromHttp', case: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names no file', env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.container, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/nonexistent/try-next-link-container-token' }), build: (p) => p.fromHttp({ logger: quiet, maxRetries: 0 }), sdk: { name: 'Error', tryNextLink: undefined, says: /ENOENT/ }, credchain: { tryNextLink: false, says: /the token file \/nonexistent\/try-next-link-container-token \(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE\) does not exist/ } },
  // fromInstanceMetadata
  { provider: 'fromInstanceMetadata', case: 'IMDS refuses the connection', env: (u) => ({ AWS_EC2_METADATA_SERVICE_ENDPOINT: new URL(u.closed).origin }), build: (p) => p.fromInstanceMetadata({ logger: quiet, maxRetries: 0 }), sdk: { name: 'ProviderError', tryNextLink: true, says: /Unable to connect to instance metadata service/ }, credchain: { tryNextLink: true, says: /IMDS did not answer .*connection refused/ } },
  // fromTemporaryCredentials
  { provider: 'fromTemporaryCredentials', case: 'master credentials that are not configured', build: (p) => p.fromTemporaryCredentials({ params: { RoleArn: APP_ROLE }, masterCredentials: p.fromEnv(), logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Unable to find environment variable credentials/ }, credchain: { tryNextLink: true, says: /^fromEnv: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/ } },
  { provider: 'fromTemporaryCredentials', case: 'a role STS refuses (AccessDenied)', build: (p) => tempCredentials(p, DENIED_ROLE), sdk: { name: 'AccessDenied', tryNextLink: undefined, says: /is not authorized to perform: sts:AssumeRole/ }, credchain: { tryNextLink: false, says: /failed: AccessDenied/ } },
  // fromLoginCredentials
  { provider: 'fromLoginCredentials', case: 'a profile without login_session', files: { config: '[profile a]\nregion = eu-west-1\n' }, build: (p) => p.fromLoginCredentials({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: true, says: /Profile a does not contain login_session/ }, credchain: { tryNextLink: true, says: /profile "a" has no login_session/ } },
  { provider: 'fromLoginCredentials', case: 'login_session without its cache file', files: { config: `[profile a]\nlogin_session = arn:aws:iam::${ACCOUNT}:user/developer\nregion = eu-west-1\n` }, build: (p) => p.fromLoginCredentials({ profile: 'a', logger: quiet }), sdk: { name: 'CredentialsProviderError', tryNextLink: false, says: /Failed to load token from .*ENOENT/ }, credchain: { tryNextLink: false, says: /the cache file .* does not exist. Sign in first: run `aws login --profile a`/ } },
];

let emulator: Emulator;
let container: Server;
let root: string;
let urls: Urls;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: { accountId: ACCOUNT, region: 'eu-west-1', users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } }, webIdentity: { tokens: [WEB_TOKEN] } },
  });
  container = createServer((req, res) => {
    const allowed = req.headers.authorization === CONTAINER_TOKEN;
    res.writeHead(allowed ? 200 : 403, { 'content-type': 'application/json' });
    res.end(JSON.stringify(allowed ? { AccessKeyId: 'ASIATRYNEXTLINKCONT1', SecretAccessKey: 'containerSecret', Token: 'containerToken', Expiration: '3000-01-01T00:00:00Z' } : { Code: 'AccessDenied', Message: 'wrong token' }));
  });
  await new Promise<void>((resolve) => container.listen(0, '127.0.0.1', resolve));
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  urls = { container: `http://127.0.0.1:${(container.address() as { port: number }).port}/credentials`, closed: `http://127.0.0.1:${closedPort}/credentials`, sts: emulator.url };
  root = mkdtempSync(join(tmpdir(), 'credchain-try-next-link-'));
});

afterAll(async () => {
  await emulator?.close();
  await new Promise<void>((resolve) => (container ? container.close(() => resolve()) : resolve()));
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A fresh HOME (the SDK caches files by path) with the row's files; STS at the emulator; IMDS off. */
function machine(row: Pick<Row, 'files' | 'env'>): Record<string, string> {
  const home = join(root, `home-${++n}`);
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), row.files?.config ?? '');
  writeFileSync(join(home, '.aws', 'credentials'), row.files?.credentials ?? '');
  if (row.files?.ssoToken) {
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    const file = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(START_URL).digest('hex')}.json`);
    writeFileSync(file, JSON.stringify({ accessToken: 'try-next-link-sso-token', expiresAt: row.files.ssoToken.expiresAt }));
  }
  return { HOME: home, AWS_ENDPOINT_URL_STS: urls.sts, AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true', ...row.env?.(urls) };
}

async function failure(providers: Providers, env: Record<string, string>, build: Row['build']): Promise<Seen> {
  return withProcessEnv(env, async () => {
    try {
      const credentials = (await build(providers, urls)()) as { accessKeyId?: string };
      return { name: 'no error', tryNextLink: undefined, message: `credentials ${credentials?.accessKeyId}` };
    } catch (error) {
      const { name, tryNextLink, message } = error as Error & { tryNextLink?: unknown };
      return { name, tryNextLink, message };
    }
  });
}

/** As the SDK's chains read the flag (`if (error?.tryNextLink) continue`), and credchain's. */
const movesOn = (seen: Seen) => Boolean(seen.tryNextLink);

async function compare(row: Row) {
  const env = machine(row);
  const theirs = await failure(sdk as unknown as Providers, env, row.build);
  const ours = await failure(credchain, env, row.build);
  expect({ name: theirs.name, tryNextLink: theirs.tryNextLink }, `SDK: ${theirs.message}`).toEqual({ name: row.sdk.name, tryNextLink: row.sdk.tryNextLink });
  expect(theirs.message).toMatch(row.sdk.says);
  expect({ name: ours.name, tryNextLink: ours.tryNextLink }, `credchain: ${ours.message}`).toEqual({ name: 'CredentialsProviderError', tryNextLink: row.credchain.tryNextLink });
  expect(ours.message).toMatch(row.credchain.says);
  if (movesOn(theirs) === movesOn(ours)) {
    expect(row.difference, 'a difference named where the two agree').toBeUndefined();
  } else {
    expect(row.difference, 'the two move a chain differently: name the row of docs/sdk-drop-in.md that says why').toBeDefined();
    expect(DIFFERENCES).toContain(`| ${row.difference}`);
  }
  if (theirs.name !== ours.name) expect(DIFFERENCES).toContain(`| ${ONE_ERROR_TYPE}`);
  // One provider prefix, added by the chain (a nested provider's error keeps its own: fromTemporaryCredentials' master).
  const prefix = ours.message.slice(0, ours.message.indexOf(': '));
  expect(NAMED).toContain(prefix);
  expect(ours.message.slice(prefix.length + 2), 'the provider name again after its prefix').not.toContain(prefix);
}

describe('how each named provider fails: the SDK and credchain side by side', () => {
  it.each(ROWS.filter((row) => !row.process))('$provider: $case', compare);
  it.each(ROWS.filter((row) => row.process))('$provider: $case', { tags: ['process'] }, compare);

  it('has rows for every named provider, and the two stop or move on alike but where a row of the doc says why', () => {
    expect(new Set(ROWS.map((row) => row.provider))).toEqual(new Set(NAMED));
    const exported = Object.keys(credchain).filter((name) => /^from/.test(name) && !/Cognito|NodeProviderChain/.test(name));
    expect(exported.sort()).toEqual([...NAMED].sort());
    expect(DIFFERENCES).toContain(`| ${BROKEN_STOPS}`);
  });
});

describe('fromContainerMetadata and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (EKS Pod Identity)', () => {
  it('credchain sends the token of the file, the SDK only AWS_CONTAINER_AUTHORIZATION_TOKEN: it is refused and moves on (documented difference)', async () => {
    const tokenFile = join(root, 'container-token');
    writeFileSync(tokenFile, CONTAINER_TOKEN);
    const env = machine({ env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.container, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile }) });
    const build: Row['build'] = (p) => p.fromContainerMetadata({ logger: quiet, maxRetries: 0 });
    expect(await failure(sdk as unknown as Providers, env, build)).toMatchObject({ name: 'ProviderError', tryNextLink: true });
    expect(await failure(credchain, env, build)).toEqual({ name: 'no error', tryNextLink: undefined, message: 'credentials ASIATRYNEXTLINKCONT1' });
    // With the token in the variable, both answer.
    const variable = machine({ env: (u) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: u.container, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN }) });
    for (const providers of [sdk as unknown as Providers, credchain]) expect((await failure(providers, variable, build)).message).toBe('credentials ASIATRYNEXTLINKCONT1');
    expect(DIFFERENCES).toContain('| `fromContainerMetadata` reads `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`');
  });
});
