// The demo's walk through every source: for each scenario, the files written into a temporary HOME,
// the synthetic environment, and what must happen (which source answers, who issued the keys).

import type { Emulator } from '../emulator/index.js';
import type { SourceName } from '../source.js';

export interface DemoKit {
  emulator: Emulator;
  /** This scenario's own temporary HOME. */
  home: string;
  /** Writes a file under HOME (mode 600) and records it to be shown (with secrets masked). */
  write(relativePath: string, contents: string): Promise<void>;
  now(): number;
}

export type DemoExpectation =
  | { outcome: 'hit'; source: string; issuedBy: string; arnIncludes?: string }
  | { outcome: 'none' }
  | { outcome: 'stopped'; at: string };

export interface DemoScenario {
  id: string;
  title: string;
  /** What a newcomer should take from it, in a sentence or two. */
  story: string;
  /** Sources this scenario needs in the chain (shown as "not available in this build" otherwise). */
  needs: SourceName[];
  expect: DemoExpectation;
  /** Writes files and returns the variables to add to the base environment. */
  setup(kit: DemoKit): Promise<Record<string, string>>;
  /** Emulator routes whose request counts are worth reporting after the run. */
  watch?: string[];
  /** Lines worth showing after the run (what a refresh rewrote…); never a secret value. */
  afterRun?(kit: DemoKit): Promise<string[]>;
}

