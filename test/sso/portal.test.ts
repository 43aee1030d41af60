// GetRoleCredentials: request shape, reply parsing, errors and retries (docs/behaviour.md, "SSO").
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { resolveSsoBase } from '../../src/providers/sso.js';
import {
  ACCESS_TOKEN, LEGACY_CACHE_FILE, NOW, ROLE_SECRET, ROLE_SESSION_TOKEN, cachedToken, expectNoSecrets, json, legacyBase, machineWith,
  roleCredentialsReply, sourceInput, type Handler,
} from './harness.js';
import { asSource } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const files = { [LEGACY_CACHE_FILE]: cachedToken(NOW + 3600_000) };
const portal = (handler: Handler) => machineWith(files, handler);
const resolve = (machine: ReturnType<typeof portal>) => asSource('profile', resolveSsoBase(sourceInput(machine), legacyBase()));

describe('SSO GetRoleCredentials', () => {
  it('sends GET /federation/credentials with account_id, role_name and the bearer header, and maps the reply', async () => {
    const machine = portal(() => roleCredentialsReply(Date.parse('2026-11-22T13:00:00Z')));
    const credentials = await resolve(machine);
    const [request] = machine.requests;
    expect(request!.method).toBe('GET');
    expect(request!.url).toBe('https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=123456789012&role_name=ReadOnly');
    expect(request!.headers).toEqual({ 'x-amz-sso_bearer_token': ACCESS_TOKEN });
    expect(credentials).toEqual({
      accessKeyId: 'ASIASSOEXAMPLE000001',
      secretAccessKey: ROLE_SECRET,
      sessionToken: ROLE_SESSION_TOKEN,
      expiration: new Date('2026-11-22T13:00:00Z'),
      accountId: '123456789012',
      source: 'profile',
    });
  });

  it.each([
    ['epoch milliseconds (what the service sends)', Date.parse('2026-11-22T13:00:00Z')],
    ['an ISO date (the SDK reads it with new Date(), so credchain does too)', '2026-11-22T13:00:00.000Z'],
  ])('takes the expiration as %s', async (_what, expiration) => {
    const body = JSON.stringify({ roleCredentials: { accessKeyId: 'ASIASSOEXAMPLE000001', secretAccessKey: ROLE_SECRET, sessionToken: ROLE_SESSION_TOKEN, expiration } });
    const credentials = await resolve(portal(() => ({ status: 200, headers: {}, body })));
    expect(credentials.expiration).toEqual(new Date('2026-11-22T13:00:00Z'));
  });

  it('encodes role names that need it', async () => {
    const machine = portal(() => roleCredentialsReply());
    await asSource('profile', resolveSsoBase(sourceInput(machine), legacyBase({ ssoRoleName: 'Team Admin+Ops' })));
    expect(new URL(machine.requests[0]!.url).searchParams.get('role_name')).toBe('Team Admin+Ops');
  });

  it.each([
    [401, 'UnauthorizedException', 'Session token not found or invalid'],
    [403, 'ForbiddenException', 'No access'],
  ])('stops on %i with the login hint and the service code', async (status, code, message) => {
    const machine = portal(() => json(status, { message }, { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/` }));
    const error = await resolve(machine).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as CredentialsProviderError).code).toBe(code);
    expect((error as Error).message).toMatch(new RegExp(`GetRoleCredentials for account 123456789012 role ReadOnly was refused at https://portal.sso.eu-west-1.amazonaws.com/federation/credentials: ${code} \\(HTTP ${status}\\): ${message}.*aws sso login --profile legacy`));
    expect(machine.requests).toHaveLength(1);
    expectNoSecrets([(error as Error).message], expect);
  });

  it('reads the error code from __type when there is no header, and never echoes the bearer token', async () => {
    const machine = portal(() => json(400, { __type: 'com.amazonaws.sso#InvalidRequestException', message: `bad token ${ACCESS_TOKEN}` }));
    const error = (await resolve(machine).catch((e: unknown) => e)) as CredentialsProviderError;
    expect(error.code).toBe('InvalidRequestException');
    expect(error.message).toMatch(/failed at .*InvalidRequestException \(HTTP 400\): bad token \[redacted\]/);
    expectNoSecrets([error.message], expect);
  });

  it('retries 5xx and 429 up to 3 attempts in all, then succeeds', async () => {
    let calls = 0;
    const machine = portal(() => (++calls < 3 ? json(calls === 1 ? 503 : 429, { message: 'busy' }) : roleCredentialsReply()));
    await expect(resolve(machine)).resolves.toMatchObject({ accessKeyId: 'ASIASSOEXAMPLE000001' });
    expect(calls).toBe(3);
  });

  it('gives up after 3 attempts on a persistent 5xx', async () => {
    const machine = portal(() => json(500, { message: 'internal' }, { 'x-amzn-errortype': 'InternalServerException' }));
    await expect(resolve(machine)).rejects.toThrow(/failed at .*InternalServerException \(HTTP 500\): internal/);
    expect(machine.requests).toHaveLength(3);
  });

  it('retries network errors and then stops with the network failure (no fall-through)', async () => {
    const machine = portal(() => {
      throw new NetworkError('timeout', 'no complete answer within 10000 ms', 'https://portal.sso.eu-west-1.amazonaws.com/federation/credentials');
    });
    const error = (await resolve(machine).catch((e: unknown) => e)) as CredentialsProviderError;
    expectBroken(error);
    expect(error.code).toBe('timeout');
    expect(machine.requests).toHaveLength(3);
  });

  it('does not retry other 4xx answers', async () => {
    const machine = portal(() => json(404, { message: 'No role' }, { 'x-amzn-errortype': 'ResourceNotFoundException' }));
    await expect(resolve(machine)).rejects.toThrow(/ResourceNotFoundException \(HTTP 404\): No role/);
    expect(machine.requests).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'oops'],
    ['no roleCredentials', '{}'],
    ['no sessionToken', JSON.stringify({ roleCredentials: { accessKeyId: 'ASIA1234567890123456', secretAccessKey: ROLE_SECRET, expiration: NOW } })],
    ['an expiration that is not a date', JSON.stringify({ roleCredentials: { accessKeyId: 'ASIA1234567890123456', secretAccessKey: ROLE_SECRET, sessionToken: ROLE_SESSION_TOKEN, expiration: 'soon' } })],
    ['an expiration that is neither a number nor a string', JSON.stringify({ roleCredentials: { accessKeyId: 'ASIA1234567890123456', secretAccessKey: ROLE_SECRET, sessionToken: ROLE_SESSION_TOKEN, expiration: { at: NOW } } })],
  ])('refuses a reply with %s (the SDK: "SSO returns an invalid temporary credential")', async (_what, body) => {
    const machine = portal(() => ({ status: 200, headers: {}, body }));
    const error = (await resolve(machine).catch((e: unknown) => e)) as Error;
    expectBroken(error);
    expect(error.message).toMatch(/answered without usable credentials/);
    expectNoSecrets([error.message], expect);
  });
});
