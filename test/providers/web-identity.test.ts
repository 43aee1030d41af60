// Web identity (docs/behaviour.md, "Web identity") through the chain on a fake machine: the env form, the token file re-read on
// every fetch, half-configured and broken settings, and the profile form's entry point.
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { assumeRoleWithWebIdentity } from '../../src/providers/web-identity.js';
import { fakeMachine } from '../support/fake-context.js';
import { asSource, sourceInput } from '../support/source-input.js';
import { credentialsReply, errorReply } from '../sts/support/replies.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';
const TOKEN_1 = 'eyJhbGciOiJSUzI1NiJ9.tokenOneSENTINEL.sig1';
const TOKEN_2 = 'eyJhbGciOiJSUzI1NiJ9.tokenTwoSENTINEL.sig2';
const ROLE = 'arn:aws:iam::210987654321:role/eks-app';
const ISSUED_SECRET = 'issuedSecretSENTINEL/abcdefghijklmnopqrstuv';
const ISSUED_TOKEN = 'issuedTokenSENTINEL-FwoGZXIvYXdzEJr';
const SECRETS = [TOKEN_1, TOKEN_2, ISSUED_SECRET, ISSUED_TOKEN];

const SESSION = {
  accessKeyId: 'ASIAWEBIDEXAMPLE0001',
  secretAccessKey: ISSUED_SECRET,
  sessionToken: ISSUED_TOKEN,
  expiration: '2026-11-22T13:00:00Z',
  arn: 'arn:aws:sts::210987654321:assumed-role/eks-app/s1',
};

function setup(env: Record<string, string>, options: { files?: Record<string, string>; answer?: (r: HttpRequest) => HttpResponse } = {}) {
  const machine = fakeMachine({
    env,
    files: options.files ?? { [TOKEN_FILE]: TOKEN_1 },
    request: options.answer ?? (() => ({ status: 200, headers: {}, body: credentialsReply('AssumeRoleWithWebIdentity', SESSION) })),
  });
  return machine;
}

const ENV = { AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_FILE, AWS_ROLE_ARN: ROLE };
const params = (request: HttpRequest) => new URLSearchParams(request.body);

