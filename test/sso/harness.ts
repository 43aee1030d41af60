// Shared pieces of the SSO unit tests: sentinel secrets, cache-file builders, a fake SSO/OIDC HTTP
// handler on the fake machine, and a SourceInput for calling resolveSsoBase directly.

import type { SsoBase } from '../../src/config/plan.js';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { fakeMachine, type FakeMachine } from '../support/fake-context.js';
import { sourceInput as sharedSourceInput, type TestSourceInput } from '../support/source-input.js';

export const HOME = '/home/test';
export const NOW = Date.parse('2026-11-22T12:00:00Z');

/** Values that must never appear in an error, a log line or a trace. */
export const ACCESS_TOKEN = 'ssoAccessTokenSENTINEL-aaaaaaaaaaaa';
export const NEW_ACCESS_TOKEN = 'ssoNewAccessTokenSENTINEL-bbbbbbbbbb';
export const REFRESH_TOKEN = 'ssoRefreshTokenSENTINEL-cccccccccccc';
export const NEW_REFRESH_TOKEN = 'ssoNewRefreshTokenSENTINEL-dddddddd';
export const CLIENT_SECRET = 'ssoClientSecretSENTINEL-eeeeeeeeeeee';
export const ROLE_SECRET = 'roleSecretSENTINEL/ffffffffffffffffffff';
export const ROLE_SESSION_TOKEN = 'roleSessionTokenSENTINEL-gggggggggg';
export const SENTINELS = [ACCESS_TOKEN, NEW_ACCESS_TOKEN, REFRESH_TOKEN, NEW_REFRESH_TOKEN, CLIENT_SECRET, ROLE_SECRET, ROLE_SESSION_TOKEN];

export const START_URL = 'https://d-1234567890.awsapps.com/start';
export const SESSION = 'my-sso';
/** sha1 hex of the two cache ids, computed outside the code under test (`printf … | sha1sum`). */
export const LEGACY_CACHE_FILE = `${HOME}/.aws/sso/cache/7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json`;
export const SESSION_CACHE_FILE = `${HOME}/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json`;

export function legacyBase(overrides: Partial<SsoBase> = {}): SsoBase {
  return { kind: 'sso', profile: 'legacy', ssoStartUrl: START_URL, ssoRegion: 'eu-west-1', ssoAccountId: '123456789012', ssoRoleName: 'ReadOnly', ...overrides };
}

export function sessionBase(overrides: Partial<SsoBase> = {}): SsoBase {
  return legacyBase({ profile: 'dev', ssoSession: SESSION, ...overrides });
}

export function cachedToken(expiresAt: string | number, extra: Record<string, unknown> = {}): string {
  const when = typeof expiresAt === 'number' ? new Date(expiresAt).toISOString().replace('.000Z', 'Z') : expiresAt;
  return JSON.stringify({ startUrl: START_URL, region: 'eu-west-1', accessToken: ACCESS_TOKEN, expiresAt: when, ...extra });
}

/** What `aws sso login` writes for an sso-session. */
export function sessionToken(expiresAt: number, extra: Record<string, unknown> = {}): string {
  return cachedToken(expiresAt, {
    refreshToken: REFRESH_TOKEN,
    clientId: 'client-id-123',
    clientSecret: CLIENT_SECRET,
    registrationExpiresAt: '2027-01-01T00:00:00Z',
    ...extra,
  });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

export function roleCredentialsReply(expiration = NOW + 3600_000): HttpResponse {
  return json(200, {
    roleCredentials: { accessKeyId: 'ASIASSOEXAMPLE000001', secretAccessKey: ROLE_SECRET, sessionToken: ROLE_SESSION_TOKEN, expiration },
  });
}

export type Handler = (request: HttpRequest) => Promise<HttpResponse> | HttpResponse;

/** Portal answers with role credentials for ACCESS_TOKEN / NEW_ACCESS_TOKEN; OIDC per `oidc`. */
export function ssoService(oidc: Handler = () => json(200, { accessToken: NEW_ACCESS_TOKEN, expiresIn: 3600, refreshToken: NEW_REFRESH_TOKEN, tokenType: 'Bearer' })): Handler {
  return (request) => {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/token') return oidc(request);
    if (request.method === 'GET' && url.pathname === '/federation/credentials') {
      const bearer = request.headers?.['x-amz-sso_bearer_token'];
      if (bearer !== ACCESS_TOKEN && bearer !== NEW_ACCESS_TOKEN) {
        return json(401, { message: 'Session token not found or invalid' }, { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/' });
      }
      return roleCredentialsReply();
    }
    return json(404, { message: 'no route' });
  };
}

export function machineWith(files: Record<string, string>, handler: Handler = ssoService(), env: Record<string, string> = {}): FakeMachine {
  return fakeMachine({ files, now: NOW, home: HOME, env, request: handler });
}

/** Profile "dev" selected, and no shared config: resolveSsoBase gets everything from its SsoBase. */
export function sourceInput(machine: FakeMachine): TestSourceInput {
  return sharedSourceInput(machine.context, {}, {
    profile: { name: 'dev', selected: true, from: 'AWS_PROFILE' },
    loadConfig: async () => ({ profiles: {}, ssoSessions: {}, services: {}, configFile: '', credentialsFile: '' }),
  });
}

/** Every sentinel absent from every text given. */
export function expectNoSecrets(texts: Iterable<string | undefined>, expectFn: (value: unknown) => { not: { toContain(v: string): void } }): void {
  for (const text of texts) {
    if (text === undefined) continue;
    for (const secret of SENTINELS) expectFn(text).not.toContain(secret);
  }
}
