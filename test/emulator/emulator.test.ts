// The loopback emulator, route by route, through a real HTTP client: IMDSv2/v1, container, STS (with
// SigV4 verification), SSO portal and SSO-OIDC, fault injection and the request log.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, stsCall, xmlText } from '../support/emulator-client.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const imdsToken = async () => (await call(emulator.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } })).body;

describe('startEmulator', () => {
  it('listens on a loopback port and points credchain/the SDK at itself', () => {
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    const env = emulator.env();
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url,
      AWS_EC2_METADATA_DISABLED: 'false',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: emulator.scenario.container.authorizationToken,
      AWS_REGION: 'us-east-1',
    });
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
    const narrow = emulator.env({ container: false, imds: false, keys: true });
    expect(narrow.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBeUndefined();
    expect(narrow.AWS_EC2_METADATA_SERVICE_ENDPOINT).toBeUndefined();
    expect(narrow.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(emulator.issued(narrow.AWS_ACCESS_KEY_ID!)).toMatchObject({ arn: 'arn:aws:iam::123456789012:user/developer', issuedBy: 'static' });
  });

  it('uses a chosen port, and random secrets per run', async () => {
    const other = await startEmulator({ port: 0, scenario: { accountId: '210987654321' } });
    try {
      expect(other.port).not.toBe(emulator.port);
      expect(other.scenario.users.developer!.secretAccessKey).not.toBe(emulator.scenario.users.developer!.secretAccessKey);
      expect(other.scenario.roles['app-role']!.arn).toBe('arn:aws:iam::210987654321:role/service/app-role');
      const busy = await startEmulator({ port: other.port }).catch((e: NodeJS.ErrnoException) => e);
      expect((busy as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    } finally {
      await other.close();
    }
  });

  it('answers unknown paths with 404 and logs them as "unknown"', async () => {
    const response = await call(emulator.url, { path: '/nothing/here' });
    expect(response.status).toBe(404);
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'GET', path: '/nothing/here', route: 'unknown', status: 404 });
  });
});

describe('IMDS', () => {
  it('IMDSv2: token (TTL header required), role list, credentials JSON', async () => {
    expect((await call(emulator.url, { method: 'PUT', path: '/latest/api/token' })).status).toBe(400);
    const tokenReply = await call(emulator.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } });
    expect(tokenReply.status).toBe(200);
    expect(tokenReply.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('60');
    const headers = { 'x-aws-ec2-metadata-token': tokenReply.body };
    const roles = await call(emulator.url, { path: '/latest/meta-data/iam/security-credentials/', headers });
    expect(roles).toMatchObject({ status: 200, body: 'instance-role' });
    const reply = await call(emulator.url, { path: '/latest/meta-data/iam/security-credentials/instance-role', headers });
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(Object.keys(body)).toEqual(['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration', 'AccountId']);
    expect(body).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC', AccountId: '123456789012' });
    expect(body.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const expiresIn = Date.parse(body.Expiration) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    expect(emulator.issued(body.AccessKeyId)).toMatchObject({
      secretAccessKey: body.SecretAccessKey,
      sessionToken: body.Token,
      roleArn: 'arn:aws:iam::123456789012:role/ec2/instance-role',
      arn: `arn:aws:sts::123456789012:assumed-role/instance-role/${emulator.scenario.imds.instanceId}`,
      issuedBy: 'imds',
    });
  });

  it('refuses IMDSv1 unless the scenario allows it, and refuses a bad token', async () => {
    const path = '/latest/meta-data/iam/security-credentials/';
    expect((await call(emulator.url, { path })).status).toBe(401);
    expect((await call(emulator.url, { path, headers: { 'x-aws-ec2-metadata-token': 'forged' } })).status).toBe(401);
    const v1 = await startEmulator({ scenario: { imds: { v1Allowed: true } } });
    try {
      expect(await call(v1.url, { path })).toMatchObject({ status: 200, body: 'instance-role' });
    } finally {
      await v1.close();
    }
  });

  it('an instance without a role: 404 on the role list', async () => {
    const bare = await startEmulator({ scenario: { imds: { role: null, v1Allowed: true } } });
    try {
      expect((await call(bare.url, { path: '/latest/meta-data/iam/security-credentials/' })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('expired IMDS tokens are refused (emulator clock)', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const timed = await startEmulator({ now: () => clock });
    try {
      const token = (await call(timed.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '10' } })).body;
      const headers = { 'x-aws-ec2-metadata-token': token };
      expect((await call(timed.url, { path: '/latest/meta-data/iam/security-credentials/', headers })).status).toBe(200);
      clock += 10_001;
      expect((await call(timed.url, { path: '/latest/meta-data/iam/security-credentials/', headers })).status).toBe(401);
    } finally {
      await timed.close();
    }
  });
});

describe('container endpoint', () => {
  it('checks the Authorization header and answers the ECS shape', async () => {
    const { path, authorizationToken } = emulator.scenario.container;
    expect((await call(emulator.url, { path })).status).toBe(401);
    const wrong = await call(emulator.url, { path, headers: { Authorization: 'nope' } });
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.body)).toMatchObject({ Code: 'AccessDeniedException' });
    const reply = await call(emulator.url, { path, headers: { Authorization: authorizationToken! } });
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(body).toMatchObject({ RoleArn: 'arn:aws:iam::123456789012:role/ecs/task-role', AccountId: '123456789012' });
    expect(body.AccessKeyId).toMatch(/^ASIA/);
    expect(typeof body.Token).toBe('string');
    expect(emulator.issued(body.AccessKeyId)?.issuedBy).toBe('container');
    expect((await call(emulator.url, { path: '/v2/credentials/other', headers: { Authorization: authorizationToken! } })).status).toBe(404);
  });
});

