// The STS client end to end against the loopback emulator (real sockets, real signatures checked by the
// emulator): web identity, GetCallerIdentity, and faults a real STS produces on a bad day.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveContext } from '../../src/context.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { getCallerIdentity, stsAssumeRole, stsAssumeRoleWithWebIdentity, stsGetSessionToken, type StsCall } from '../../src/sts/client.js';
import { errorReply } from './support/replies.js';
import { labelled } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.loopbackToken.sig';
const KEY = 'AKIALOOPBACKEXAMPLE1';
const SECRET = 'loopbackSecret/0123456789abcdefghijklmnopq';
const ROLE = 'arn:aws:iam::123456789012:role/eks/web-identity-role';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ scenario: { users: { dev: { accessKeyId: KEY, secretAccessKey: SECRET } }, webIdentity: { tokens: [TOKEN] } } });
});
afterEach(() => emulator.reset());
afterAll(async () => emulator.close());

function call(): StsCall {
  // Real HTTP and clock; no waiting between retries (random 0 → full jitter of 0 ms).
  return { context: resolveContext({ env: {}, logger: {} }), endpoint: { url: emulator.url, signingRegion: 'us-east-1' }, random: () => 0 };
}
const webIdentity = () => stsAssumeRoleWithWebIdentity(call(), { roleArn: ROLE, roleSessionName: 'loop', webIdentityToken: TOKEN });

describe('STS client against the loopback emulator', () => {
  it('AssumeRoleWithWebIdentity, then GetCallerIdentity with the session it issued', async () => {
    const session = await webIdentity();
    expect(emulator.issued(session.accessKeyId)?.roleArn).toBe(ROLE);
    const who = await getCallerIdentity(call(), session);
    expect(who).toMatchObject({ account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/web-identity-role/loop' });
  });

  it('GetCallerIdentity with long-term keys; the emulator checks the signature', async () => {
    expect((await getCallerIdentity(call(), { accessKeyId: KEY, secretAccessKey: SECRET })).arn).toBe('arn:aws:iam::123456789012:user/dev');
    const error = await labelled('web-identity', getCallerIdentity(call(), { accessKeyId: KEY, secretAccessKey: 'wrong/secret-000000000000000000000000000' })).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as CredentialsProviderError).code).toBe('SignatureDoesNotMatch');
    expect((error as CredentialsProviderError).fix).toMatch(/secret access key does not belong/);
  });

  it('AssumeRole signed with the scenario user', async () => {
    const session = await stsAssumeRole(call(), { accessKeyId: KEY, secretAccessKey: SECRET }, { roleArn: 'arn:aws:iam::123456789012:role/admin', roleSessionName: 'loop-admin', durationSeconds: 900 });
    expect(emulator.issued(session.accessKeyId)).toMatchObject({ roleArn: 'arn:aws:iam::123456789012:role/admin', issuedBy: 'sts:AssumeRole' });
    expect(session.expiration.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('GetSessionToken signed with long-term keys: a session for the same user; a refusal is a broken-source error', async () => {
    const session = await stsGetSessionToken(call(), { accessKeyId: KEY, secretAccessKey: SECRET }, { durationSeconds: 900 });
    expect(session.accessKeyId).toMatch(/^ASIA/);
    expect(emulator.issued(session.accessKeyId)).toMatchObject({ arn: 'arn:aws:iam::123456789012:user/dev', issuedBy: 'sts:GetSessionToken' });
    expect((await getCallerIdentity(call(), session)).arn).toBe('arn:aws:iam::123456789012:user/dev');
    const error = await labelled('serve', stsGetSessionToken(call(), session, {})).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as CredentialsProviderError).message).toMatch(/STS GetSessionToken at .* failed: AccessDenied: Cannot call GetSessionToken with session credentials/);
    expect((error as Error).message).not.toContain(session.secretAccessKey);
  });

  it('retries two 503s and succeeds on the third attempt', async () => {
    emulator.fault('sts:AssumeRoleWithWebIdentity', { status: 503, body: errorReply('ServiceUnavailable', 'down', 'Receiver'), times: 2 });
    await webIdentity();
    expect(emulator.count('sts:AssumeRoleWithWebIdentity')).toBe(3);
  });

  it('retries a dropped connection', async () => {
    emulator.fault('sts', { drop: true, times: 1 });
    await webIdentity();
    expect(emulator.count('sts')).toBe(2);
  });

  it('beyond: retries IDPCommunicationError', async () => {
    emulator.fault('sts', { status: 400, body: errorReply('IDPCommunicationError', 'The IdP could not be reached'), times: 1 });
    await webIdentity();
    expect(emulator.count('sts')).toBe(2);
  });

  it('stops after 4 attempts when STS keeps failing, saying so', async () => {
    emulator.fault('sts', { status: 500, body: errorReply('InternalFailure', 'boom', 'Receiver') });
    const error = await webIdentity().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed after 4 attempts: InternalFailure: boom \(HTTP 500/);
    expect(emulator.count('sts')).toBe(4);
  });

  it('refuses a malformed reply without retrying it', async () => {
    emulator.fault('sts', { malformed: true });
    const error = await webIdentity().catch((e: unknown) => e);
    expect((error as CredentialsProviderError).code).toBe('MalformedReply');
    expect(emulator.count('sts')).toBe(1);
  });

  it('a per-request timeout bounds a slow STS', async () => {
    emulator.fault('sts', { delayMs: 2_000 });
    const error = await labelled('web-identity', stsAssumeRoleWithWebIdentity({ ...call(), timeoutMs: 100, maxRetries: 1 }, { roleArn: ROLE, roleSessionName: 'loop', webIdentityToken: TOKEN })).catch((e: unknown) => e);
    expect((error as CredentialsProviderError).code).toBe('timeout');
    expect((error as Error).message).toMatch(/after 2 attempts: no complete answer within 100 ms/);
  });
});
