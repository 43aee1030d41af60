// assumeRoleHop(): one AssumeRole per hop of a profile plan — parameters, MFA, the endpoint of the
// selected profile, signatures verified independently, and errors that stop the chain.
import { describe, expect, it } from 'vitest';
import type { RoleHop } from '../../src/config/plan.js';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { makeCredentials } from '../../src/credentials.js';
import { assumeRoleHop } from '../../src/sts/assume-role.js';
import type { ChainOptions } from '../../src/source.js';
import { fakeMachine } from '../support/fake-context.js';
import { asSource, sourceInput } from '../support/source-input.js';
import { stsCallFor } from '../../src/providers/sts-call.js';
import { credentialsReply, errorReply } from './support/replies.js';
import { expectedSignature, parseAuthorization } from './support/resign.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const FROM_SECRET = 'fromSecretSENTINEL/0123456789abcdefghijklmn';
const FROM_TOKEN = 'fromTokenSENTINEL-abcdefghijklmnop';
const ISSUED_SECRET = 'hopSecretSENTINEL/abcdefghijklmnopqrstuvwx';
const ISSUED_TOKEN = 'hopTokenSENTINEL-FwoGZXIvYXdzEJr';
const MFA_CODE = '493817';
const SECRETS = [FROM_SECRET, FROM_TOKEN, ISSUED_SECRET, ISSUED_TOKEN, MFA_CODE];
const FROM = makeCredentials({ accessKeyId: 'ASIAFROMEXAMPLE00001', secretAccessKey: FROM_SECRET, sessionToken: FROM_TOKEN, source: 'profile' });
const HOP: RoleHop = { profile: 'admin', roleArn: 'arn:aws:iam::111122223333:role/admin' };
const SESSION = {
  accessKeyId: 'ASIAHOPEXAMPLE000001',
  secretAccessKey: ISSUED_SECRET,
  sessionToken: ISSUED_TOKEN,
  expiration: '2026-11-22T13:00:00Z',
  arn: 'arn:aws:sts::111122223333:assumed-role/admin/s',
};

function setup(env: Record<string, string> = {}, config?: string, answer?: (r: HttpRequest) => HttpResponse) {
  const files: Record<string, string> = config ? { '/home/test/.aws/config': config } : {};
  return fakeMachine({ env, files, request: answer ?? (() => ({ status: 200, headers: {}, body: credentialsReply('AssumeRole', SESSION) })) });
}

async function hop(m: ReturnType<typeof setup>, step: RoleHop = HOP, options: ChainOptions = {}) {
  const input = sourceInput(m.context, options);
  const call = { sts: await stsCallFor(input, 'role-hop'), sessionNameOption: options.roleSessionName, mfaCodeProvider: options.mfaCodeProvider, note: input.note };
  const credentials = await asSource('profile', assumeRoleHop(call, FROM, step));
  return { credentials, notes: input.notes };
}

const form = (request: HttpRequest) => Object.fromEntries(new URLSearchParams(request.body));

