// What serve hands out and when it refreshes: temporary credentials pass through, long-term keys are
// exchanged (never served), one shared fetch for concurrent clients, a timer refreshes before expiry
// (half-way for short sessions), a client in the refresh window starts a background refresh, and a
// failed background refresh keeps serving the current ones.
import { describe, expect, it } from 'vitest';
import { REFRESH_WINDOW_MS, type CredentialProvider } from '../../src/chain.js';
import { makeCredentials, type Credentials } from '../../src/credentials.js';
import { ServedCredentials, refreshDelay } from '../../src/cli/served-credentials.js';
import type { Timers } from '../../src/cli/timers.js';

const START = Date.parse('2026-11-22T12:00:00Z');

function harness(answers: Array<Credentials | Error>) {
  const clock = { now: START };
  const calls: Array<{ forceRefresh?: boolean } | undefined> = [];
  const warnings: string[] = [];
  const armed: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const chain = (async (options?: { forceRefresh?: boolean }) => {
    calls.push(options);
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (next instanceof Error) throw next;
    return next;
  }) as CredentialProvider;
  const timers: Timers = {
    set: (run, ms) => {
      const timer = { run: () => ((timer.cleared = true), run()), ms, cleared: false };
      armed.push(timer);
      return timer;
    },
    clear: (handle) => void ((handle as { cleared: boolean }).cleared = true),
  };
  const exchanged: Credentials[] = [];
  const served = new ServedCredentials({
    chain,
    context: { now: () => clock.now, logger: { warn: (m) => warnings.push(m) } },
    timers,
    exchangeLongTermKeys: async (keys) => {
      exchanged.push(keys);
      return session('ASIAEXCHANGED', 3600_000);
    },
  });
  const pending = () => armed.filter((t) => !t.cleared);
  return { clock, calls, warnings, armed, pending, exchanged, served };
}

function session(keyId: string, lifetimeMs: number, now = START): Credentials {
  return makeCredentials({ accessKeyId: keyId, secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(now + lifetimeMs), source: 'test' });
}

describe('ServedCredentials', () => {
  it('temporary credentials pass through; concurrent clients share one chain call; the timer is armed REFRESH_WINDOW_MS before expiry', async () => {
    const h = harness([session('ASIAFIRST', 3600_000)]);
    const all = await Promise.all(Array.from({ length: 50 }, () => h.served.get()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAFIRST']));
    expect(h.calls).toEqual([undefined]);
    expect(h.exchanged).toEqual([]);
    expect(h.pending().map((t) => t.ms)).toEqual([3600_000 - REFRESH_WINDOW_MS]);
  });

  it('long-term keys are exchanged, and only the session is served', async () => {
    const h = harness([makeCredentials({ accessKeyId: 'AKIALONGTERM', secretAccessKey: 'long-term-secret', source: 'profile' })]);
    const served = await h.served.get();
    expect(served.accessKeyId).toBe('ASIAEXCHANGED');
    expect(h.exchanged.map((k) => k.accessKeyId)).toEqual(['AKIALONGTERM']);
    expect((await h.served.get()).accessKeyId).toBe('ASIAEXCHANGED');
    expect(h.exchanged).toHaveLength(1);
  });

  it('the timer refreshes in the background (forceRefresh) while clients keep getting the current credentials', async () => {
    const h = harness([session('ASIAFIRST', 3600_000), session('ASIASECOND', 3600_000, START + 3300_000)]);
    await h.served.get();
    h.clock.now += 3600_000 - REFRESH_WINDOW_MS - 1000;
    expect((await h.served.get()).accessKeyId).toBe('ASIAFIRST');
    expect(h.calls).toEqual([undefined]);
    h.pending()[0]!.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.calls).toEqual([undefined, { forceRefresh: true }]);
    expect((await h.served.get()).accessKeyId).toBe('ASIASECOND');
    expect(h.pending()).toHaveLength(1);
  });

  it('a failed background refresh warns (no secret), keeps the current credentials and retries later', async () => {
    const h = harness([session('ASIAFIRST', 3600_000), new Error('STS is down'), session('ASIATHIRD', 3600_000, START + 3400_000)]);
    await h.served.get();
    h.clock.now += 3600_000 - REFRESH_WINDOW_MS - 1000;
    h.pending()[0]!.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.warnings).toEqual([expect.stringMatching(/^credchain: background refresh failed; the current ones \(key [^,]*, from test, .*\) are served until they expire; retrying in 10 s\. STS is down$/)]);
    expect((await h.served.get()).accessKeyId).toBe('ASIAFIRST');
    expect(h.pending().map((t) => t.ms)).toEqual([10_000]);
    h.pending()[0]!.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await h.served.get()).accessKeyId).toBe('ASIATHIRD');
  });

  it('expired credentials are never served: the next client waits for a fresh fetch', async () => {
    const h = harness([session('ASIAFIRST', 3600_000), session('ASIASECOND', 3600_000, START + 7200_000)]);
    await h.served.get();
    h.clock.now += 7200_000;
    expect((await h.served.get()).accessKeyId).toBe('ASIASECOND');
    expect(h.calls).toEqual([undefined, { forceRefresh: true }]);
  });

  it('a client inside the refresh window gets the current credentials at once and starts one background refresh', async () => {
    const h = harness([session('ASIAFIRST', 3600_000), session('ASIASECOND', 3600_000, START + 3400_000)]);
    await h.served.get();
    h.clock.now += 3600_000 - 200_000;
    const during = await Promise.all([h.served.get(), h.served.get()]);
    expect(during.map((c) => c.accessKeyId)).toEqual(['ASIAFIRST', 'ASIAFIRST']);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await h.served.get()).accessKeyId).toBe('ASIASECOND');
    expect(h.calls).toEqual([undefined, { forceRefresh: true }]);
  });

  it('short sessions refresh half-way (never a loop); close() disarms the timer', async () => {
    expect(refreshDelay(3600_000)).toBe(3600_000 - REFRESH_WINDOW_MS);
    expect(refreshDelay(60_000)).toBe(30_000);
    expect(refreshDelay(-5)).toBe(0);
    const h = harness([session('ASIASHORT', 60_000)]);
    await h.served.get();
    expect(h.pending().map((t) => t.ms)).toEqual([30_000]);
    h.served.close();
    expect(h.pending()).toEqual([]);
  });
});
