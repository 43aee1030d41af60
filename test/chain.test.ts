import { describe, expect, it, vi } from 'vitest';
import { credentialChain, EXPIRY_MARGIN_MS, REFRESH_WINDOW_MS } from '../src/chain.js';
import { makeCredentials, type Credentials } from '../src/credentials.js';
import type { CustomSource } from '../src/source.js';
import { fakeMachine } from './support/fake-context.js';
import { expectBroken, expectNoCredentials } from './support/outcomes.js';
import { CredentialsProviderError } from '../src/errors.js';
import { createCredentialChain } from '../src/named-providers/create-credential-chain.js';

const SECRET = 'chainSecretSENTINEL/0123456789abcdefghij';
const TOKEN = 'chainTokenSENTINEL-zyxwvutsrq';

function creds(source: string, expiration?: Date, n = 1): Credentials {
  return makeCredentials({ accessKeyId: `AKIACHAINTEST0000${String(n).padStart(3, '0')}`, secretAccessKey: SECRET, sessionToken: TOKEN, expiration, source });
}

/** A test source that behaves as told and counts its calls. */
function scripted(name: string, behave: (call: number) => Promise<Credentials> | Credentials): CustomSource & { calls: number } {
  const source = {
    name,
    calls: 0,
    async resolve() {
      source.calls += 1;
      return behave(source.calls);
    },
  };
  return source;
}

const miss = (name: string, reason = 'not set here') => scripted(name, () => Promise.reject(new CredentialsProviderError(reason, { source: name })));

