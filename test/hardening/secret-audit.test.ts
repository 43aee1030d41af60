// The secret audit (docs/behaviour.md, "Secrets"): sentinel secrets — keys, session tokens, SSO access/refresh tokens and
// client secret, the web identity token, the container authorization token, IMDS session tokens and
// credential_process command-line arguments, the `aws login` refresh token, id token, DPoP key and DPoP proofs — driven through every error path we can reach, in
// process and through the CLI (explain, whoami, run in process; `export` prints credentials on purpose and is
// left out). None may appear in an error (message, fix, cause chain as util.inspect prints it), the
// explain() trace, a log line, or CLI output. Retry backoff is skipped (instantSleep): not the subject.

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator/index.js';
import { expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';
import { instantSleep } from '../support/virtual-clock.js';

// Sentinels: recognisable, long enough for every redaction rule, and shaped like the real thing.
const SECRET_KEY = 'auditSecretKeySENTINEL/0123456789abcdefgh';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjAuditSessionTokenSENTINEL0123456789';
const WEB_IDENTITY_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.auditWebIdentitySENTINEL.c2lnbmF0dXJl';
const WRONG_WEB_IDENTITY_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.auditWrongWebIdentitySENTINEL.c2ln';
const CONTAINER_TOKEN = 'auditContainerAuthTokenSENTINEL-0123456789';
const WRONG_CONTAINER_TOKEN = 'auditWrongContainerTokenSENTINEL-987654';
const SSO_ACCESS_TOKEN = 'auditSsoAccessTokenSENTINEL-0123456789abcdef';
const UNKNOWN_SSO_ACCESS_TOKEN = 'auditUnknownSsoAccessTokenSENTINEL-012345';
const SSO_REFRESH_TOKEN = 'auditSsoRefreshTokenSENTINEL-0123456789abcd';
const WRONG_REFRESH_TOKEN = 'auditWrongRefreshTokenSENTINEL-0123456789';
const SSO_CLIENT_SECRET = 'auditSsoClientSecretSENTINEL-0123456789abc';
const PROCESS_ARGUMENT = 'auditProcessArgumentSENTINEL-0123456789';
const PROCESS_SECRET = 'auditProcessSecretKeySENTINEL/0123456789ab';
const LOGIN_REFRESH_TOKEN = 'auditLoginRefreshTokenSENTINEL-0123456789';
const LOGIN_ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.auditLoginIdTokenSENTINEL.c2ln';
const LOGIN_BAD_DPOP_KEY = '-----BEGIN EC PRIVATE KEY-----\nauditLoginDpopKeySENTINEL0123456789abcdef\n-----END EC PRIVATE KEY-----\n';
const MFA_CODE = '735921';

const SENTINELS = [
  SECRET_KEY, SESSION_TOKEN, WEB_IDENTITY_TOKEN, WRONG_WEB_IDENTITY_TOKEN, CONTAINER_TOKEN, WRONG_CONTAINER_TOKEN, SSO_ACCESS_TOKEN,
  UNKNOWN_SSO_ACCESS_TOKEN, SSO_REFRESH_TOKEN, WRONG_REFRESH_TOKEN, SSO_CLIENT_SECRET, PROCESS_ARGUMENT, PROCESS_SECRET,
  LOGIN_REFRESH_TOKEN, LOGIN_ID_TOKEN, 'auditLoginDpopKeySENTINEL0123456789abcdef',
];
const KEY_ID = 'AKIAAUDITEXAMPLE2345';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    scenario: {
      users: { auditor: { accessKeyId: KEY_ID, secretAccessKey: SECRET_KEY } },
      roles: { admin: 'arn:aws:iam::123456789012:role/admin', 'mfa-role': { arn: 'arn:aws:iam::123456789012:role/mfa-role', mfaSerial: 'arn:aws:iam::123456789012:mfa/auditor' }, 'web-identity-role': 'arn:aws:iam::123456789012:role/web-identity-role', 'task-role': 'arn:aws:iam::123456789012:role/task-role', 'instance-role': 'arn:aws:iam::123456789012:role/instance-role' },
      webIdentity: { tokens: [WEB_IDENTITY_TOKEN] },
      container: { authorizationToken: CONTAINER_TOKEN },
      sso: { accessTokens: [SSO_ACCESS_TOKEN], refreshTokens: [SSO_REFRESH_TOKEN], clientSecret: SSO_CLIENT_SECRET, clientId: 'audit-client' },
    },
  });
});
afterAll(async () => emulator?.close());

