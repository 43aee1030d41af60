// The access token: legacy expiry, sso-session refresh window, throttle, sharing, failures (docs/behaviour.md, "SSO").
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/context.js';
import { resolveSsoBase } from '../../src/providers/sso.js';
import { SSO_REFRESH_THROTTLE_MS } from '../../src/sso/token.js';
import {
  ACCESS_TOKEN, CLIENT_SECRET, LEGACY_CACHE_FILE, NEW_ACCESS_TOKEN, NEW_REFRESH_TOKEN, NOW, REFRESH_TOKEN, SESSION_CACHE_FILE,
  cachedToken, expectNoSecrets, json, legacyBase, machineWith, sessionBase, sessionToken, sourceInput, ssoService,
} from './harness.js';
import { asSource } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';

const MINUTE = 60_000;
const tokenRequests = (requests: HttpRequest[]) => requests.filter((r) => new URL(r.url).pathname === '/token');
const bearerOf = (requests: HttpRequest[]) => requests.filter((r) => r.method === 'GET').map((r) => r.headers?.['x-amz-sso_bearer_token']);

describe('legacy SSO profiles (no refresh)', () => {
  it('uses a valid cached token for GetRoleCredentials', async () => {
    const machine = machineWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW + 2 * MINUTE) });
    const credentials = await asSource('profile', resolveSsoBase(sourceInput(machine), legacyBase()));
    expect(credentials).toMatchObject({ accessKeyId: 'ASIASSOEXAMPLE000001', source: 'profile', accountId: '123456789012' });
    // two minutes left is fine for a legacy token: no refresh exists for it
    expect(tokenRequests(machine.requests)).toEqual([]);
    expect(bearerOf(machine.requests)).toEqual([ACCESS_TOKEN]);
  });

  it('stops with "run aws sso login --profile NAME" when the token has expired, without calling the portal', async () => {
    const machine = machineWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW - 1000) });
    const error = await asSource('profile', resolveSsoBase(sourceInput(machine), legacyBase())).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/expired at 2026-11-22T11:59:59.000Z.*run `aws sso login --profile legacy`/);
    expect(machine.requests).toEqual([]);
    expectNoSecrets([(error as Error).message], expect);
  });

  it('treats "expires exactly now" as expired (the SDK: expiresAt - now <= 0)', async () => {
    const machine = machineWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW) });
    await expect(asSource('profile', resolveSsoBase(sourceInput(machine), legacyBase()))).rejects.toThrow(/expired/);
  });
});