describe('assumeRoleHop', () => {
  it('the roleSessionName option names a hop without role_session_name (beyond: the SDK ignores it for hops)', async () => {
    const m = setup({ AWS_REGION: 'eu-west-1' });
    await hop(m, HOP, { roleSessionName: 'my-app' });
    expect(form(m.requests[0]!).RoleSessionName).toBe('my-app');
  });

  it('assumes the role with the defaults: a unique session name and 3600 s, signed with the previous credentials', async () => {
    const m = setup({ AWS_REGION: 'eu-west-1' });
    const { credentials, notes } = await hop(m);
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAHOPEXAMPLE000001', secretAccessKey: ISSUED_SECRET, sessionToken: ISSUED_TOKEN, accountId: '111122223333', source: 'profile' });
    expect(credentials.expiration).toEqual(new Date('2026-11-22T13:00:00Z'));
    const request = m.requests[0]!;
    expect(request.url).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(form(request)).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: HOP.roleArn,
      RoleSessionName: `credchain-${m.clock.now}`,
      DurationSeconds: '3600',
    });
    const auth = parseAuthorization(request.headers!.authorization ?? request.headers!.Authorization!);
    expect(auth).toMatchObject({ accessKeyId: 'ASIAFROMEXAMPLE00001', region: 'eu-west-1', service: 'sts' });
    expect(auth.signature).toBe(expectedSignature({ method: 'POST', url: request.url, headers: request.headers!, body: request.body! }, FROM_SECRET));
    expect(notes.join('\n')).toContain(`profile "admin": assumed ${HOP.roleArn}`);
    for (const secret of SECRETS) expect(notes.join('\n')).not.toContain(secret);
  });

  it('sends role_session_name, external_id, duration_seconds and the MFA serial + code', async () => {
    const m = setup();
    const asked: string[] = [];
    await hop(
      m,
      { ...HOP, roleSessionName: 'ops', externalId: 'ext-42', durationSeconds: 900, mfaSerial: 'arn:aws:iam::111122223333:mfa/alice' },
      { mfaCodeProvider: async (serial) => (asked.push(serial), MFA_CODE) },
    );
    expect(asked).toEqual(['arn:aws:iam::111122223333:mfa/alice']);
    expect(form(m.requests[0]!)).toMatchObject({
      RoleSessionName: 'ops',
      ExternalId: 'ext-42',
      DurationSeconds: '900',
      SerialNumber: 'arn:aws:iam::111122223333:mfa/alice',
      TokenCode: MFA_CODE,
    });
  });

  it('stops before any request when mfa_serial is set and no mfaCodeProvider was given', async () => {
    const m = setup();
    const error = await hop(m, { ...HOP, mfaSerial: 'arn:aws:iam::111122223333:mfa/alice' }).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/profile: profile "admin" has mfa_serial = arn:aws:iam::111122223333:mfa\/alice, so assuming .+ needs an MFA code, but no mfaCodeProvider was given/);
    expect((error as CredentialsProviderError).fix).toMatch(/credentialChain\(\{ mfaCodeProvider/);
    expect(m.requests).toHaveLength(0);
  });

  it.each([
    ['throws', async () => Promise.reject(new Error('user cancelled')), /no MFA code for arn:aws:iam::1:mfa\/a \(profile "[^"]+"\): user cancelled/],
    ['returns no 6-digit code', async () => 'abc', /returned something other than a 6-digit code/],
  ])('stops when the MFA code provider %s', async (_name, mfaCodeProvider, message) => {
    const m = setup();
    const error = await hop(m, { ...HOP, mfaSerial: 'arn:aws:iam::1:mfa/a' }, { mfaCodeProvider }).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(message);
    expect(m.requests).toHaveLength(0);
  });

  it('uses the selected profile for region and endpoint settings', async () => {
    const config = ['[default]', 'region = eu-west-1', '[profile dev]', 'region = ap-northeast-1', 'sts_regional_endpoints = legacy', ''].join('\n');
    const m = setup({ AWS_PROFILE: 'dev' }, config);
    await hop(m);
    expect(m.requests[0]!.url).toBe('https://sts.amazonaws.com/');
    expect(parseAuthorization(m.requests[0]!.headers!.authorization!).region).toBe('us-east-1');
    const n = setup({}, config);
    await hop(n, HOP, { profile: 'dev', clientConfig: { region: 'ca-central-1' } });
    expect(n.requests[0]!.url).toBe('https://sts.amazonaws.com/');
    // A role hop: the role profile's region beats AWS_REGION, as in the SDK (test/differential/sts-region.test.ts).
    const o = setup({ AWS_REGION: 'eu-west-3' }, config);
    await hop(o, HOP, { profile: 'default' });
    expect(o.requests[0]!.url).toBe('https://sts.eu-west-1.amazonaws.com/');
    const p = setup({ AWS_REGION: 'eu-west-3' }, '[default]\n');
    await hop(p, HOP, { profile: 'default' });
    expect(p.requests[0]!.url).toBe('https://sts.eu-west-3.amazonaws.com/');
  });

  it('stops the chain on AccessDenied with the STS code, the role and a fix — never a secret', async () => {
    const m = setup({}, undefined, () => ({
      status: 403,
      headers: {},
      body: errorReply('AccessDenied', 'User: arn:aws:sts::111122223333:assumed-role/base/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/admin'),
    }));
    const error = await hop(m, { ...HOP, mfaSerial: 'arn:aws:iam::1:mfa/a' }, { mfaCodeProvider: async () => MFA_CODE }).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as CredentialsProviderError).code).toBe('AccessDenied');
    expect((error as Error).message).toContain(`profile: STS AssumeRole for ${HOP.roleArn} at https://sts.us-east-1.amazonaws.com/ failed: AccessDenied: User:`);
    expect((error as Error).message).toContain('trust policy');
    for (const secret of SECRETS) expect((error as Error).message).not.toContain(secret);
  });
});