function assertNoSecrets(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('web identity from the environment', () => {
  it('trades the token for role credentials (source web-identity, account id from the ARN)', async () => {
    const m = setup({ ...ENV, AWS_REGION: 'eu-central-1', AWS_ROLE_SESSION_NAME: 'pod-abc' });
    const provider = credentialChain({ context: m.context, sources: ['web-identity'] });
    const credentials = await provider();
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAWEBIDEXAMPLE0001',
      secretAccessKey: ISSUED_SECRET,
      sessionToken: ISSUED_TOKEN,
      accountId: '210987654321',
      source: 'web-identity',
    });
    expect(credentials.expiration).toEqual(new Date('2026-11-22T13:00:00Z'));
    expect(m.requests).toHaveLength(1);
    const request = m.requests[0]!;
    expect(request.url).toBe('https://sts.eu-central-1.amazonaws.com/');
    expect(request.headers?.authorization).toBeUndefined();
    expect(Object.fromEntries(params(request))).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'pod-abc',
      WebIdentityToken: TOKEN_1,
    });
    const explanation = await provider.explain();
    expect(explanation.trace[0]).toMatchObject({ source: 'web-identity', outcome: 'hit' });
    expect(explanation.trace[0]!.notes.join('\n')).toContain(`assumed ${ROLE} (session pod-abc) with the token in ${TOKEN_FILE}`);
    assertNoSecrets(JSON.stringify(explanation) + m.logs.join('\n'));
  });

  it('reads the token file on every fetch (it rotates)', async () => {
    const m = setup(ENV);
    const provider = credentialChain({ context: m.context, sources: ['web-identity'] });
    await provider();
    m.files.set(TOKEN_FILE, TOKEN_2);
    await provider({ forceRefresh: true });
    expect(m.requests.map((r) => params(r).get('WebIdentityToken'))).toEqual([TOKEN_1, TOKEN_2]);
  });

  it('drops a trailing newline of the token file (beyond: the SDK sends it)', async () => {
    const m = setup(ENV, { files: { [TOKEN_FILE]: `${TOKEN_1}\n` } });
    await credentialChain({ context: m.context, sources: ['web-identity'] })();
    expect(params(m.requests[0]!).get('WebIdentityToken')).toBe(TOKEN_1);
  });

  it('names the session credchain-<ms> by default, or after the roleSessionName option', async () => {
    const m = setup(ENV);
    await credentialChain({ context: m.context, sources: ['web-identity'] })();
    expect(params(m.requests[0]!).get('RoleSessionName')).toBe(`credchain-${Date.parse('2026-11-22T12:00:00Z')}`);
    const n = setup(ENV);
    await credentialChain({ context: n.context, sources: ['web-identity'], roleSessionName: 'my-app' })();
    expect(params(n.requests[0]!).get('RoleSessionName')).toBe('my-app');
  });

  it('uses the STS region and endpoint rules: clientConfig.region, AWS_ENDPOINT_URL_STS', async () => {
    const m = setup({ ...ENV, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566' });
    await credentialChain({ context: m.context, sources: ['web-identity'], clientConfig: { region: 'us-west-2' } })();
    expect(m.requests[0]!.url).toBe('http://127.0.0.1:4566/');
    const n = setup({ ...ENV, AWS_REGION: 'eu-west-1' });
    await credentialChain({ context: n.context, sources: ['web-identity'], clientConfig: { region: 'us-west-2' } })();
    expect(n.requests[0]!.url).toBe('https://sts.us-west-2.amazonaws.com/');
  });

  it('notes in the trace when us-east-1 is used for lack of a region (the SDK warns)', async () => {
    const m = setup(ENV);
    const provider = credentialChain({ context: m.context, sources: ['web-identity'] });
    await provider();
    expect(m.requests[0]!.url).toBe('https://sts.us-east-1.amazonaws.com/');
    expect((await provider.explain()).trace[0]!.notes.join('\n')).toMatch(/STS region us-east-1 used by default/);
  });

  it.each([
    [{}, /AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set/],
    [{ AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_FILE }, /AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not, so web identity is not used \(the AWS SDK moves on in this case too\)/],
    [{ AWS_ROLE_ARN: ROLE }, /AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not/],
    [{ AWS_ROLE_ARN: ROLE, AWS_WEB_IDENTITY_TOKEN_FILE: '' }, /AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not/],
  ])('misses (chain continues, as in the SDK) when not fully configured: %o', async (env, reason) => {
    const m = setup(env as Record<string, string>);
    const explanation = await credentialChain({ context: m.context, sources: ['web-identity'] }).explain();
    expect(explanation.trace).toEqual([expect.objectContaining({ source: 'web-identity', outcome: 'miss', reason: expect.stringMatching(reason) })]);
    expect(m.requests).toHaveLength(0);
  });

  it('stops the chain when the named token file does not exist, naming the path', async () => {
    const m = setup(ENV, { files: {} });
    const explanation = await credentialChain({ context: m.context, sources: ['web-identity', 'env'] }).explain();
    expect(explanation.trace[0]).toMatchObject({ outcome: 'error' });
    expect(explanation.trace[0]!.reason).toContain(`web-identity: the web identity token file ${TOKEN_FILE} (AWS_WEB_IDENTITY_TOKEN_FILE) does not exist`);
    expect(explanation.trace[1]).toMatchObject({ source: 'env', outcome: 'skipped' });
    expect(m.requests).toHaveLength(0);
  });

  it('stops the chain when the token file cannot be read or is empty', async () => {
    const m = setup(ENV);
    m.context.readFile = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    await expect(credentialChain({ context: m.context, sources: ['web-identity'] })()).rejects.toThrow(/token file .* cannot be read \(EACCES\)/);
    const n = setup(ENV, { files: { [TOKEN_FILE]: '\n' } });
    await expect(credentialChain({ context: n.context, sources: ['web-identity'] })()).rejects.toThrow(/token file .* is empty/);
  });

  it('stops the chain on an STS error, with the code and a fix, and no secret anywhere', async () => {
    const m = setup(ENV, { answer: () => ({ status: 400, headers: {}, body: errorReply('InvalidIdentityToken', 'Couldn\'t retrieve verification key from your identity provider') }) });
    const provider = credentialChain({ context: m.context, sources: ['web-identity'] });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect((error as CredentialsProviderError).code).toBe('InvalidIdentityToken');
    expect((error as Error).message).toContain('InvalidIdentityToken: Couldn\'t retrieve verification key');
    expect((error as CredentialsProviderError).fix).toContain(TOKEN_FILE);
    assertNoSecrets((error as Error).message + JSON.stringify(await provider.explain()) + m.logs.join('\n'));
  });
});

describe('assumeRoleWithWebIdentity (profile form, called by the profile executor)', () => {
  it('uses the given role, file and session name, and names the profile in errors', async () => {
    const m = setup({ AWS_REGION: 'ap-south-1' });
    const input = sourceInput(m.context, { profile: 'ci' });
    const credentials = await asSource('profile', assumeRoleWithWebIdentity(input, { roleArn: ROLE, tokenFile: TOKEN_FILE, roleSessionName: 'ci-run', profile: 'ci' }));
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAWEBIDEXAMPLE0001', source: 'profile', accountId: '210987654321' });
    expect(params(m.requests[0]!).get('RoleSessionName')).toBe('ci-run');
    expect(m.requests[0]!.url).toBe('https://sts.ap-south-1.amazonaws.com/');

    const missing = await asSource('profile', assumeRoleWithWebIdentity(input, { roleArn: ROLE, tokenFile: '/nope', profile: 'ci' })).catch((e: unknown) => e);
    expectBroken(missing);
    expect((missing as Error).message).toBe(
      'profile: the web identity token file /nope (web_identity_token_file of profile "ci") does not exist. Point the setting at the token file your platform writes (e.g. the projected service account token on EKS), or unset it',
    );
  });

  it('falls back to AWS_ROLE_SESSION_NAME when the profile has no role_session_name (as the SDK does)', async () => {
    const m = setup({ AWS_ROLE_SESSION_NAME: 'from-env' });
    await asSource('profile', assumeRoleWithWebIdentity(sourceInput(m.context), { roleArn: ROLE, tokenFile: TOKEN_FILE, profile: 'default' }));
    expect(params(m.requests[0]!).get('RoleSessionName')).toBe('from-env');
  });
});