describe('sso-session profiles: refresh through SSO-OIDC', () => {
  it('does not refresh a token with more than 5 minutes left', async () => {
    const machine = machineWith({ [SESSION_CACHE_FILE]: sessionToken(NOW + 5 * MINUTE + 1000) });
    await asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()));
    expect(tokenRequests(machine.requests)).toEqual([]);
    expect(bearerOf(machine.requests)).toEqual([ACCESS_TOKEN]);
  });

  it('refreshes inside the 5-minute window with the SDK request shape and writes the CLI format back (mode 0600)', async () => {
    const original = sessionToken(NOW + 4 * MINUTE);
    const machine = machineWith({ [SESSION_CACHE_FILE]: original });
    const writes: Array<{ path: string; mode: number | undefined }> = [];
    const write = machine.context.writeFileAtomic;
    machine.context.writeFileAtomic = async (path, contents, mode) => {
      writes.push({ path, mode });
      return write(path, contents, mode);
    };
    const input = sourceInput(machine);
    await asSource('profile', resolveSsoBase(input, sessionBase()));

    const [refresh] = tokenRequests(machine.requests);
    expect(refresh!.url).toBe('https://oidc.eu-west-1.amazonaws.com/token');
    expect(refresh!.method).toBe('POST');
    expect(refresh!.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(refresh!.body!)).toEqual({ clientId: 'client-id-123', clientSecret: CLIENT_SECRET, grantType: 'refresh_token', refreshToken: REFRESH_TOKEN });
    expect(bearerOf(machine.requests)).toEqual([NEW_ACCESS_TOKEN]);

    expect(writes).toEqual([{ path: SESSION_CACHE_FILE, mode: 0o600 }]);
    expect(JSON.parse(machine.files.get(SESSION_CACHE_FILE)!)).toEqual({
      ...JSON.parse(original),
      accessToken: NEW_ACCESS_TOKEN,
      expiresAt: '2026-11-22T13:00:00Z',
      refreshToken: NEW_REFRESH_TOKEN,
    });
    expect(input.notes.join('\n')).toMatch(/refreshed the SSO token of sso-session "my-sso"/);
    expectNoSecrets(input.notes, expect);
  });

  it('leaves the old file whole when the process "crashes" between writing the temp file and the rename', async () => {
    const original = sessionToken(NOW + 4 * MINUTE);
    const machine = machineWith({ [SESSION_CACHE_FILE]: original });
    machine.context.writeFileAtomic = async (path, contents) => {
      machine.files.set(`${path}.partial.tmp`, contents.slice(0, 20));
      throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
    };
    const input = sourceInput(machine);
    const credentials = await asSource('profile', resolveSsoBase(input, sessionBase()));
    // the refreshed token is still used for this process…
    expect(credentials.accessKeyId).toBe('ASIASSOEXAMPLE000001');
    expect(bearerOf(machine.requests)).toEqual([NEW_ACCESS_TOKEN]);
    // …the cache file is exactly the old one (valid JSON, old token), never half a new one…
    expect(machine.files.get(SESSION_CACHE_FILE)).toBe(original);
    // …and the failure is a warning without any token in it.
    const warnings = machine.logs.filter((line) => line.startsWith('warn'));
    expect(warnings).toEqual([expect.stringMatching(/could not write the refreshed SSO token to .*0ad37430.*\(EIO\)/)]);
    expectNoSecrets([...machine.logs, ...input.notes], expect);
  });

  it('shares one refresh among concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const machine = machineWith(
      { [SESSION_CACHE_FILE]: sessionToken(NOW + MINUTE) },
      ssoService(async () => {
        await gate;
        return json(200, { accessToken: NEW_ACCESS_TOKEN, expiresIn: 3600 });
      }),
    );
    const calls = Array.from({ length: 5 }, () => asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase())));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all(calls);
    expect(tokenRequests(machine.requests)).toHaveLength(1);
    expect(bearerOf(machine.requests)).toEqual(Array(5).fill(NEW_ACCESS_TOKEN));
  });

  it('tries a refresh at most once per 30 s per session (fake clock)', async () => {
    const machine = machineWith(
      { [SESSION_CACHE_FILE]: sessionToken(NOW + 4 * MINUTE) },
      ssoService(() => json(500, { error: 'server_error' }, { 'x-amzn-errortype': 'InternalServerException' })),
    );
    const resolve = () => asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()));
    const attemptsPerRefresh = 3; // the retry bound of one refresh
    const sleptBefore = machine.clock.now;
    await resolve();
    expect(tokenRequests(machine.requests)).toHaveLength(attemptsPerRefresh);
    // retries slept on the fake clock; move to just under 30 s after the first try
    machine.clock.now = sleptBefore + SSO_REFRESH_THROTTLE_MS - 1;
    await resolve();
    expect(tokenRequests(machine.requests)).toHaveLength(attemptsPerRefresh);
    machine.clock.now = sleptBefore + SSO_REFRESH_THROTTLE_MS;
    await resolve();
    expect(tokenRequests(machine.requests)).toHaveLength(2 * attemptsPerRefresh);
  });

  it('keeps the throttle per session: another session refreshes at once', async () => {
    const other = 'other-session';
    const { ssoTokenCachePath } = await import('../../src/sso/token-cache.js');
    const machine = machineWith({ [SESSION_CACHE_FILE]: sessionToken(NOW + MINUTE) });
    machine.files.set(ssoTokenCachePath(machine.context, other), sessionToken(NOW + MINUTE));
    await asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()));
    await asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase({ ssoSession: other })));
    expect(tokenRequests(machine.requests)).toHaveLength(2);
  });

  it('uses a still-valid token with a warning when the refresh fails (no token in the warning)', async () => {
    const machine = machineWith(
      { [SESSION_CACHE_FILE]: sessionToken(NOW + 2 * MINUTE) },
      ssoService(() => json(400, { error: 'invalid_grant', error_description: `refresh token ${REFRESH_TOKEN} is not valid` }, { 'x-amzn-errortype': 'InvalidGrantException' })),
    );
    const input = sourceInput(machine);
    const credentials = await asSource('profile', resolveSsoBase(input, sessionBase()));
    expect(credentials.accessKeyId).toBe('ASIASSOEXAMPLE000001');
    expect(bearerOf(machine.requests)).toEqual([ACCESS_TOKEN]);
    const warnings = machine.logs.filter((line) => line.startsWith('warn'));
    expect(warnings).toEqual([expect.stringMatching(/refreshing the SSO token of sso-session "my-sso" failed \(SSO-OIDC CreateToken .* InvalidGrantException \(HTTP 400\).*\); using the cached token until it expires at 2026-11-22T12:02:00.000Z/)]);
    expect(machine.files.get(SESSION_CACHE_FILE)).toBe(sessionToken(NOW + 2 * MINUTE));
    expectNoSecrets([...machine.logs, ...input.notes], expect);
  });

  it('stops with a broken error when the token has expired and the refresh fails', async () => {
    const machine = machineWith(
      { [SESSION_CACHE_FILE]: sessionToken(NOW - MINUTE) },
      ssoService(() => json(400, { error: 'invalid_grant' }, { 'x-amzn-errortype': 'InvalidGrantException' })),
    );
    const error = await asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase())).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/sso-session "my-sso" .* expired at 2026-11-22T11:59:00.000Z and refreshing it failed \(.*InvalidGrantException.*\)\. Log in again: run `aws sso login --profile dev`/);
    expect(machine.requests.filter((r) => r.method === 'GET')).toEqual([]);
    expectNoSecrets([(error as Error).message, ...machine.logs], expect);
  });

  it('stops when the token has expired and a refresh was already tried within 30 s', async () => {
    const machine = machineWith({ [SESSION_CACHE_FILE]: sessionToken(NOW - MINUTE) }, ssoService(() => json(400, { error: 'invalid_grant' })));
    await expect(asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()))).rejects.toThrow(/refreshing it failed/);
    await expect(asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()))).rejects.toThrow(/a refresh was already tried less than 30 s ago/);
    expect(tokenRequests(machine.requests)).toHaveLength(1);
  });

  it('cannot refresh without clientId/clientSecret/refreshToken: uses a valid token with a warning (beyond: the SDK throws)', async () => {
    const machine = machineWith({ [SESSION_CACHE_FILE]: cachedToken(NOW + 2 * MINUTE) });
    await asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()));
    expect(tokenRequests(machine.requests)).toEqual([]);
    expect(machine.logs.join('\n')).toMatch(/has no refreshToken, clientId, clientSecret|has no clientId, clientSecret, refreshToken/);
  });

  it('refuses a refresh reply without accessToken/expiresIn as a failed refresh', async () => {
    const machine = machineWith({ [SESSION_CACHE_FILE]: sessionToken(NOW - 1) }, ssoService(() => json(200, { tokenType: 'Bearer' })));
    await expect(asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()))).rejects.toThrow(/answered without a usable accessToken and expiresIn/);
  });

  it('retries a refresh on network errors, then reports the network failure', async () => {
    const { NetworkError } = await import('../../src/errors.js');
    const machine = machineWith(
      { [SESSION_CACHE_FILE]: sessionToken(NOW - 1) },
      ssoService(() => {
        throw new NetworkError('refused', 'connection refused', 'https://oidc.eu-west-1.amazonaws.com/token');
      }),
    );
    await expect(asSource('profile', resolveSsoBase(sourceInput(machine), sessionBase()))).rejects.toThrow(/refreshing it failed \(SSO-OIDC CreateToken: connection refused/);
    expect(tokenRequests(machine.requests)).toHaveLength(3);
  });
});