describe('STS', () => {
  const roleArn = () => emulator.scenario.roles['app-role']!.arn;
  const developer = () => emulator.scenario.users.developer!;

  it('GetCallerIdentity, signed with a scenario user', async () => {
    const reply = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, developer());
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/xml');
    expect(xmlText(reply.body, 'Arn')).toBe('arn:aws:iam::123456789012:user/developer');
    expect(xmlText(reply.body, 'Account')).toBe('123456789012');
    expect(xmlText(reply.body, 'UserId')).toBe(developer().userId);
  });

  it('AssumeRole issues a session that can call STS again (a chain)', async () => {
    const reply = await stsCall(emulator.url, { Action: 'AssumeRole', RoleArn: roleArn(), RoleSessionName: 'chain-1', DurationSeconds: '900' }, developer());
    expect(reply.status).toBe(200);
    expect(xmlText(reply.body, 'Arn')).toBe('arn:aws:sts::123456789012:assumed-role/app-role/chain-1');
    const keys = { accessKeyId: xmlText(reply.body, 'AccessKeyId')!, secretAccessKey: xmlText(reply.body, 'SecretAccessKey')!, sessionToken: xmlText(reply.body, 'SessionToken')! };
    expect(keys.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const expiresIn = Date.parse(xmlText(reply.body, 'Expiration')!) - Date.now();
    expect(expiresIn).toBeGreaterThan(800_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    const who = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, keys);
    expect(xmlText(who.body, 'Arn')).toBe('arn:aws:sts::123456789012:assumed-role/app-role/chain-1');
    expect(xmlText(who.body, 'UserId')).toMatch(/^AROA[A-Z2-7]{17}:chain-1$/);
    // A session without its token is not valid.
    const tokenless = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, { ...keys, sessionToken: undefined });
    expect(tokenless.status).toBe(403);
    expect(emulator.count('sts:AssumeRole')).toBe(1);
    expect(emulator.count('sts')).toBe(3);
  });

  it('rejects a badly signed request: wrong secret → SignatureDoesNotMatch 403', async () => {
    const reply = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, { ...developer(), secretAccessKey: 'wrong-secret-0000000000000000000000000000' });
    expect(reply.status).toBe(403);
    expect(xmlText(reply.body, 'Code')).toBe('SignatureDoesNotMatch');
    expect(reply.body).toMatch(/<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type>/);
  });

  it('rejects an unknown key → InvalidClientTokenId 403, and no signature → MissingAuthenticationToken', async () => {
    const reply = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) });
    expect(reply.status).toBe(403);
    expect(xmlText(reply.body, 'Code')).toBe('InvalidClientTokenId');
    const unsigned = await stsCall(emulator.url, { Action: 'GetCallerIdentity' });
    expect(unsigned.status).toBe(403);
    expect(xmlText(unsigned.body, 'Code')).toBe('MissingAuthenticationToken');
  });

  it('refuses expired sessions (ExpiredToken), unknown roles (AccessDenied) and bad parameters (ValidationError)', async () => {
    emulator.scenario.credentialLifetimeSeconds = -60;
    try {
      const reply = await stsCall(emulator.url, { Action: 'AssumeRole', RoleArn: roleArn(), RoleSessionName: 's' + 'x' }, developer());
      const keys = { accessKeyId: xmlText(reply.body, 'AccessKeyId')!, secretAccessKey: xmlText(reply.body, 'SecretAccessKey')!, sessionToken: xmlText(reply.body, 'SessionToken')! };
      const expired = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, keys);
      expect(xmlText(expired.body, 'Code')).toBe('ExpiredToken');
    } finally {
      emulator.scenario.credentialLifetimeSeconds = 3600;
    }
    const denied = await stsCall(emulator.url, { Action: 'AssumeRole', RoleArn: 'arn:aws:iam::123456789012:role/nope', RoleSessionName: 'ok-name' }, developer());
    expect([denied.status, xmlText(denied.body, 'Code')]).toEqual([403, 'AccessDenied']);
    const noName = await stsCall(emulator.url, { Action: 'AssumeRole', RoleArn: roleArn() }, developer());
    expect([noName.status, xmlText(noName.body, 'Code')]).toEqual([400, 'ValidationError']);
    const tooLong = await stsCall(emulator.url, { Action: 'AssumeRole', RoleArn: roleArn(), RoleSessionName: 'ok', DurationSeconds: '99999' }, developer());
    expect(xmlText(tooLong.body, 'Code')).toBe('ValidationError');
    const bogus = await stsCall(emulator.url, { Action: 'DecodeAuthorizationMessage' }, developer());
    expect([bogus.status, xmlText(bogus.body, 'Code')]).toEqual([400, 'InvalidAction']);
  });

  it('AssumeRole honours ExternalId and MFA requirements', async () => {
    const guarded = await startEmulator({
      scenario: { roles: { vendor: { arn: 'arn:aws:iam::123456789012:role/vendor', externalId: 'ext-1', mfaSerial: 'arn:aws:iam::123456789012:mfa/dev' } } },
    });
    try {
      const user = guarded.scenario.users.developer!;
      const base = { Action: 'AssumeRole', RoleArn: 'arn:aws:iam::123456789012:role/vendor', RoleSessionName: 'v' + 'v' };
      expect(xmlText((await stsCall(guarded.url, base, user)).body, 'Code')).toBe('AccessDenied');
      const withExt = { ...base, ExternalId: 'ext-1', SerialNumber: 'arn:aws:iam::123456789012:mfa/dev' };
      expect(xmlText((await stsCall(guarded.url, { ...withExt, TokenCode: '000000' }, user)).body, 'Code')).toBe('AccessDenied');
      expect((await stsCall(guarded.url, { ...withExt, TokenCode: '123456' }, user)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('GetSessionToken: signed by a user; a session for the same identity; never for session credentials; MFA when the user has mfaSerial', async () => {
    const reply = await stsCall(emulator.url, { Action: 'GetSessionToken', DurationSeconds: '900' }, developer());
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/^<GetSessionTokenResponse .*<GetSessionTokenResult><Credentials>/);
    const keys = { accessKeyId: xmlText(reply.body, 'AccessKeyId')!, secretAccessKey: xmlText(reply.body, 'SecretAccessKey')!, sessionToken: xmlText(reply.body, 'SessionToken')! };
    expect(keys.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(emulator.issued(keys.accessKeyId)).toMatchObject({ arn: developer().arn, issuedBy: 'sts:GetSessionToken' });
    expect(Date.parse(xmlText(reply.body, 'Expiration')!) - Date.now()).toBeLessThanOrEqual(900_000);
    const who = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, keys);
    expect(xmlText(who.body, 'Arn')).toBe(developer().arn);
    const fromSession = await stsCall(emulator.url, { Action: 'GetSessionToken' }, keys);
    expect([fromSession.status, xmlText(fromSession.body, 'Code')]).toEqual([403, 'AccessDenied']);
    const badSignature = await stsCall(emulator.url, { Action: 'GetSessionToken' }, { ...developer(), secretAccessKey: 'wrong-secret-0000000000000000000000000000' });
    expect([badSignature.status, xmlText(badSignature.body, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    const unsigned = await stsCall(emulator.url, { Action: 'GetSessionToken' });
    expect(xmlText(unsigned.body, 'Code')).toBe('MissingAuthenticationToken');
    const tooLong = await stsCall(emulator.url, { Action: 'GetSessionToken', DurationSeconds: '200000' }, developer());
    expect([tooLong.status, xmlText(tooLong.body, 'Code')]).toEqual([400, 'ValidationError']);

    const guarded = await startEmulator({ scenario: { users: { dev: { mfaSerial: 'arn:aws:iam::123456789012:mfa/dev' } } } });
    try {
      const user = guarded.scenario.users.dev!;
      expect(xmlText((await stsCall(guarded.url, { Action: 'GetSessionToken' }, user)).body, 'Code')).toBe('AccessDenied');
      const withSerial = { Action: 'GetSessionToken', SerialNumber: 'arn:aws:iam::123456789012:mfa/dev' };
      expect(xmlText((await stsCall(guarded.url, { ...withSerial, TokenCode: '000000' }, user)).body, 'Code')).toBe('AccessDenied');
      expect((await stsCall(guarded.url, { ...withSerial, TokenCode: '123456' }, user)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('AssumeRoleWithWebIdentity: unsigned, accepts only the scenario tokens', async () => {
    const roleArnWi = emulator.scenario.roles['web-identity-role']!.arn;
    const token = emulator.scenario.webIdentity.tokens[0]!;
    const ok = await stsCall(emulator.url, { Action: 'AssumeRoleWithWebIdentity', RoleArn: roleArnWi, RoleSessionName: 'pod-1', WebIdentityToken: token });
    expect(ok.status).toBe(200);
    expect(xmlText(ok.body, 'Arn')).toBe('arn:aws:sts::123456789012:assumed-role/web-identity-role/pod-1');
    expect(xmlText(ok.body, 'SubjectFromWebIdentityToken')).toBe('system:serviceaccount:default:app');
    expect(ok.body).toMatch(/^<AssumeRoleWithWebIdentityResponse .*<AssumeRoleWithWebIdentityResult>/);
    const bad = await stsCall(emulator.url, { Action: 'AssumeRoleWithWebIdentity', RoleArn: roleArnWi, RoleSessionName: 'pod-1', WebIdentityToken: 'eyJforged' });
    expect([bad.status, xmlText(bad.body, 'Code')]).toEqual([400, 'InvalidIdentityToken']);
  });
});

describe('SSO portal and SSO-OIDC', () => {
  const path = (account: string, role: string) => `/federation/credentials?account_id=${account}&role_name=${role}`;

  it('GetRoleCredentials with the bearer token; 401 without, 403 for a role not assigned', async () => {
    const token = emulator.scenario.sso.accessTokens[0]!;
    const reply = await call(emulator.url, { path: path('123456789012', 'ReadOnly'), headers: { 'x-amz-sso_bearer_token': token } });
    expect(reply.status).toBe(200);
    const { roleCredentials } = JSON.parse(reply.body);
    expect(roleCredentials.accessKeyId).toMatch(/^ASIA/);
    expect(typeof roleCredentials.expiration).toBe('number');
    expect(roleCredentials.expiration).toBeGreaterThan(Date.now());
    expect(emulator.issued(roleCredentials.accessKeyId)?.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/aws-reserved\/sso.amazonaws.com\/AWSReservedSSO_ReadOnly_/);
    const noToken = await call(emulator.url, { path: path('123456789012', 'ReadOnly') });
    expect(noToken.status).toBe(401);
    expect(noToken.headers['x-amzn-errortype']).toMatch(/^UnauthorizedException/);
    expect((await call(emulator.url, { path: path('123456789012', 'Admin'), headers: { 'x-amz-sso_bearer_token': token } })).status).toBe(403);
  });

  it('CreateToken: refresh_token grant → new access and refresh tokens the portal accepts', async () => {
    const { clientId, clientSecret, refreshTokens } = emulator.scenario.sso;
    const body = (refreshToken: string) => JSON.stringify({ clientId, clientSecret, grantType: 'refresh_token', refreshToken });
    const reply = await call(emulator.url, { method: 'POST', path: '/token', headers: { 'content-type': 'application/json' }, body: body(refreshTokens[0]!) });
    expect(reply.status).toBe(200);
    const created = JSON.parse(reply.body);
    expect(created).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    expect(created.refreshToken).not.toBe(refreshTokens[0]);
    const portal = await call(emulator.url, { path: path('123456789012', 'ReadOnly'), headers: { 'x-amz-sso_bearer_token': created.accessToken } });
    expect(portal.status).toBe(200);
    const bad = await call(emulator.url, { method: 'POST', path: '/token', body: body('stale') });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toBe('invalid_grant');
    expect(bad.headers['x-amzn-errortype']).toBe('InvalidGrantException');
  });
});

describe('fault injection', () => {
  const credentialsPath = '/latest/meta-data/iam/security-credentials/instance-role';

  it('status + body, then "fail N times then succeed"', async () => {
    emulator.fault('imds:token', { status: 503, body: 'busy', times: 2 });
    const first = await call(emulator.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } });
    expect(first).toMatchObject({ status: 503, body: 'busy' });
    expect((await call(emulator.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } })).status).toBe(503);
    expect((await call(emulator.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } })).status).toBe(200);
    expect(emulator.requests.map((r) => [r.route, r.status, r.faulted])).toEqual([
      ['imds:token', 503, true],
      ['imds:token', 503, true],
      ['imds:token', 200, false],
    ]);
  });

  it('delay: a slow answer (the client times out), cleared with undefined', async () => {
    emulator.fault('container', { delayMs: 400 });
    const error = await call(emulator.url, { path: emulator.scenario.container.path, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('timeout');
    emulator.fault('container', undefined);
    expect((await call(emulator.url, { path: emulator.scenario.container.path, timeoutMs: 2000 })).status).toBe(401);
  });

  it('slow body: headers at once, the body dribbled out (a client deadline covering the body fires)', async () => {
    const headers = { 'x-aws-ec2-metadata-token': await imdsToken() };
    const path = '/latest/meta-data/iam/security-credentials/instance-role';
    emulator.fault('imds:credentials', { slowBodyMs: 500, times: 1 });
    const late = await call(emulator.url, { path, headers, timeoutMs: 150 }).catch((e: unknown) => e);
    expect((late as NetworkError).code).toBe('timeout');
    emulator.fault('imds:credentials', { slowBodyMs: 100, times: 1 });
    const whole = await call(emulator.url, { path, headers, timeoutMs: 5000 });
    expect(JSON.parse(whole.body).Code).toBe('Success');
  });

  it('malformed body, wrong content type, truncated body, dropped connection', async () => {
    const headers = { 'x-aws-ec2-metadata-token': await imdsToken() };
    emulator.fault('imds:credentials', { malformed: true, times: 1 });
    const malformed = await call(emulator.url, { path: credentialsPath, headers });
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.body)).toThrow();

    emulator.fault('imds:credentials', { contentType: 'text/html', times: 1 });
    const html = await call(emulator.url, { path: credentialsPath, headers });
    expect(html.headers['content-type']).toBe('text/html');
    expect(JSON.parse(html.body).Code).toBe('Success');

    emulator.fault('imds', { truncated: true, times: 1 });
    const truncated = await call(emulator.url, { path: credentialsPath, headers }).catch((e: unknown) => e);
    expect((truncated as NetworkError).code).toBe('reset');

    emulator.fault('sts', { drop: true, times: 1 });
    const dropped = await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, emulator.scenario.users.developer).catch((e: unknown) => e);
    expect((dropped as NetworkError).code).toBe('reset');
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'sts:GetCallerIdentity', status: 0, faulted: true });

    expect((await call(emulator.url, { path: credentialsPath, headers })).status).toBe(200);
  });

  it('an exact route fault wins over its family; bad `times` is refused', async () => {
    emulator.fault('sts', { status: 500 });
    emulator.fault('sts:GetCallerIdentity', { status: 429, body: 'slow down' });
    expect((await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, emulator.scenario.users.developer)).status).toBe(429);
    expect((await stsCall(emulator.url, { Action: 'AssumeRole' }, emulator.scenario.users.developer)).status).toBe(500);
    expect(() => emulator.fault('sts', { status: 500, times: 0 })).toThrow(/positive integer/);
  });
});