describe('chain order and stop/continue (docs/behaviour.md, "The chain")', () => {
  it('returns the first hit and never consults later sources', async () => {
    const { context } = fakeMachine();
    const a = miss('a');
    const b = scripted('b', () => creds('b'));
    const c = scripted('c', () => creds('c'));
    const provider = credentialChain({ context, sources: [a, b, c] });
    expect((await provider()).source).toBe('b');
    expect([a.calls, b.calls, c.calls]).toEqual([1, 1, 0]);
    const { trace, ok, source } = await provider.explain();
    expect(ok).toBe(true);
    expect(source).toBe('b');
    expect(trace.map((entry) => [entry.source, entry.outcome])).toEqual([
      ['a', 'miss'],
      ['b', 'hit'],
      ['c', 'skipped'],
    ]);
    expect(trace[2]!.reason).toMatch(/b answered first/);
  });

  it('stops at a broken source: no fall-through to another identity', async () => {
    const { context } = fakeMachine();
    const broken = scripted('broken', () => Promise.reject(new CredentialsProviderError('token file /x is unreadable', { tryNextLink: false, fix: 'Fix the permissions' })));
    const later = scripted('later', () => creds('later'));
    const provider = credentialChain({ context, sources: [miss('first'), broken, later] });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toBe('broken: token file /x is unreadable. Fix the permissions');
    expect(later.calls).toBe(0);
    const { trace } = await provider.explain();
    expect(trace.map((entry) => entry.outcome)).toEqual(['miss', 'error', 'skipped']);
  });

  it('treats an unexpected exception in a source as broken, not as a miss', async () => {
    const { context } = fakeMachine();
    const later = scripted('later', () => creds('later'));
    const provider = credentialChain({ context, sources: [scripted('buggy', () => Promise.reject(new TypeError('boom'))), later] });
    await expect(provider()).rejects.toThrow(/buggy: failed unexpectedly: boom/);
    expect(later.calls).toBe(0);
  });

  it('never echoes an unexpected parse error, whose message quotes the parsed text', async () => {
    const { context } = fakeMachine();
    const leaky = scripted('leaky', () => {
      JSON.parse(`{"SecretAccessKey": "${SECRET}" oops`);
      return creds('leaky');
    });
    const provider = credentialChain({ context, sources: [leaky] });
    const error = (await provider().catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('leaky: failed unexpectedly: SyntaxError (message withheld: it may quote the text that was parsed)');
    expect(JSON.stringify(await provider.explain())).not.toContain(SECRET);
  });

  it('when nothing answers, one error lists every source with its reason', async () => {
    const { context } = fakeMachine();
    const skipped = scripted('quiet', () => Promise.reject(new CredentialsProviderError('disabled by QUIET=1', { skipped: true })));
    const provider = credentialChain({ context, sources: [miss('alpha', 'ALPHA is not set'), skipped, miss('gamma', 'no gamma file')] });
    const error = (await provider().catch((e: unknown) => e)) as CredentialsProviderError;
    expectNoCredentials(error);
    expect(error.message.split('\n')).toEqual([
      'Could not load credentials from any providers. Every source was tried, in order:',
      '  alpha  miss: ALPHA is not set',
      '  quiet  skipped: disabled by QUIET=1',
      '  gamma  miss: no gamma file',
      expect.stringMatching(/^Configure one of them .*credchain explain/),
    ]);
    expect(error.trace).toHaveLength(3);
  });

  it('uses the documented order by default and accepts source names', async () => {
    const { context } = fakeMachine({ env: { AWS_ACCESS_KEY_ID: 'AKIACHAINTEST0000001', AWS_SECRET_ACCESS_KEY: SECRET } });
    const provider = credentialChain({ context });
    expect((await provider()).source).toBe('env');
    const named = credentialChain({ context, sources: ['env'] });
    expect((await named()).accessKeyId).toBe('AKIACHAINTEST0000001');
    expect(() => credentialChain({ sources: ['nope' as never] })).toThrow(/unknown source "nope"/);
  });

  it('records what a source noted in its trace entry', async () => {
    const { context } = fakeMachine();
    const noting: CustomSource = {
      name: 'noting',
      async resolve(input) {
        input.note('used profile "dev"');
        return creds('noting');
      },
    };
    const { trace } = await credentialChain({ context, sources: [noting] }).explain();
    expect(trace[0]!.notes).toEqual(['used profile "dev"']);
  });

  it('checks the accountId any source returns: 12 digits kept, anything else dropped with a note (docs/behaviour.md, "Outside values")', async () => {
    const { context } = fakeMachine();
    // A plain string, as a custom source written in TypeScript returns it: the public type takes one.
    const answering = (accountId: string): CustomSource => ({
      name: 'custom',
      resolve: async () => ({ accessKeyId: 'AKIACHAINTEST0000001', secretAccessKey: SECRET, accountId }),
    });
    const good = credentialChain({ context, sources: [answering('123456789012')] });
    expect((await good()).accountId).toBe('123456789012');
    expect((await good.explain()).accountId).toBe('123456789012');

    const hostile = credentialChain({ context, sources: [answering('123456789012 touch PWNED')] });
    const credentials = await hostile();
    expect(credentials.accessKeyId, 'the credentials still serve').toBe('AKIACHAINTEST0000001');
    expect(credentials.accountId).toBeUndefined();
    const explanation = await hostile.explain();
    expect(explanation.accountId).toBeUndefined();
    expect(explanation.trace[0]!.notes).toEqual(['dropped the accountId this source returned "123456789012 touch PWNED": an account id is 12 digits (0-9)']);

    // createCredentialChain's providers go through the same loop.
    const chain = createCredentialChain(async () => ({ accessKeyId: 'AKIACHAINTEST0000001', secretAccessKey: SECRET, accountId: '1234' }));
    expect((await chain()).accountId).toBeUndefined();
    expect((await chain.explain()).trace[0]!.notes).toEqual(['dropped the accountId this source returned "1234": an account id is 12 digits (0-9)']);
  });

  it("writes a hit's summary (masked key, expiry as ISO text) only when someone reads the trace", async () => {
    const { context } = fakeMachine();
    const expiration = new Date(context.now() + 3600_000);
    const provider = credentialChain({ context, sources: [scripted('timed', () => creds('timed', expiration))] });
    const toISOString = vi.spyOn(expiration, 'toISOString');
    await provider();
    expect(toISOString).not.toHaveBeenCalled();
    const { trace } = await provider.explain();
    expect(trace[0]!.reason).toBe(`key AKIA…0001, from timed, with session token, expires ${expiration.toISOString()}`);
    // Read as often as one likes, written once; a copy (JSON, spread) carries the text.
    const calls = toISOString.mock.calls.length;
    expect(JSON.parse(JSON.stringify(trace[0]))).toEqual({ ...trace[0] });
    expect(toISOString.mock.calls.length).toBe(calls);
  });
});

describe('memoization (docs/behaviour.md, "Refreshing")', () => {
  it('keeps credentials without expiration for the life of the provider', async () => {
    const { context, clock } = fakeMachine();
    const source = scripted('s', () => creds('s'));
    const provider = credentialChain({ context, sources: [source] });
    await provider();
    clock.advance(365 * 24 * 3600_000);
    await provider();
    expect(source.calls).toBe(1);
  });

  it('1,000 concurrent callers share exactly one fetch', async () => {
    const { context } = fakeMachine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source = scripted('s', async () => {
      await gate;
      return creds('s');
    });
    const provider = credentialChain({ context, sources: [source] });
    const calls = Array.from({ length: 1000 }, () => provider());
    release();
    const results = await Promise.all(calls);
    expect(source.calls).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('never returns expired credentials: the next call blocks on one shared fetch', async () => {
    const { context, clock } = fakeMachine();
    const source = scripted('s', (n) => creds('s', new Date(clock.now + 3600_000), n));
    const provider = credentialChain({ context, sources: [source] });
    const first = await provider();
    clock.advance(3600_000 + 1);
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(source.calls).toBe(2);
    expect(a).toBe(b);
    expect(a.accessKeyId).not.toBe(first.accessKeyId);
    expect(a.expiration!.getTime()).toBeGreaterThan(clock.now);
  });

  it('refuses credentials a source hands over already expired, and stops there (beyond: the SDK returns them)', async () => {
    const { context, clock } = fakeMachine();
    const later = scripted('later', () => creds('later'));
    const provider = credentialChain({ context, sources: [scripted('stale', () => creds('stale', new Date(clock.now - 1000))), later] });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/^stale: answered with credentials that had already expired at .*clock/);
    expect((error as Error).message).not.toContain(SECRET);
    expect(later.calls).toBe(0);
  });

  it('treats credentials within the expiry margin as expired', async () => {
    const { context, clock } = fakeMachine();
    const source = scripted('s', (n) => creds('s', new Date(clock.now + 3600_000), n));
    const provider = credentialChain({ context, sources: [source] });
    await provider();
    clock.advance(3600_000 - EXPIRY_MARGIN_MS + 1);
    const next = await provider();
    expect(source.calls).toBe(2);
    expect(next.accessKeyId).toBe('AKIACHAINTEST0000002');
  });

  it('inside the refresh window: current credentials at once, one background refresh', async () => {
    const { context, clock } = fakeMachine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source = scripted('s', async (n) => {
      if (n === 2) await gate;
      return creds('s', new Date(clock.now + 3600_000), n);
    });
    const provider = credentialChain({ context, sources: [source] });
    const first = await provider();
    clock.advance(3600_000 - REFRESH_WINDOW_MS + 1000);
    const during = await Promise.all([provider(), provider(), provider()]);
    expect(during.every((c) => c === first)).toBe(true);
    expect(source.calls).toBe(2);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    const after = await provider();
    expect(after.accessKeyId).toBe('AKIACHAINTEST0000002');
    expect(source.calls).toBe(2);
  });

  it('a failed background refresh is logged (without secrets), not thrown; it is retried later', async () => {
    const { context, clock, logs } = fakeMachine();
    const source = scripted('s', (n) => {
      if (n === 2) throw new CredentialsProviderError('STS said Throttling', false);
      return creds('s', new Date(clock.now + 3600_000), n);
    });
    const provider = credentialChain({ context, sources: [source] });
    const first = await provider();
    clock.advance(3600_000 - 60_000);
    expect(await provider()).toBe(first);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.some((line) => /background refresh of credentials failed.*Throttling/.test(line))).toBe(true);
    expect(logs.join('\n')).not.toContain(SECRET);
    expect(await provider()).toBe(first); // within the retry pause: no new attempt
    expect(source.calls).toBe(2);
    clock.advance(15_000);
    await provider();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.calls).toBe(3);
    expect((await provider()).accessKeyId).toBe('AKIACHAINTEST0000003');
  });

  it('a failed blocking fetch rejects every waiting caller and the next call tries again', async () => {
    const { context } = fakeMachine();
    const source = scripted('s', (n) => {
      if (n === 1) throw new CredentialsProviderError('down', false);
      return creds('s');
    });
    const provider = credentialChain({ context, sources: [source] });
    const results = await Promise.allSettled([provider(), provider()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(source.calls).toBe(1);
    expect((await provider()).source).toBe('s');
  });

  it('forceRefresh re-runs the chain, shared between concurrent callers', async () => {
    const { context } = fakeMachine();
    const source = scripted('s', (n) => creds('s', undefined, n));
    const provider = credentialChain({ context, sources: [source] });
    await provider();
    const [a, b] = await Promise.all([provider({ forceRefresh: true }), provider({ forceRefresh: true })]);
    expect(source.calls).toBe(2);
    expect(a).toBe(b);
    expect(a.accessKeyId).toBe('AKIACHAINTEST0000002');
  });
});

describe('secrets (docs/behaviour.md, "Secrets")', () => {
  it('never appear in the trace, explain(), inspection or errors', async () => {
    const { inspect } = await import('node:util');
    const { context, logs } = fakeMachine();
    const provider = credentialChain({ context, sources: [miss('a'), scripted('b', () => creds('b', new Date('2030-01-01T00:00:00Z')))] });
    const credentials = await provider();
    const explanation = await provider.explain();
    const printed = [JSON.stringify(explanation), inspect(credentials), String(explanation.accessKeyId), logs.join('\n')].join('\n');
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain('AKIACHAINTEST0000001');
    expect(explanation.accessKeyId).toBe('AKIA…0001');
    expect(inspect(credentials)).toMatch(/key AKIA…0001, from b, with session token/);
    // The driver still sees every field.
    expect(credentials.secretAccessKey).toBe(SECRET);
  });
});
