// Defects the hardening suite found, each pinned by the smallest test that shows it (the fault
// matrix and the property tests find them again; these say exactly what was wrong).

import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/context.js';
import { NetworkError } from '../../src/errors.js';
import { fetchImdsCredentials, newImdsSessionState } from '../../src/metadata/imds-client.js';
import { createSsoToken } from '../../src/sso/oidc.js';
import { getRoleCredentials } from '../../src/sso/portal.js';
import { fakeMachine } from '../support/fake-context.js';
import { labelled, ssoCall } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const reply = (status: number, body: string): HttpResponse => ({ status, headers: {}, body });

describe('SSO-OIDC CreateToken: an expiresIn with no representable expiry', () => {
  it.each(['1e400', '1e300'])('expiresIn %s is refused, not turned into an Invalid Date', async (expiresIn) => {
    const machine = fakeMachine({ request: () => reply(200, `{"accessToken":"a-new-token","expiresIn":${expiresIn}}`) });
    const error = await labelled('profile', createSsoToken(ssoCall(machine.context), { region: 'us-east-1', clientId: 'c', clientSecret: 'secretSENTINEL-1', refreshToken: 'refreshSENTINEL-1' })).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/without a usable accessToken and expiresIn/);
  });
});

describe('SSO GetRoleCredentials failures say what to do', () => {
  const request = { region: 'us-east-1', accountId: '123456789012', roleName: 'ReadOnly', accessToken: 'bearerSENTINEL-000000', loginFix: 'run `aws sso login`' };
  it.each([
    ['a network failure', () => Promise.reject(new NetworkError('refused', 'connection refused', 'https://portal.sso.us-east-1.amazonaws.com/federation/credentials')), /reachable from here/],
    ['HTTP 500', () => reply(500, '{"message":"internal"}'), /try again later/],
    ['HTTP 429', () => reply(429, '{"message":"slow down"}'), /try again later/],
    ['HTTP 400', () => reply(400, '{"message":"bad account"}'), /Check sso_account_id, sso_role_name and sso_region/],
    ['a 200 without credentials', () => reply(200, '{"roleCredentials":{}}'), /IAM Identity Center portal/],
  ] as const)('%s', async (_name, answer, fix) => {
    const machine = fakeMachine({ request: answer as () => Promise<HttpResponse> });
    const error = (await labelled('profile', getRoleCredentials(ssoCall(machine.context), request)).catch((e: unknown) => e)) as CredentialsProviderError;
    expectBroken(error);
    expect(error.fix).toMatch(fix);
  });
});

describe('IMDS error statuses say what to do', () => {
  it.each([
    ['the token request', (url: string) => url.endsWith('/api/token')],
    ['the credentials request', (url: string) => url.includes('/security-credentials/role')],
  ])('a 503 on %s, after the retries', async (_name, failing) => {
    const machine = fakeMachine({
      request: (req) => {
        if (failing(req.url)) return reply(503, 'Service Unavailable');
        if (req.url.endsWith('/api/token')) return { status: 200, headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' }, body: 'imdsTokenSENTINEL' };
        return reply(200, 'role');
      },
    });
    const call = { context: machine.context, state: newImdsSessionState(machine.context.now), note: () => undefined, settings: { origin: 'http://169.254.169.254', from: 'test', timeoutMs: 1000, maxRetries: 1, v1Disabled: { disabled: false } } };
    const error = (await labelled('imds', fetchImdsCredentials(call)).catch((e: unknown) => e)) as CredentialsProviderError;
    expectBroken(error);
    expect(error.message).toMatch(/HTTP 503 \(2 attempts\)/);
    expect(error.fix).toMatch(/try again later/);
  });
});

describe('IMDS: the role listing is checked before it is used or shown (issue 14, item 3)', () => {
  const settings = { origin: 'http://169.254.169.254', from: 'test', timeoutMs: 1000, maxRetries: 0, v1Disabled: { disabled: false } };
  it.each([
    ['a credentials JSON', '{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"imdsSecretSENTINEL/0123456789"}'],
    ['an HTML page', `<html>${'x'.repeat(10_000)}</html>`],
    ['a name of 65 characters', 'r'.repeat(65)],
    ['a terminal escape', 'role\u001b[2J'],
  ])('%s as the role name: refused, never echoed, no credentials request', async (_name, listing) => {
    const machine = fakeMachine({
      request: (req) => (req.url.endsWith('/api/token') ? { status: 200, headers: {}, body: 'imdsTokenSENTINEL-1' } : reply(200, listing)),
    });
    const call = { context: machine.context, state: newImdsSessionState(machine.context.now), note: () => undefined, settings };
    const error = (await labelled('imds', fetchImdsCredentials(call)).catch((e: unknown) => e)) as CredentialsProviderError;
    expectBroken(error);
    expect(error.message).toMatch(/answered a role name that is not an IAM role name \(\d+ characters; not shown\)/);
    expect(error.message).not.toContain(listing.slice(0, 12));
    expect(machine.requests).toHaveLength(2);
  });

  it('a valid IAM role name with every allowed character is used', async () => {
    const machine = fakeMachine({
      request: (req) => {
        if (req.url.endsWith('/api/token')) return { status: 200, headers: {}, body: 'imdsTokenSENTINEL-1' };
        if (req.url.endsWith('/security-credentials/')) return reply(200, 'My+Role=1,a.b@c_d-e\n');
        return reply(200, JSON.stringify({ Code: 'Success', AccessKeyId: 'ASIAEXAMPLE000000001', SecretAccessKey: 'imdsSecretSENTINEL/1', Token: 'tok', Expiration: '2099-01-01T00:00:00Z' }));
      },
    });
    const call = { context: machine.context, state: newImdsSessionState(machine.context.now), note: () => undefined, settings };
    await expect(fetchImdsCredentials(call)).resolves.toMatchObject({ role: 'My+Role=1,a.b@c_d-e' });
  });
});