export const demoScenarios: DemoScenario[] = [
  {
    id: 'nothing',
    title: 'Nothing configured',
    story: 'An empty machine: every source says why it has nothing, and the chain reports all of them at once.',
    needs: [],
    expect: { outcome: 'none' },
    setup: async () => ({}),
  },
  {
    id: 'env',
    title: 'Environment variables',
    story: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set: the first source answers and nothing else is consulted.',
    needs: ['env'],
    expect: { outcome: 'hit', source: 'env', issuedBy: 'static' },
    setup: async ({ emulator }) => emulator.env({ container: false, imds: false, keys: true }),
  },
  {
    id: 'static-profile',
    title: 'Static keys in a profile',
    story: 'AWS_PROFILE selects a profile of ~/.aws/credentials; the env source steps aside because a profile is selected.',
    needs: ['profile'],
    expect: { outcome: 'hit', source: 'profile', issuedBy: 'static' },
    async setup({ emulator, write }) {
      await write('.aws/credentials', emulator.credentialsProfile('demo-static'));
      return { AWS_PROFILE: 'demo-static' };
    },
  },
  {
    id: 'assume-role-chain',
    title: 'Assume-role chain (source_profile → role → role)',
    story: 'demo-admin assumes the admin role with the session of demo-app, which assumed app-role with static keys: two signed AssumeRole calls, verified by the emulator.',
    needs: ['profile'],
    expect: { outcome: 'hit', source: 'profile', issuedBy: 'sts:AssumeRole', arnIncludes: ':assumed-role/admin/' },
    watch: ['sts:AssumeRole'],
    async setup({ emulator, write }) {
      const { roles } = emulator.scenario;
      await write('.aws/credentials', emulator.credentialsProfile('demo-keys'));
      await write(
        '.aws/config',
        `[profile demo-app]\nrole_arn = ${roles['app-role']!.arn}\nsource_profile = demo-keys\n\n` +
          `[profile demo-admin]\nrole_arn = ${roles.admin!.arn}\nsource_profile = demo-app\nrole_session_name = credchain-demo\n`,
      );
      return { AWS_PROFILE: 'demo-admin' };
    },
  },
  {
    id: 'web-identity',
    title: 'Web identity (EKS IRSA)',
    story: 'AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, as EKS injects them: the token file is exchanged at STS (unsigned AssumeRoleWithWebIdentity).',
    needs: ['web-identity'],
    expect: { outcome: 'hit', source: 'web-identity', issuedBy: 'sts:AssumeRoleWithWebIdentity' },
    watch: ['sts:AssumeRoleWithWebIdentity'],
    async setup({ emulator, home, write }) {
      await write('eks/token', emulator.scenario.webIdentity.tokens[0]!);
      return { AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/eks/token`, AWS_ROLE_ARN: emulator.scenario.roles['web-identity-role']!.arn, AWS_ROLE_SESSION_NAME: 'demo-pod' };
    },
  },
  {
    id: 'sso',
    title: 'IAM Identity Center (SSO) with token refresh',
    story: 'An sso-session profile whose cached token has 2 minutes left: credchain refreshes it at SSO-OIDC, writes the cache back, then gets role credentials from the portal.',
    needs: ['profile'],
    expect: { outcome: 'hit', source: 'profile', issuedBy: 'sso' },
    watch: ['sso-oidc:CreateToken', 'sso:GetRoleCredentials'],
    async setup({ emulator, write, now }) {
      const { cacheTimestamp, ssoTokenCacheKey } = await import('../sso/token-cache.js');
      const { sso } = emulator.scenario;
      const assignment = sso.assignments[0]!;
      await write(
        '.aws/config',
        `[profile demo-sso]\nsso_session = demo\nsso_account_id = ${assignment.accountId}\nsso_role_name = ${assignment.roleName}\nregion = ${emulator.scenario.region}\n\n` +
          `[sso-session demo]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_registration_scopes = sso:account:access\n`,
      );
      const cache = {
        startUrl: sso.startUrl,
        region: sso.region,
        accessToken: sso.accessTokens[0],
        expiresAt: cacheTimestamp(new Date(now() + 2 * 60_000)),
        clientId: sso.clientId,
        clientSecret: sso.clientSecret,
        registrationExpiresAt: cacheTimestamp(new Date(now() + 90 * 24 * 3600_000)),
        refreshToken: sso.refreshTokens[0],
      };
      await write(`.aws/sso/cache/${ssoTokenCacheKey('demo')}.json`, JSON.stringify(cache, null, 2) + '\n');
      return { AWS_PROFILE: 'demo-sso' };
    },
  },
  {
    id: 'login',
    title: 'aws login session, refreshed',
    story: 'A login_session profile (`aws login`) whose cached keys expired: credchain refreshes them at the sign-in service with a DPoP proof signed by the session key, and rewrites the cache (0600, atomically).',
    needs: ['profile'],
    expect: { outcome: 'hit', source: 'profile', issuedBy: 'signin' },
    watch: ['signin:CreateOAuth2Token'],
    async setup({ emulator, write, now }) {
      const { login, region } = emulator.scenario;
      await write('.aws/config', `[profile demo-login]\nlogin_session = ${login.sessionArn}\nregion = ${region}\n`);
      await write(await loginCacheRelativePath(login.sessionArn), JSON.stringify(emulator.loginCache({ expiresAt: now() - 60_000 }), null, 2) + '\n');
      return { AWS_PROFILE: 'demo-login' };
    },
    async afterRun({ emulator, home }) {
      const relative = await loginCacheRelativePath(emulator.scenario.login.sessionArn);
      const { readFile, stat } = await import('node:fs/promises');
      const path = `${home}/${relative}`;
      const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      const keys = Object.keys(file).map((key) => (key === 'accessToken' && file.accessToken && typeof file.accessToken === 'object' ? `accessToken {${Object.keys(file.accessToken).join(', ')}}` : key));
      const mode = ((await stat(path)).mode & 0o777).toString(8);
      return [`rewritten ~/${relative} (mode ${mode}): ${keys.join(', ')}`];
    },
  },
  {
    id: 'container',
    title: 'Container endpoint (ECS, EKS Pod Identity)',
    story: 'AWS_CONTAINER_CREDENTIALS_FULL_URI with an authorization token, as EKS Pod Identity sets them (loopback here).',
    needs: ['container'],
    expect: { outcome: 'hit', source: 'container', issuedBy: 'container' },
    watch: ['container'],
    setup: async ({ emulator }) => emulator.env({ container: true, imds: false }),
  },
  {
    id: 'imds',
    title: 'EC2 instance metadata (IMDSv2)',
    story: 'Nothing else configured, IMDS enabled: a session token (PUT), the role name, then the role credentials.',
    needs: ['imds'],
    expect: { outcome: 'hit', source: 'imds', issuedBy: 'imds' },
    watch: ['imds:token', 'imds:roles', 'imds:credentials'],
    setup: async ({ emulator }) => emulator.env({ container: false, imds: true }),
  },
  {
    id: 'broken-stops',
    title: 'A broken source stops the chain',
    story: 'AWS_WEB_IDENTITY_TOKEN_FILE names a file that does not exist while IMDS is reachable: credchain stops with a clear error instead of silently using the instance role.',
    needs: ['web-identity'],
    expect: { outcome: 'stopped', at: 'web-identity' },
    watch: ['imds'],
    async setup({ emulator, home }) {
      return {
        ...emulator.env({ container: false, imds: true }),
        AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/eks/missing-token`,
        AWS_ROLE_ARN: emulator.scenario.roles['web-identity-role']!.arn,
      };
    },
  },
];

/** Where `aws login` keeps a session's cache under HOME. */
/** Where `aws login` keeps the session's cache, relative to HOME (src/login/cache.ts names it). */
async function loginCacheRelativePath(sessionArn: string): Promise<string> {
  const { loginCacheKey } = await import('../login/cache.js');
  return `.aws/login/cache/${loginCacheKey(sessionArn)}.json`;
}
