// The cold-start scenarios: for each, the files under a temp HOME, the environment both libraries
// get, and what a correct answer is (an access key id, who issued it at the emulator, or "must fail").
// Every endpoint is the loopback emulator or a closed loopback port: nothing can leave the machine.

import { createHash, generateKeyPairSync } from 'node:crypto';

/** Fixed values given to the emulator's scenario, so the bench knows what each side must get back. */
export const BENCH_SECRETS = {
  envKeyId: 'AKIABENCHENV22222222',
  envSecret: 'benchEnvSecretKey0000000000000000000000a',
  staticKeyId: 'AKIABENCHSTATIC22222',
  staticSecret: 'benchStaticSecretKey000000000000000000b',
  webIdentityToken: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sub":"system:serviceaccount:bench:app"}').toString('base64url')}.YmVuY2hzaWduYXR1cmU`,
  ssoAccessToken: 'benchSsoAccessToken0000000000000000000000000c',
  containerToken: 'benchContainerAuthorizationToken00000000d',
  loginKeyId: 'ASIABENCHLOGIN222222',
  loginSecret: 'benchLoginSecretKey0000000000000000000e',
  loginSessionToken: 'benchLoginSessionToken000000000000000000000000f',
  loginRefreshToken: 'benchLoginRefreshToken00000000000000000g',
};

const LOGIN_SESSION = 'arn:aws:iam::123456789012:user/bench';

const ACCOUNT = '123456789012';
const SSO_SESSION = 'bench';
const SSO_START_URL = 'https://bench.awsapps.com/start';

/** The emulator scenario the bench starts: a user for the static keys and the tokens above. */
export function emulatorScenario() {
  return {
    name: 'bench',
    accountId: ACCOUNT,
    region: 'us-east-1',
    users: { bench: { accessKeyId: BENCH_SECRETS.staticKeyId, secretAccessKey: BENCH_SECRETS.staticSecret } },
    imds: { role: 'instance-role' },
    container: { path: '/v2/credentials/bench-task', authorizationToken: BENCH_SECRETS.containerToken, role: 'task-role' },
    webIdentity: { tokens: [BENCH_SECRETS.webIdentityToken] },
    sso: {
      startUrl: SSO_START_URL,
      region: 'us-east-1',
      accessTokens: [BENCH_SECRETS.ssoAccessToken],
      assignments: [{ accountId: ACCOUNT, roleName: 'ReadOnly' }],
    },
  };
}

/** Issue 26: every network scenario within 1.3× of a bare process that makes the same requests. */
const FLOOR_TARGET = 1.3;

const staticKeys = `aws_access_key_id = ${BENCH_SECRETS.staticKeyId}\naws_secret_access_key = ${BENCH_SECRETS.staticSecret}\n`;

/**
 * Each scenario's `setup({ emulatorUrl, closedUrl })` returns `{ env, files, expect }`: `files` are
 * relative to HOME; `expect` is `{ accessKeyId }`, `{ issuedBy }` (checked at the emulator) or
 * `{ fail: true }`. `target` is the ratio credchain/SDK the issue asks for on resolve time. `floor`
 * names the flow of bench/floor-child.mjs that gets the same credentials with no library at all;
 * `floorTarget` is the ratio credchain/floor (first statement → credentials) asked for.
 */
