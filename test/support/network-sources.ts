// Every network source of the chain configured against the loopback emulator, from a sandbox HOME:
// web identity, AssumeRole (a source_profile hop), the SSO portal, SSO-OIDC refresh, the `aws login`
// refresh (sign-in), container and IMDS. Each setup names the emulator route it exercises, so a test can break exactly that exchange.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';

export type NetworkSourceName = 'web-identity' | 'assume-role' | 'sso-portal' | 'sso-oidc' | 'login' | 'container' | 'imds';

export interface SourceSetup {
  /** The whole environment of the chain (HOME is the sandbox). */
  env: Record<string, string>;
  /** The chain source that answers or fails: named at the start of its error. */
  source: 'web-identity' | 'profile' | 'container' | 'imds';
  /** The emulator route the setup's essential exchange goes to. */
  route: string;
  /** The origin of the endpoint that route is served from (http://127.0.0.1:PORT), named in errors. */
  origin: string;
}

/** A loopback port with nothing listening: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function write(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents, { mode: 0o600 });
}

/**
 * Configures `name` in `home` against `emulator`; `origin` replaces the emulator's address for the
 * route under test (a closed port, for "connection refused"). Files are rewritten on every call, so a
 * refreshed SSO token from an earlier run never leaks into the next one.
 */
export function setUpSource(name: NetworkSourceName, emulator: Emulator, home: string, origin = emulator.url): SourceSetup {
  const { scenario } = emulator;
  const user = Object.values(scenario.users)[0]!;
  const config = join(home, 'config');
  const env: Record<string, string> = {
    HOME: home,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: scenario.region,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    AWS_ENDPOINT_URL_SIGNIN: emulator.url,
  };
  write(config, '');
  const ssoProfile = (session: string, expiresAt: number) => {
    write(
      config,
      `[profile sso]\nsso_session = ${session}\nsso_account_id = ${scenario.sso.assignments[0]!.accountId}\nsso_role_name = ${scenario.sso.assignments[0]!.roleName}\n` +
        `[sso-session ${session}]\nsso_start_url = ${scenario.sso.startUrl}\nsso_region = ${scenario.sso.region}\n`,
    );
    const cacheFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`);
    write(
      cacheFile,
      JSON.stringify({
        startUrl: scenario.sso.startUrl,
        region: scenario.sso.region,
        accessToken: scenario.sso.accessTokens[0],
        expiresAt: new Date(expiresAt).toISOString(),
        clientId: scenario.sso.clientId,
        clientSecret: scenario.sso.clientSecret,
        refreshToken: scenario.sso.refreshTokens[0],
        registrationExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    env.AWS_PROFILE = 'sso';
  };

  switch (name) {
    case 'web-identity': {
      const tokenFile = join(home, 'web-identity-token');
      write(tokenFile, scenario.webIdentity.tokens[0]!);
      Object.assign(env, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: scenario.roles['web-identity-role']!.arn, AWS_ENDPOINT_URL_STS: origin });
      return { env, source: 'web-identity', route: 'sts:AssumeRoleWithWebIdentity', origin };
    }
    case 'assume-role':
      write(
        config,
        `[profile base]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n` +
          `[profile app]\nrole_arn = ${scenario.roles.admin!.arn}\nsource_profile = base\nrole_session_name = hardening\n`,
      );
      Object.assign(env, { AWS_PROFILE: 'app', AWS_ENDPOINT_URL_STS: origin });
      return { env, source: 'profile', route: 'sts:AssumeRole', origin };
    case 'sso-portal':
      ssoProfile('portal-session', Date.now() + 3600_000);
      env.AWS_ENDPOINT_URL_SSO = origin;
      return { env, source: 'profile', route: 'sso:GetRoleCredentials', origin };
    case 'sso-oidc':
      // Expired a minute ago: only a refresh through SSO-OIDC can produce credentials.
      ssoProfile('oidc-session', Date.now() - 60_000);
      env.AWS_ENDPOINT_URL_SSO_OIDC = origin;
      return { env, source: 'profile', route: 'sso-oidc:CreateToken', origin };
    case 'login': {
      // Keys expired a minute ago: only a DPoP-bound refresh through the sign-in service can produce credentials.
      const session = scenario.login.sessionArn;
      write(config, `[profile login]\nlogin_session = ${session}\n`);
      const cacheFile = join(home, '.aws', 'login', 'cache', `${createHash('sha256').update(session).digest('hex')}.json`);
      write(cacheFile, JSON.stringify(emulator.loginCache({ expiresAt: Date.now() - 60_000 })));
      Object.assign(env, { AWS_PROFILE: 'login', AWS_ENDPOINT_URL_SIGNIN: origin });
      return { env, source: 'profile', route: 'signin:CreateOAuth2Token', origin };
    }
    case 'container': {
      const { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: token } = emulator.env({ imds: false });
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI = uri!.replace(emulator.url, origin);
      if (token) env.AWS_CONTAINER_AUTHORIZATION_TOKEN = token;
      return { env, source: 'container', route: 'container', origin };
    }
    case 'imds':
      Object.assign(env, { AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: origin });
      return { env, source: 'imds', route: 'imds:credentials', origin };
  }
}