/** Every secret value: the sentinels and whatever the emulator made up (issued session secrets, IMDS tokens). */
const allSecrets = () => [...SENTINELS, ...emulator.secrets()];

interface Case {
  name: string;
  /** Files relative to HOME. */
  files?: (home: string) => Record<string, string>;
  env: (home: string) => Record<string, string>;
  faults?: Array<[string, Fault]>;
  /** What the failure must be about (a substring of the error), so the case cannot pass by failing elsewhere. */
  about: RegExp;
  /** Chain options for the in-process run (the CLI has no such flags). */
  mfa?: boolean;
  /** It runs a credential_process (a child process): a `process` test. */
  process?: true;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const ssoConfig = (session: string) =>
  `[profile sso]\nsso_session = ${session}\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n[sso-session ${session}]\nsso_start_url = https://audit.awsapps.com/start\nsso_region = us-east-1\n`;
const ssoCache = (fields: Record<string, unknown>) =>
  JSON.stringify({ startUrl: 'https://audit.awsapps.com/start', region: 'us-east-1', clientId: 'audit-client', clientSecret: SSO_CLIENT_SECRET, ...fields });
const LOGIN_SESSION = 'arn:aws:iam::123456789012:user/auditor';
const loginFiles = (edit: (file: Record<string, any>) => void = () => {}) => {
  // A real DPoP key (the emulator lists its lines among the secrets), sentinel tokens, keys expired an hour ago.
  const file: Record<string, any> = emulator.loginCache({ expiresAt: Date.now() - 3600_000 });
  Object.assign(file, { refreshToken: LOGIN_REFRESH_TOKEN, idToken: LOGIN_ID_TOKEN });
  Object.assign(file.accessToken, { secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN });
  edit(file);
  return {
    '.aws/config': `[profile login]\nlogin_session = ${LOGIN_SESSION}\n`,
    [`.aws/login/cache/${createHash('sha256').update(LOGIN_SESSION).digest('hex')}.json`]: JSON.stringify(file, null, 2),
  };
};
const node = JSON.stringify(process.execPath);
/** A credential_process: a node one-liner (file in HOME) run with the sentinel argument on its command line. */
const processProfile = (home: string) => `[profile tool]\ncredential_process = ${node} ${home}/tool.mjs --token ${PROCESS_ARGUMENT}\n`;
/** A credential_process whose command line carries PROCESS_ARGUMENT as written in `line` (`{tool}` is the script). */
const processLine = (home: string, line: string) => `[profile tool]\ncredential_process = ${line.replace('{tool}', `${node} ${home}/tool.mjs`)}\n`;
/** A tool that says on stderr what it was given, the value alone (as a vault helper does), and fails. */
const ECHO_VALUE_TOOL = "const value = process.env.VAULT_TOKEN ?? process.argv.slice(2).join(' ').replace(/^.*?(--token=|--token |--password |:)/, '').replace(/@.*$/, ''); process.stderr.write('vault token ' + value + ' is expired\\n'); process.exit(1);";

const cases: Case[] = [
  {
    name: 'env: credentials past AWS_CREDENTIAL_EXPIRATION',
    env: () => ({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION: '2001-01-01T00:00:00Z' }),
    about: /expired/,
  },
  {
    name: 'env: AWS_CREDENTIAL_EXPIRATION not a date',
    env: () => ({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION: SESSION_TOKEN }),
    about: /not a valid date/,
  },
  {
    name: 'profile: a secret key without its key id',
    files: () => ({ '.aws/credentials': `[half]\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n` }),
    env: () => ({ AWS_PROFILE: 'half' }),
    about: /no aws_access_key_id/,
  },
  {
    name: 'AssumeRole: the source keys do not match (SignatureDoesNotMatch)',
    files: () => ({ '.aws/config': `[profile base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}x\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n` }),
    env: () => ({ AWS_PROFILE: 'app' }),
    about: /SignatureDoesNotMatch/,
  },
  {
    name: 'AssumeRole: a role the source may not assume (AccessDenied)',
    files: () => ({ '.aws/config': `[profile base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/not-there\nsource_profile = base\nexternal_id = ${SESSION_TOKEN}\n` }),
    env: () => ({ AWS_PROFILE: 'app' }),
    about: /AccessDenied/,
  },
  {
    name: 'AssumeRole: a wrong MFA code',
    files: () => ({ '.aws/config': `[profile base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\n[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/mfa-role\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/auditor\n` }),
    env: () => ({ AWS_PROFILE: 'mfa' }),
    mfa: true,
    about: /MultiFactorAuthentication failed|AccessDenied|mfaCodeProvider/,
  },
  {
    name: 'AssumeRole: STS answers 200 with a truncated document holding a secret',
    files: () => ({ '.aws/config': `[profile base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n` }),
    env: () => ({ AWS_PROFILE: 'app' }),
    faults: [['sts:AssumeRole', { status: 200, body: `<AssumeRoleResponse><AssumeRoleResult><Credentials><SecretAccessKey>${SECRET_KEY}</SecretAccessKey><SessionToken>${SESSION_TOKEN}` }]],
    about: /MalformedReply|well-formed|not closed/,
  },
  {
    name: 'AssumeRole: STS quotes the canonical request, session token included (as real SignatureDoesNotMatch replies do)',
    files: () => ({ '.aws/config': `[profile base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n` }),
    env: () => ({ AWS_PROFILE: 'app' }),
    faults: [['sts:AssumeRole', { status: 403, body: `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The Canonical String for this request should have been 'POST\n/\n\nx-amz-security-token:${SESSION_TOKEN}\n'</Message></Error></ErrorResponse>` }]],
    about: /SignatureDoesNotMatch/,
  },
  {
    name: 'web identity: the token is refused (InvalidIdentityToken)',
    files: () => ({ token: WRONG_WEB_IDENTITY_TOKEN }),
    env: (home) => ({ AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/token`, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/web-identity-role' }),
    about: /InvalidIdentityToken/,
  },
  {
    name: 'web identity: a good token for a role that does not trust it (AccessDenied)',
    files: () => ({ token: WEB_IDENTITY_TOKEN }),
    env: (home) => ({ AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/token`, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/elsewhere' }),
    about: /AccessDenied/,
  },
  {
    name: 'web identity: STS echoes the token in its error message',
    files: () => ({ token: WEB_IDENTITY_TOKEN }),
    env: (home) => ({ AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/token`, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/web-identity-role' }),
    faults: [['sts:AssumeRoleWithWebIdentity', { status: 400, body: `<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>Token ${WEB_IDENTITY_TOKEN} is not valid</Message></Error></ErrorResponse>` }]],
    about: /InvalidIdentityToken/,
  },
  {
    name: 'SSO (legacy): the cached token expired',
    files: () => ({
      '.aws/config': '[profile old]\nsso_start_url = https://audit.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n',
      [`.aws/sso/cache/${sha1('https://audit.awsapps.com/start')}.json`]: ssoCache({ accessToken: SSO_ACCESS_TOKEN, expiresAt: '2001-01-01T00:00:00Z' }),
    }),
    env: () => ({ AWS_PROFILE: 'old' }),
    about: /expired/,
  },
  {
    name: 'SSO: the portal refuses the access token (401)',
    files: () => ({ '.aws/config': ssoConfig('unknown'), [`.aws/sso/cache/${sha1('unknown')}.json`]: ssoCache({ accessToken: UNKNOWN_SSO_ACCESS_TOKEN, expiresAt: '2099-01-01T00:00:00Z' }) }),
    env: () => ({ AWS_PROFILE: 'sso' }),
    about: /Unauthorized|refused/,
  },
  {
    name: 'SSO: the portal quotes the bearer token in a 403',
    files: () => ({ '.aws/config': ssoConfig('quote'), [`.aws/sso/cache/${sha1('quote')}.json`]: ssoCache({ accessToken: SSO_ACCESS_TOKEN, expiresAt: '2099-01-01T00:00:00Z' }) }),
    env: () => ({ AWS_PROFILE: 'sso' }),
    faults: [['sso:GetRoleCredentials', { status: 403, body: JSON.stringify({ message: `token ${SSO_ACCESS_TOKEN} has no access` }) }]],
    about: /403/,
  },
  {
    name: 'SSO: an expired token and a refresh token SSO-OIDC refuses (invalid_grant)',
    files: () => ({
      '.aws/config': ssoConfig('stale'),
      [`.aws/sso/cache/${sha1('stale')}.json`]: ssoCache({ accessToken: SSO_ACCESS_TOKEN, refreshToken: WRONG_REFRESH_TOKEN, expiresAt: '2001-01-01T00:00:00Z' }),
    }),
    env: () => ({ AWS_PROFILE: 'sso' }),
    about: /invalid_grant|InvalidGrant/,
  },
  {
    name: 'SSO: an expired token, SSO-OIDC echoes the secrets in its error',
    files: () => ({
      '.aws/config': ssoConfig('echo'),
      [`.aws/sso/cache/${sha1('echo')}.json`]: ssoCache({ accessToken: SSO_ACCESS_TOKEN, refreshToken: SSO_REFRESH_TOKEN, expiresAt: '2001-01-01T00:00:00Z' }),
    }),
    env: () => ({ AWS_PROFILE: 'sso' }),
    faults: [['sso-oidc:CreateToken', { status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: `refresh token ${SSO_REFRESH_TOKEN} for client secret ${SSO_CLIENT_SECRET} is revoked` }) }]],
    about: /invalid_grant/,
  },
  {
    name: 'SSO: the token cache file is cut short mid-token',
    files: () => ({ '.aws/config': ssoConfig('cut'), [`.aws/sso/cache/${sha1('cut')}.json`]: `{"accessToken":"${SSO_ACCESS_TOKEN}","refreshToken":"${SSO_REFRESH_TOKEN}` }),
    env: () => ({ AWS_PROFILE: 'sso' }),
    about: /not valid JSON/,
  },
  {
    name: 'SSO: the portal answers 200 with a truncated document holding credentials',
    files: () => ({ '.aws/config': ssoConfig('portal'), [`.aws/sso/cache/${sha1('portal')}.json`]: ssoCache({ accessToken: SSO_ACCESS_TOKEN, expiresAt: '2099-01-01T00:00:00Z' }) }),
    env: () => ({ AWS_PROFILE: 'sso' }),
    faults: [['sso:GetRoleCredentials', { status: 200, body: `{"roleCredentials":{"accessKeyId":"ASIAAUDIT","secretAccessKey":"${SECRET_KEY}","sessionToken":"${SESSION_TOKEN}` }]],
    about: /without usable credentials/,
  },
  {
    name: 'aws login: a refresh token the sign-in service does not know (a real DPoP proof is sent)',
    files: () => loginFiles(),
    env: () => ({ AWS_PROFILE: 'login' }),
    about: /session has expired \(the sign-in service answered TOKEN_EXPIRED\)/,
  },
  {
    name: 'aws login: the sign-in service echoes the refresh token and id token in a 400',
    files: () => loginFiles(),
    env: () => ({ AWS_PROFILE: 'login' }),
    faults: [['signin:CreateOAuth2Token', { status: 400, body: JSON.stringify({ message: `refresh token ${LOGIN_REFRESH_TOKEN} for ${LOGIN_ID_TOKEN} is not valid` }) }]],
    about: /refreshing them failed/,
  },
  {
    name: 'aws login: AccessDeniedException whose message quotes the refresh token',
    files: () => loginFiles(),
    env: () => ({ AWS_PROFILE: 'login' }),
    faults: [['signin:CreateOAuth2Token', { status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', error: 'USER_CREDENTIALS_CHANGED', message: `token ${LOGIN_REFRESH_TOKEN}` }) }]],
    about: /password changed/,
  },
  {
    name: 'aws login: 200 with a truncated document holding new keys',
    files: () => loginFiles(),
    env: () => ({ AWS_PROFILE: 'login' }),
    faults: [['signin:CreateOAuth2Token', { status: 200, body: `{"accessToken":{"accessKeyId":"ASIAAUDIT","secretAccessKey":"${SECRET_KEY}","sessionToken":"${SESSION_TOKEN}` }]],
    about: /without usable accessToken keys/,
  },
  {
    name: 'aws login: a dpopKey that is not a key',
    files: () => loginFiles((file) => (file.dpopKey = LOGIN_BAD_DPOP_KEY)),
    env: () => ({ AWS_PROFILE: 'login' }),
    about: /dpopKey .* is not a PEM private key/,
  },
  {
    name: 'aws login: the cache file cut short mid-refresh-token',
    files: () => {
      const files = loginFiles();
      const [name, text] = Object.entries(files)[1]!;
      return { ...files, [name]: text.slice(0, text.indexOf(LOGIN_REFRESH_TOKEN) + 12) };
    },
    env: () => ({ AWS_PROFILE: 'login' }),
    about: /is not valid JSON/,
  },
  {
    name: 'container: a wrong authorization token (403)',
    env: () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${emulator.url}${emulator.scenario.container.path}`, AWS_CONTAINER_AUTHORIZATION_TOKEN: WRONG_CONTAINER_TOKEN }),
    about: /403/,
  },
  {
    name: 'container: a token with a line break',
    env: () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${emulator.url}${emulator.scenario.container.path}`, AWS_CONTAINER_AUTHORIZATION_TOKEN: `${CONTAINER_TOKEN}\r\nX-Injected: 1` }),
    about: /line break/,
  },
  {
    name: 'container: the endpoint echoes the token in a 500',
    files: () => ({ 'pod-token': CONTAINER_TOKEN }),
    env: (home) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${emulator.url}${emulator.scenario.container.path}`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: `${home}/pod-token` }),
    faults: [['container', { status: 500, body: JSON.stringify({ Code: 'InternalError', Message: `bad token ${CONTAINER_TOKEN}` }) }]],
    about: /HTTP 500/,
  },
  {
    name: 'container: 200 with a truncated document holding credentials',
    env: () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${emulator.url}${emulator.scenario.container.path}`, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN }),
    faults: [['container', { status: 200, body: `{"AccessKeyId":"ASIAAUDIT","SecretAccessKey":"${SECRET_KEY}","Token":"${SESSION_TOKEN}` }]],
    about: /not JSON/,
  },
  {
    name: 'IMDS: an IMDSv2 session, then a 500 for the credentials',
    env: () => ({ AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url }),
    faults: [['imds:credentials', { status: 500 }]],
    about: /HTTP 500/,
  },
  {
    name: 'IMDS: 200 with a truncated document holding credentials',
    env: () => ({ AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url }),
    faults: [['imds:credentials', { status: 200, body: `{"Code":"Success","AccessKeyId":"ASIAAUDIT","SecretAccessKey":"${SECRET_KEY}","Token":"${SESSION_TOKEN}` }]],
    about: /not JSON/,
  },
  {
    name: 'credential_process: exits 1 and prints its own command line on stderr',
    process: true,
    files: (home) => ({ '.aws/config': processProfile(home), 'tool.mjs': "process.stderr.write('tool failed; called as: ' + process.argv.slice(2).join(' ') + '\\n'); process.exit(1);" }),
    env: () => ({ AWS_PROFILE: 'tool' }),
    about: /exited with code 1/,
  },
  {
    name: 'credential_process: prints credentials, then fails and repeats them on stderr',
    process: true,
    files: (home) => ({
      '.aws/config': processProfile(home),
      'tool.mjs': `const c = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROCESS', SecretAccessKey: '${PROCESS_SECRET}', SessionToken: '${SESSION_TOKEN}' }); process.stdout.write(c); process.stderr.write('could not finish: ' + c); process.exit(2);`,
    }),
    env: () => ({ AWS_PROFILE: 'tool' }),
    about: /exited with code 2/,
  },
  {
    name: 'credential_process: prints JSON that is cut short',
    process: true,
    files: (home) => ({ '.aws/config': processProfile(home), 'tool.mjs': `process.stdout.write('{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "${PROCESS_SECRET}"');` }),
    env: () => ({ AWS_PROFILE: 'tool' }),
    about: /valid JSON/,
  },
  {
    name: 'credential_process: prints JSON cut short, then fails echoing it on stderr (a set -x trace)',
    process: true,
    files: (home) => ({
      '.aws/config': processProfile(home),
      'tool.mjs': `const c = '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "${PROCESS_SECRET}"'; process.stdout.write(c); process.stderr.write('+ echo ' + c + '\\n'); process.exit(1);`,
    }),
    env: () => ({ AWS_PROFILE: 'tool' }),
    about: /exited with code 1/,
  },
  ...[
    ['a flag with =', `{tool} --token=${PROCESS_ARGUMENT}`],
    ['the argument after a flag, quoted', `{tool} --password '${PROCESS_ARGUMENT}'`],
    ['a variable assignment before the command', `VAULT_TOKEN=${PROCESS_ARGUMENT} {tool}`],
    ['a password inside a URL', `{tool} --url https://reader:${PROCESS_ARGUMENT}@vault.example:8200`],
  ].map(
    ([shape, line]): Case => ({
      name: `credential_process: a token on the command line (${shape}), its value alone echoed on stderr`,
      process: true,
      files: (home) => ({ '.aws/config': processLine(home, line!), 'tool.mjs': ECHO_VALUE_TOOL }),
      env: () => ({ AWS_PROFILE: 'tool' }),
      about: /exited with code 1; stderr: vault token (\/\/)?\[redacted\] is expired/,
    }),
  ),
  {
    name: 'credential_process: Version 2 with credentials',
    process: true,
    files: (home) => ({ '.aws/config': processProfile(home), 'tool.mjs': `process.stdout.write(JSON.stringify({ Version: 2, AccessKeyId: 'AKIAPROCESS', SecretAccessKey: '${PROCESS_SECRET}', SessionToken: '${SESSION_TOKEN}' }));` }),
    env: () => ({ AWS_PROFILE: 'tool' }),
    about: /Version 2/,
  },
];

/** Every printed form of an error a developer might log: message, String(), and util.inspect with the cause chain. */
function printedForms(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  return [error.message, String(error), inspect(error, { depth: 8 }), JSON.stringify(error)];
}

async function prepare(testCase: Case) {
  const sandbox = await sandboxHome({});
  const files = testCase.files?.(sandbox.home) ?? {};
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(sandbox.home, path)), { recursive: true });
    await writeFile(join(sandbox.home, path), contents, { mode: 0o600 });
  }
  const env = {
    HOME: sandbox.home,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    AWS_ENDPOINT_URL_SIGNIN: emulator.url,
    ...testCase.env(sandbox.home),
  };
  const applyFaults = () => {
    emulator.reset();
    for (const [route, fault] of testCase.faults ?? []) emulator.fault(route, fault);
  };
  return { sandbox, env, applyFaults };
}

describe('secret audit, in process: errors, explain() traces and logs', () => {
  let clientLines = 0;
  for (const testCase of cases) {
    it(testCase.name, { tags: testCase.process ? ['process'] : [] }, async () => {
      const { sandbox, env, applyFaults } = await prepare(testCase);
      try {
        applyFaults();
        const logs: string[] = [];
        const logger = { debug: (m: string) => logs.push(m), info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
        // clientConfig.logger hears credchain's lines about STS, SSO and sign-in calls (debug, info): audited too.
        const clientLogger = { debug: (m: string) => (clientLines++, logs.push(`client ${m}`)), info: (m: string) => (clientLines++, logs.push(`client ${m}`)) };
        const provider = credentialChain({
          context: { env, logger, sleep: instantSleep().sleep },
          clientConfig: { logger: clientLogger },
          ignoreCache: true,
          timeout: 500,
          maxRetries: 1,
          ...(testCase.mfa ? { mfaCodeProvider: async () => MFA_CODE.split('').reverse().join('') } : {}),
        });
        const error = await provider().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'the case must fail').toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(testCase.about);
        const explanation = await provider.explain();
        const printed = [...printedForms(error), JSON.stringify(explanation), inspect(explanation, { depth: 8 }), ...logs];
        expectNoSecrets(printed, allSecrets());
      } finally {
        await sandbox.cleanup();
      }
    });
  }

  it('clientConfig.logger was heard (the cases that reach STS, SSO or sign-in gave it lines)', () => {
    expect(clientLines).toBeGreaterThan(0);
  });
});

describe('secret audit, the CLI: explain, explain --json, whoami --json, with --debug, and export', () => {
  for (const testCase of cases.filter((c) => !c.mfa)) {
    it(testCase.name, { tags: testCase.process ? ['process'] : [] }, async () => {
      const { sandbox, env, applyFaults } = await prepare(testCase);
      try {
        const outputs: string[] = [];
        for (const args of [['explain'], ['explain', '--json'], ['whoami', '--json', '--debug'], ['export']]) {
          applyFaults();
          const { code, stdout, stderr } = await runCli(args, env, { machine: { sleep: instantSleep().sleep } });
          expect(code, `${args.join(' ')}: ${stderr}`).not.toBe(0);
          expect(stdout + stderr).toMatch(testCase.about);
          outputs.push(stdout, stderr);
        }
        expectNoSecrets(outputs, allSecrets());
      } finally {
        await sandbox.cleanup();
      }
    });
  }

  it('whoami: STS GetCallerIdentity quotes the canonical request with the session token', async () => {
    const sandbox = await sandboxHome({});
    try {
      const env = { HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN };
      const outputs: string[] = [];
      for (const args of [['whoami'], ['whoami', '--json', '--debug']]) {
        emulator.reset();
        emulator.fault('sts:GetCallerIdentity', {
          status: 403,
          body: `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>should have been 'x-amz-security-token:${SESSION_TOKEN}' signed with ${SECRET_KEY}</Message></Error></ErrorResponse>`,
        });
        const run = await runCli(args, env);
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain('SignatureDoesNotMatch');
        outputs.push(run.stdout, run.stderr);
      }
      expectNoSecrets(outputs, allSecrets());
    } finally {
      emulator.reset();
      await sandbox.cleanup();
    }
  });

  it('success: explain and whoami --json show the masked key id, never the secret', async () => {
    const sandbox = await sandboxHome({ '.aws/credentials': `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\n` });
    try {
      const env = { HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url };
      const runs = await Promise.all([runCli(['explain'], env), runCli(['explain', '--json'], env), runCli(['whoami', '--json'], env)]);
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      expect(runs[2]!.stdout).toContain('AKIA…2345');
      expectNoSecrets(runs.flatMap((run) => [run.stdout, run.stderr]), allSecrets());
    } finally {
      await sandbox.cleanup();
    }
  });

  it('MFA on the command line (--mfa-code, issue 27): a wrong code and a right one; the code is never printed back', async () => {
    const sandbox = await sandboxHome({
      '.aws/config': `[profile base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\n[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/mfa-role\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/auditor\n`,
    });
    const scenarioCode = emulator.scenario.mfaCode;
    try {
      const env = { HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url, AWS_PROFILE: 'mfa' };
      const wrong = MFA_CODE.split('').reverse().join('');
      // Digits that appear nowhere else in the output (the default 123456 is in every account id).
      const right = '864209';
      emulator.scenario.mfaCode = right;
      const outputs: string[] = [];
      for (const args of [['explain', '--mfa-code', wrong], ['explain', '--json', '--mfa-code', wrong], ['whoami', '--json', '--debug', '--mfa-code', wrong]]) {
        emulator.reset();
        const run = await runCli(args, env);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(3);
        expect(run.stdout + run.stderr).toMatch(/MultiFactorAuthentication failed/);
        outputs.push(run.stdout, run.stderr);
      }
      const ok = await runCli(['whoami', '--mfa-code', right], env);
      expect(ok.code, ok.stderr).toBe(0);
      outputs.push(ok.stdout, ok.stderr);
      for (const code of [wrong, right]) expect(outputs.join('\n')).not.toContain(code);
      expectNoSecrets(outputs, allSecrets());
    } finally {
      emulator.scenario.mfaCode = scenarioCode;
      emulator.reset();
      await sandbox.cleanup();
    }
  });
});

describe('secret audit, the built CLI: atlas-check never shows a password from the connection string', () => {
  // Issue 23, finding 4: the secret holds characters a URI must escape; the driver refuses each of these.
  const secret = 'auditUriPasswordSENTINEL/0123456789abcdef';
  const uris = [
    `mongodb://AKIAAUDITEXAMPLE2345:${secret}@cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS`,
    `mongodb+srv://AKIAAUDITEXAMPLE2345:${secret}@cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS`,
    `mongodb://AKIAAUDITEXAMPLE2345:${secret.replace('/', '@')}@cluster0.example.mongodb.net/`,
    `mongodb://AKIAAUDITEXAMPLE2345:${secret.replace('/', '?')}@cluster0.example.mongodb.net/`,
    `mongodb://AKIAAUDITEXAMPLE2345:${secret.replace('/', ':')}@cluster0.example.mongodb.net`,
    `mongodb://AKIAAUDITEXAMPLE2345:${secret.replace('/', '%zz')}@cluster0.example.mongodb.net/`,
    `mongodb://${secret}@cluster0.example.mongodb.net/`,
  ];
  for (const uri of uris) {
    it(uri.replace(/\/\/[^]*@/, '//…@'), async () => {
      const outputs: string[] = [];
      for (const args of [['atlas-check', uri], ['atlas-check', uri, '--json']]) {
        const run = await runCli(args, { AWS_EC2_METADATA_DISABLED: 'true' });
        expect(run.code, run.stdout + run.stderr).toBe(2);
        expect(run.stdout + run.stderr).toMatch(/contains unescaped characters|is not valid percent-encoding|another @ after the host list/);
        outputs.push(run.stdout, run.stderr);
      }
      for (const part of secret.split('/')) expect(outputs.join('\n')).not.toContain(part);
      expectNoSecrets(outputs, [secret]);
    });
  }
});
