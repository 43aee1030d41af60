// Chain step 2: the explicit sso* options (docs/behaviour.md, "The chain", "SSO"), and secrets through the whole chain.
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { ChainOptions } from '../../src/source.js';
import {
  ACCESS_TOKEN, LEGACY_CACHE_FILE, NOW, SESSION, SESSION_CACHE_FILE, START_URL, cachedToken, expectNoSecrets, json, machineWith, sessionToken,
  ssoService,
} from '../sso/harness.js';
import { expectBroken } from '../support/outcomes.js';

const FULL: ChainOptions = { ssoStartUrl: START_URL, ssoAccountId: '123456789012', ssoRegion: 'eu-west-1', ssoRoleName: 'ReadOnly' };

function chainWith(files: Record<string, string>, options: ChainOptions, handler = ssoService()) {
  const machine = machineWith(files, handler);
  const provider = credentialChain({ context: machine.context, sources: ['sso'], ...options });
  return { machine, provider };
}

describe('sso source (explicit options)', () => {
  it('is skipped when no sso* option is set, without reading anything', async () => {
    const { machine, provider } = chainWith({}, {});
    const explanation = await provider.explain();
    expect(explanation.trace).toEqual([expect.objectContaining({ source: 'sso', outcome: 'skipped', reason: expect.stringMatching(/^only for SSO options in code/) })]);
    expect(machine.requests).toEqual([]);
  });

  it.each([
    [{ ssoStartUrl: START_URL }, /ssoAccountId, ssoRegion, ssoRoleName are missing/],
    [{ ...FULL, ssoRoleName: undefined }, /ssoRoleName is missing/],
    [{ ssoSession: SESSION }, /ssoStartUrl, ssoAccountId, ssoRegion, ssoRoleName are missing/],
  ])('stops the chain when only some options are set, as the SDK does: %o', async (options, reason) => {
    const { provider } = chainWith({}, options as ChainOptions);
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(reason);
  });

  it('resolves a legacy start URL token to credentials from source "sso"', async () => {
    const { provider, machine } = chainWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW + 3600_000) }, FULL);
    const credentials = await provider();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIASSOEXAMPLE000001', source: 'sso', accountId: '123456789012' });
    expect(machine.requests.map((r) => r.headers?.['x-amz-sso_bearer_token'])).toEqual([ACCESS_TOKEN]);
    const explanation = await provider.explain();
    expect(explanation.trace[0]!.notes.join('\n')).toMatch(/explicit SSO options: account 123456789012, role ReadOnly/);
  });

  it('with ssoSession, uses the session cache file and refreshes it', async () => {
    const { provider, machine } = chainWith({ [SESSION_CACHE_FILE]: sessionToken(NOW + 60_000) }, { ...FULL, ssoSession: SESSION });
    await provider();
    expect(machine.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /token', 'GET /federation/credentials']);
  });

  it('never shows a token or secret in errors, logs or the trace', async () => {
    const texts: string[] = [];
    const scenarios: Array<[Record<string, string>, ChainOptions, ReturnType<typeof ssoService>?]> = [
      [{ [LEGACY_CACHE_FILE]: cachedToken(NOW + 3600_000) }, FULL],
      [{ [LEGACY_CACHE_FILE]: cachedToken(NOW - 1) }, FULL],
      [{ [LEGACY_CACHE_FILE]: `{"accessToken":"${ACCESS_TOKEN}",` }, FULL],
      [{ [SESSION_CACHE_FILE]: sessionToken(NOW + 60_000) }, { ...FULL, ssoSession: SESSION }],
      [{ [SESSION_CACHE_FILE]: sessionToken(NOW + 60_000) }, { ...FULL, ssoSession: SESSION }, ssoService(() => json(400, { error: 'invalid_grant' }))],
      [{ [SESSION_CACHE_FILE]: sessionToken(NOW - 60_000) }, { ...FULL, ssoSession: SESSION }, ssoService(() => json(500, { error: 'x' }))],
      [{ [LEGACY_CACHE_FILE]: cachedToken(NOW + 3600_000, { accessToken: 'notAcceptedTokenxxxxx' }) }, FULL],
    ];
    for (const [files, options, handler] of scenarios) {
      const { provider, machine } = chainWith(files, options, handler);
      const explanation = await provider.explain();
      texts.push(JSON.stringify({ ...explanation, trace: explanation.trace }), ...machine.logs);
      await provider().catch((error: Error) => texts.push(error.message, String(error.stack)));
    }
    expect(texts.join('\n')).toMatch(/expired|not valid JSON|refreshing/);
    expectNoSecrets(texts, expect);
  });
});

describe('sso source login hints', () => {
  it('names the start URL (there is no profile) when the token has expired', async () => {
    const { provider } = chainWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW - 1) }, FULL);
    await expect(provider()).rejects.toThrow(/run `aws sso login` with a profile whose sso_start_url is https:\/\/d-1234567890\.awsapps\.com\/start/);
  });

  it('names the sso-session when ssoSession is given', async () => {
    const { provider } = chainWith({}, { ...FULL, ssoSession: SESSION });
    await expect(provider()).rejects.toThrow(/Log in first: run `aws sso login --sso-session my-sso`/);
  });
});