describe('request log', () => {
  it('records method, path, route, status and time, and never a secret', async () => {
    const token = await imdsToken();
    await call(emulator.url, { path: '/latest/meta-data/iam/security-credentials/instance-role', headers: { 'x-aws-ec2-metadata-token': token } });
    await call(emulator.url, { path: emulator.scenario.container.path, headers: { Authorization: emulator.scenario.container.authorizationToken! } });
    await call(emulator.url, { path: '/federation/credentials?account_id=123456789012&role_name=ReadOnly', headers: { 'x-amz-sso_bearer_token': emulator.scenario.sso.accessTokens[0]! } });
    await stsCall(emulator.url, { Action: 'GetCallerIdentity' }, emulator.scenario.users.developer);
    expect(emulator.requests.map((r) => r.route)).toEqual(['imds:token', 'imds:credentials', 'container', 'sso:GetRoleCredentials', 'sts:GetCallerIdentity']);
    for (const entry of emulator.requests) {
      expect(Object.keys(entry).sort()).toEqual(['faulted', 'method', 'ms', 'path', 'route', 'status', 'time']);
      expect(entry.time).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(emulator.requests[3]!.path).toBe('/federation/credentials');
    const logged = JSON.stringify(emulator.requests);
    const secrets = [token, emulator.scenario.container.authorizationToken!, emulator.scenario.sso.accessTokens[0]!, emulator.scenario.users.developer!.secretAccessKey];
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(emulator.count()).toBe(5);
    expect(emulator.count('imds')).toBe(2);
  });
});
