// The profile source (docs/behaviour.md, "Shared config files", "Profiles") on a synthetic machine: profile selection, static keys, the
// miss/stop split, credential_source = Environment, and what the trace says (never a secret).

import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { CredentialSource } from '../../src/source.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';

const SECRET = 'profSecretSENTINEL/abcdefghijklmnopqrs';
const TOKEN = 'profTokenSENTINEL-0123456789';
const CONFIG = '/home/test/.aws/config';
const CREDENTIALS = '/home/test/.aws/credentials';

const keys = (id: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}`;

/** A source after `profile` that would answer: proves whether the chain stopped or moved on. */
const fallback: CredentialSource = {
  name: 'fallback',
  resolve: async () => ({ accessKeyId: 'AKIDFALLBACK0000001', secretAccessKey: 'x', source: 'fallback' }),
};

function chain(files: Record<string, string>, env: Record<string, string> = {}, profile?: string) {
  const machine = fakeMachine({ files, env });
  const options = { context: machine.context, sources: ['profile' as const, fallback], ...(profile ? { profile } : {}) };
  return { machine, provider: credentialChain(options) };
}

describe('profile source', () => {
  it('uses the default profile from the credentials file, with a trace note and no secret', async () => {
    const { provider } = chain({ [CREDENTIALS]: `[default]\n${keys('AKIDDEFAULT00000001')}` });
    const credentials = await provider();
    expect(credentials).toMatchObject({ accessKeyId: 'AKIDDEFAULT00000001', secretAccessKey: SECRET, sessionToken: TOKEN, source: 'profile' });
    const explanation = await provider.explain();
    expect(explanation.trace[0]).toMatchObject({ source: 'profile', outcome: 'hit', notes: ['profile "default": static keys AKID…0001 with aws_session_token'] });
    const printed = JSON.stringify(explanation);
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(TOKEN);
  });

  it('selects AWS_PROFILE, and the profile option over AWS_PROFILE', async () => {
    const files = {
      [CONFIG]: `[profile dev]\n${keys('AKIDDEV000000000001')}\n[profile ops]\n${keys('AKIDOPS000000000001')}\n[default]\n${keys('AKIDDEFAULT00000001')}`,
    };
    expect((await chain(files, { AWS_PROFILE: 'dev' }).provider()).accessKeyId).toBe('AKIDDEV000000000001');
    expect((await chain(files, { AWS_PROFILE: 'dev' }, 'ops').provider()).accessKeyId).toBe('AKIDOPS000000000001');
  });

  it('misses (the chain moves on) when the implicit default profile is absent or has no credentials', async () => {
    const absent = await chain({}, {}).provider.explain();
    expect(absent.source).toBe('fallback');
    expect(absent.trace[0]).toMatchObject({ outcome: 'miss', reason: `profile "default" is not in ${CONFIG} or ${CREDENTIALS}` });
    const empty = await chain({ [CONFIG]: '[default]\nregion = us-east-1' }).provider.explain();
    expect(empty.trace[0]).toMatchObject({ outcome: 'miss', reason: 'profile "default" has no credentials' });
  });

  it('stops the chain when a profile selected by AWS_PROFILE or the option is absent (beyond the SDK), suggesting close names', async () => {
    const files = { [CONFIG]: `[profile sso-dev]\n${keys('AKIDDEV000000000001')}\n[profile prod]\n${keys('AKIDPROD00000000001')}` };
    for (const [env, option, by] of [[{ AWS_PROFILE: 'sso-dve' }, undefined, 'AWS_PROFILE'], [{}, 'sso-dve', 'the profile option']] as const) {
      const absent = await chain(files, env, option).provider.explain();
      expect(absent.ok).toBe(false);
      expect(absent.trace[0]).toMatchObject({
        outcome: 'error',
        reason: `profile: profile "sso-dve" (selected by ${by}) is not in ${CONFIG} or ${CREDENTIALS}. Did you mean "sso-dev"? Correct ${by}, or add a [profile sso-dve] section`,
      });
      expect(absent.trace.slice(1).every((entry) => entry.outcome === 'skipped')).toBe(true);
    }
  });

  it("a missing profile named by the calling client's config stops the chain naming that setting, not AWS_PROFILE", async () => {
    const files = { [CONFIG]: `[profile sso-dev]\n${keys('AKIDDEV000000000001')}` };
    const { provider } = chain(files, { AWS_PROFILE: 'sso-dev' });
    const error = await provider({ callerClientConfig: { profile: 'sso-dve' } }).catch((caught: unknown) => caught);
    expectBroken(error);
    expect((error as Error).message).toMatch(/profile "sso-dve" \(selected by the calling client's profile\) is not in .*Did you mean "sso-dev"\? Correct the calling client's profile/);
  });

  it('stops the chain on a broken profile, with a message that names it and holds no secret', async () => {
    const { provider } = chain({ [CONFIG]: `[default]\naws_secret_access_key = ${SECRET}` });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toBe(
      'profile: profile "default" has aws_secret_access_key but no aws_access_key_id. Add the missing key, or remove the other one',
    );
    const explanation = await provider.explain();
    expect(explanation.trace.map((e) => [e.source, e.outcome])).toEqual([
      ['profile', 'error'],
      ['fallback', 'skipped'],
    ]);
  });

  it('stops the chain when a shared file cannot be read', async () => {
    const machine = fakeMachine();
    machine.context.readFile = async (path) => {
      if (path === CONFIG) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return undefined;
    };
    const provider = credentialChain({ context: machine.context, sources: ['profile', fallback] });
    await expect(provider()).rejects.toThrow(/^profile: the config file \/home\/test\/\.aws\/config cannot be read \(EACCES\)\. Make it readable/);
  });

  it('beyond: accepts AWS_ACCESS_KEY_ID-style keys in a profile when the lower-case keys are absent', async () => {
    const { provider } = chain({ [CREDENTIALS]: `[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER0000000001\nAWS_SECRET_ACCESS_KEY = ${SECRET}` });
    expect((await provider()).accessKeyId).toBe('AKIDUPPER0000000001');
  });

  it('credential_source = Environment is broken, not skipped, when the variables are not set (the SDK would move on)', async () => {
    const error = await chain({ [CONFIG]: '[profile plain]\nrole_arn = arn:r\ncredential_source = Environment' }, {}, 'plain')
      .provider()
      .catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(
      /profile "plain" has credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\. Export AWS_ACCESS_KEY_ID/,
    );
  });
});