export const scenarios = [
  {
    id: 'env',
    title: 'environment variables',
    target: 0.1,
    setup: () => ({
      env: { AWS_ACCESS_KEY_ID: BENCH_SECRETS.envKeyId, AWS_SECRET_ACCESS_KEY: BENCH_SECRETS.envSecret },
      files: {},
      expect: { accessKeyId: BENCH_SECRETS.envKeyId },
    }),
  },
  {
    id: 'static-profile',
    floor: 'static-profile',
    title: 'static keys in ~/.aws/credentials',
    target: 0.1,
    setup: () => ({
      env: {},
      files: { '.aws/credentials': `[default]\n${staticKeys}`, '.aws/config': '[default]\nregion = us-east-1\n' },
      expect: { accessKeyId: BENCH_SECRETS.staticKeyId },
    }),
  },
  {
    id: 'assume-role',
    floor: 'assume-role',
    floorTarget: FLOOR_TARGET,
    title: 'source_profile → AssumeRole',
    needsEmulator: true,
    setup: () => ({
      env: { AWS_PROFILE: 'app' },
      files: {
        '.aws/config':
          `[profile base]\n${staticKeys}\n` +
          `[profile app]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/service/app-role\nsource_profile = base\nrole_session_name = bench\nregion = us-east-1\n`,
      },
      expect: { issuedBy: 'sts:AssumeRole' },
    }),
  },
  {
    id: 'web-identity',
    floor: 'web-identity',
    floorTarget: FLOOR_TARGET,
    title: 'web identity token file (env)',
    target: 0.25,
    needsEmulator: true,
    setup: ({ home }) => ({
      env: {
        AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/token/web-identity`,
        AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/eks/web-identity-role`,
        AWS_ROLE_SESSION_NAME: 'bench',
      },
      files: { 'token/web-identity': BENCH_SECRETS.webIdentityToken },
      expect: { issuedBy: 'sts:AssumeRoleWithWebIdentity' },
    }),
  },
  {
    id: 'sso',
    floor: 'sso',
    floorTarget: FLOOR_TARGET,
    title: 'SSO (sso-session, cached token)',
    needsEmulator: true,
    setup: ({ now }) => ({
      env: { AWS_PROFILE: 'sso' },
      files: {
        '.aws/config':
          `[profile sso]\nsso_session = ${SSO_SESSION}\nsso_account_id = ${ACCOUNT}\nsso_role_name = ReadOnly\nregion = us-east-1\n\n` +
          `[sso-session ${SSO_SESSION}]\nsso_start_url = ${SSO_START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`,
        [`.aws/sso/cache/${createHash('sha1').update(SSO_SESSION).digest('hex')}.json`]: JSON.stringify({
          startUrl: SSO_START_URL,
          region: 'us-east-1',
          accessToken: BENCH_SECRETS.ssoAccessToken,
          expiresAt: new Date(now + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }),
      },
      expect: { issuedBy: 'sso' },
    }),
  },
  {
    id: 'login',
    floor: 'login',
    floorTarget: FLOOR_TARGET,
    title: 'aws login (login_session, cached keys)',
    setup: ({ now }) => ({
      env: { AWS_PROFILE: 'login' },
      files: {
        '.aws/config': `[profile login]\nlogin_session = ${LOGIN_SESSION}\nregion = us-east-1\n`,
        [`.aws/login/cache/${createHash('sha256').update(LOGIN_SESSION).digest('hex')}.json`]: JSON.stringify({
          accessToken: {
            accessKeyId: BENCH_SECRETS.loginKeyId,
            secretAccessKey: BENCH_SECRETS.loginSecret,
            sessionToken: BENCH_SECRETS.loginSessionToken,
            accountId: ACCOUNT,
            expiresAt: new Date(now + 3600_000).toISOString(),
          },
          tokenType: 'aws_sigv4',
          clientId: 'arn:aws:signin:::devtools/same-device',
          refreshToken: BENCH_SECRETS.loginRefreshToken,
          dpopKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }),
        }),
      },
      expect: { accessKeyId: BENCH_SECRETS.loginKeyId },
    }),
  },
  {
    id: 'ecs',
    floor: 'container',
    floorTarget: FLOOR_TARGET,
    title: 'ECS: container full URI + token',
    target: 0.25,
    needsEmulator: true,
    setup: ({ emulatorUrl }) => ({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${emulatorUrl}/v2/credentials/bench-task`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: BENCH_SECRETS.containerToken,
      },
      files: {},
      expect: { issuedBy: 'container' },
    }),
  },
  {
    id: 'eks-pod-identity',
    floor: 'container',
    floorTarget: FLOOR_TARGET,
    title: 'EKS Pod Identity: full URI + token file',
    needsEmulator: true,
    setup: ({ emulatorUrl, home }) => ({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${emulatorUrl}/v2/credentials/bench-task`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: `${home}/token/eks-pod-identity`,
      },
      files: { 'token/eks-pod-identity': BENCH_SECRETS.containerToken },
      expect: { issuedBy: 'container' },
    }),
  },
  {
    id: 'imds',
    floor: 'imds',
    floorTarget: FLOOR_TARGET,
    title: 'EC2 IMDSv2',
    target: 0.25,
    needsEmulator: true,
    imds: true,
    setup: ({ emulatorUrl }) => ({
      env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: emulatorUrl },
      files: {},
      expect: { issuedBy: 'imds' },
    }),
  },
  {
    id: 'none-imds-off',
    title: 'nothing found, IMDS disabled',
    target: 0.1,
    setup: () => ({ env: {}, files: {}, expect: { fail: true } }),
  },
  {
    id: 'none-imds-closed',
    title: 'nothing found, IMDS at a closed port',
    target: 0.1,
    imds: true,
    setup: ({ closedUrl }) => ({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: closedUrl }, files: {}, expect: { fail: true } }),
  },
];

/**
 * The whole child environment: nothing inherited but PATH. Every AWS endpoint either library could
 * reach points at loopback, and IMDS is disabled unless the scenario is about IMDS.
 */
export function childEnv(scenario, scenarioEnv, { home, emulatorUrl, closedUrl }) {
  const loopback = emulatorUrl ?? closedUrl;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: loopback,
    AWS_ENDPOINT_URL_STS: loopback,
    AWS_ENDPOINT_URL_SSO: loopback,
    AWS_ENDPOINT_URL_SSO_OIDC: loopback,
    AWS_ENDPOINT_URL_SIGNIN: loopback,
    // The SDK warns on Node < 22 (a process.emitWarning on its first client): off, for both sides
    // alike, so neither pays for printing a warning (credchain has none to print).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(scenario.imds ? {} : { AWS_EC2_METADATA_DISABLED: 'true' }),
    ...scenarioEnv,
  };
}
