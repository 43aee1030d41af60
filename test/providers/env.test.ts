import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';
import { broken, notConfigured } from '../../src/errors.js';

const SECRET = 'envSecretSENTINEL/abcdefghijklmnopqrstu';
const TOKEN = 'envTokenSENTINEL-0123456789';

function envOnly(env: Record<string, string>, extra: { profile?: string } = {}) {
  const machine = fakeMachine({ env });
  const provider = credentialChain({ context: machine.context, sources: ['env'], ...extra });
  return { machine, provider };
}

describe('env source (docs/behaviour.md, "Environment variables")', () => {
  it('returns the full set of variables', async () => {
    const { provider } = envOnly({
      AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
      AWS_CREDENTIAL_SCOPE: 'us-west-2',
      AWS_ACCOUNT_ID: '123456789012',
    });
    const credentials = await provider();
    expect(credentials).toMatchObject({
      accessKeyId: 'AKIAENVEXAMPLE000001',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      credentialScope: 'us-west-2',
      accountId: '123456789012',
      source: 'env',
    });
    expect(credentials.expiration?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('leaves optional fields out rather than setting them empty', async () => {
    const { provider } = envOnly({ AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: '' });
    const credentials = await provider();
    expect(Object.keys(credentials).sort()).toEqual(['accessKeyId', 'secretAccessKey', 'source']);
  });

  it.each([
    [{}, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/],
    [{ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }, /are not set/],
  ])('misses (chain continues) when neither variable is set: %o', async (env, reason) => {
    const { provider } = envOnly(env as Record<string, string>);
    const explanation = await provider.explain();
    expect(explanation.ok).toBe(false);
    expect(explanation.trace).toEqual([expect.objectContaining({ source: 'env', outcome: 'miss', reason: expect.stringMatching(reason) })]);
    expect(explanation.error).not.toContain(SECRET);
  });

  it.each([
    [{ AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001' }, 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not', 'Set AWS_SECRET_ACCESS_KEY to the other half of the same access key, or unset AWS_ACCESS_KEY_ID'],
    [{ AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: '' }, 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not', 'Set AWS_SECRET_ACCESS_KEY'],
    [{ AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN }, 'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not', 'Set AWS_ACCESS_KEY_ID to the other half of the same access key, or unset AWS_SECRET_ACCESS_KEY'],
  ])('stops the chain on half a key pair, naming the missing variable and the fix (beyond: the SDK moves on): %o', async (env, problem, fix) => {
    const machine = fakeMachine({ env: { ...(env as Record<string, string>), AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds' } });
    const provider = credentialChain({ context: machine.context });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toContain(`env: ${problem}: half a key pair`);
    expect(error.fix).toContain(fix);
    expect(machine.requests, 'no fall-through to the container endpoint').toEqual([]);
    const explanation = await provider.explain();
    expect(explanation.trace.map((entry) => entry.outcome)).toEqual(['error', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(JSON.stringify(explanation) + (error as Error).message).not.toContain(SECRET);
  });

  it('half a pair while a profile is selected: env is skipped as always, the profile answers', async () => {
    const machine = fakeMachine({
      env: { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001' },
      files: { '/home/test/.aws/credentials': `[dev]\naws_access_key_id = AKIAPROFILEEXAMPLE01\naws_secret_access_key = ${SECRET}\n` },
    });
    const credentials = await credentialChain({ context: machine.context }).explain();
    expect(credentials).toMatchObject({ ok: true, source: 'profile' });
    expect(credentials.trace[0]).toMatchObject({ source: 'env', outcome: 'skipped', reason: 'skipped because AWS_PROFILE selects profile "dev"' });
  });

  it('fromEnv(): half a pair is the same broken error (not "not configured"), so a createCredentialChain stops there', async () => {
    const { fromEnv } = await import('../../src/named-providers/from-env.js');
    const error = await fromEnv({ context: fakeMachine({ env: { AWS_SECRET_ACCESS_KEY: SECRET } }).context })().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toMatch(/AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
  });

  it('ignores legacy variable names (no AWS_ACCESS_KEY / AWS_SECRET_KEY)', async () => {
    const { provider } = envOnly({ AWS_ACCESS_KEY: 'AKIAENVEXAMPLE000001', AWS_SECRET_KEY: SECRET });
    await expect(provider()).rejects.toThrow(/Could not load credentials from any providers/);
  });

  it('is skipped when AWS_PROFILE selects a profile, and warns once when keys are also set (parity)', async () => {
    const { machine, provider } = envOnly({ AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: SECRET });
    const explanation = await provider.explain();
    const [entry] = explanation.trace;
    expect(entry).toMatchObject({ source: 'env', outcome: 'skipped' });
    expect(entry!.reason).toMatch(/AWS_PROFILE selects profile "dev"/);
    expect(entry!.notes.join(' ')).toMatch(/AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are set/);
    await provider.explain({ refresh: true });
    const warnings = machine.logs.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings.join('\n')).not.toContain(SECRET);
  });

  it('is skipped when the profile option selects a profile, without a warning if no keys are set', async () => {
    const { machine, provider } = envOnly({}, { profile: 'ops' });
    const explanation = await provider.explain();
    expect(explanation.trace[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/the profile option selects profile "ops"/) });
    expect(machine.logs).toEqual([]);
  });

  it('stops the chain on an invalid AWS_CREDENTIAL_EXPIRATION (beyond: the SDK returns an Invalid Date)', async () => {
    const { provider } = envOnly({ AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: SECRET, AWS_CREDENTIAL_EXPIRATION: 'tomorrow' });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/AWS_CREDENTIAL_EXPIRATION is not a valid date/);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('never returns credentials that AWS_CREDENTIAL_EXPIRATION says have expired (docs/behaviour.md, "Refreshing")', async () => {
    const { provider } = envOnly({ AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: SECRET, AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z' });
    await expect(provider()).rejects.toThrow(/expired at 2020-01-01T00:00:00.000Z/);
  });

  it('classifies its outcomes with the one error type: not configured moves on, broken stops', () => {
    expect(notConfigured('x')).toMatchObject({ outcome: 'not-configured', tryNextLink: true });
    expect(broken('x')).toMatchObject({ outcome: 'broken', tryNextLink: false });
  });
});
