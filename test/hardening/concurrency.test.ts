// Concurrency under failure (docs/behaviour.md, "Refreshing"): 10,000 concurrent callers of one provider across an expiry
// while the upstream fails and then recovers. No caller ever gets expired credentials, upstream calls
// stay bounded by the retry policy (not by the number of callers), and the same provider recovers.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_RETRY_MS, EXPIRY_MARGIN_MS, REFRESH_WINDOW_MS, credentialChain } from '../../src/chain.js';
import { makeCredentials, type Credentials } from '../../src/credentials.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { CredentialSource } from '../../src/source.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';
import { CredentialsProviderError } from '../../src/errors.js';
import { instantSleep, settle } from '../support/virtual-clock.js';

const CALLERS = 10_000;
const RETRIES = 3;

type Settled = { ok: true; credentials: Credentials; now: number } | { ok: false; error: unknown };

/** Fires `count` calls without awaiting any (in batches, with `between` run after each batch), then settles them all. */
async function burst(provider: () => Promise<Credentials>, clock: { now: number }, count = CALLERS, batches = 1, between?: (batch: number) => void): Promise<Settled[]> {
  const calls: Array<Promise<Settled>> = [];
  const size = Math.ceil(count / batches);
  for (let batch = 0; batch < batches; batch++) {
    for (let i = 0; i < size && calls.length < count; i++) {
      // The time of the call: a cached answer is decided then, and the clock moves on between batches.
      const calledAt = clock.now;
      calls.push(provider().then((credentials) => ({ ok: true as const, credentials, now: calledAt }), (error: unknown) => ({ ok: false as const, error })));
    }
    between?.(batch);
  }
  return Promise.all(calls);
}

/** The invariant: whatever a caller got had not expired when it asked. */
function expectNothingExpired(results: Settled[]): void {
  let expired = 0;
  for (const result of results) {
    if (result.ok && result.credentials.expiration && result.credentials.expiration.getTime() - result.now <= 0) expired++;
  }
  expect(expired, 'callers that received expired credentials').toBe(0);
}

/**
 * Every failed call got credchain's "broken" error. Checked once per distinct error object: callers
 * that waited on one fetch share its error, and the same object passes or fails the same check (a
 * check per caller was 100,000s of expect() calls, most of this file's time).
 */
function expectEachBroken(results: Settled[]): void {
  for (const error of new Set(results.flatMap((r) => (r.ok ? [] : [r.error])))) expectBroken(error);
}

const keyIds = (results: Settled[]) => new Set(results.filter((r): r is Extract<Settled, { ok: true }> => r.ok).map((r) => r.credentials.accessKeyId));

describe('10,000 callers, a real upstream (the emulator\'s container endpoint, in process) that fails and recovers', () => {
  let emulator: Emulator;
  const clock = { now: Date.parse('2026-11-22T12:00:00Z') };
  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock.now, scenario: { credentialLifetimeSeconds: 3600 } });
  });
  afterAll(async () => emulator?.close());

  it('one request per fetch, background refresh failures contained, expired credentials never served, recovery without a restart', async () => {
    const warnings: string[] = [];
    const env = emulator.env({ imds: false });
    // The emulator's routes in process and backoff not waited for: the refresh runs only on promise
    // callbacks, so it is over once a few event-loop turns pass without a request.
    const provider = credentialChain({
      sources: ['container'],
      maxRetries: RETRIES,
      timeout: 2000,
      context: { env, now: () => clock.now, logger: { warn: (m) => warnings.push(m) }, request: emulator.request, sleep: instantSleep().sleep },
    });
    const settleBackground = async () => {
      // The background refresh runs on its own; wait until the endpoint has seen no request for a while.
      let seen = -1;
      while (seen !== emulator.count('container')) {
        seen = emulator.count('container');
        await settle();
      }
    };

    // 1. Cold start: 10,000 callers share one fetch.
    const cold = await burst(provider, clock);
    expect(cold.every((r) => r.ok)).toBe(true);
    expect(keyIds(cold).size).toBe(1);
    expect(emulator.count('container')).toBe(1);
    const first = (cold[0] as Extract<Settled, { ok: true }>).credentials;
    const expiry = first.expiration!.getTime();

    // 2. Inside the refresh window the upstream breaks: every caller still gets the valid credentials at once,
    //    and one background refresh (with its retries) is tried — not one per caller.
    emulator.fault('container', { status: 503 });
    clock.now = expiry - REFRESH_WINDOW_MS / 2;
    const window = await burst(provider, clock);
    expect(window.every((r) => r.ok && r.credentials.accessKeyId === first.accessKeyId)).toBe(true);
    await settleBackground();
    expect(emulator.count('container')).toBe(1 + (RETRIES + 1));
    expect(warnings.filter((w) => w.includes('background refresh of credentials failed'))).toHaveLength(1);

    // 3. Still failing, a moment later: no new background attempt before BACKGROUND_RETRY_MS.
    clock.now += BACKGROUND_RETRY_MS / 2;
    expectNothingExpired(await burst(provider, clock));
    await settleBackground();
    expect(emulator.count('container')).toBe(1 + (RETRIES + 1));

    // 4. Across the expiry, still failing: the batches before the safety margin get the old credentials,
    //    the ones after it wait and fail with the container's error. Upstream: one fetch per failure, not per caller.
    const before = emulator.count('container');
    clock.now = expiry - EXPIRY_MARGIN_MS - 5_000;
    const across = await burst(provider, clock, CALLERS, 10, () => {
      clock.now += 2_000;
    });
    expectNothingExpired(across);
    const failed = across.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(across.some((r) => r.ok)).toBe(true);
    expectEachBroken(failed);
    expect((failed[0] as { error: Error }).error.message).toMatch(/^container: .*answered HTTP 503 \(4 attempts\)/);
    const fetchesDuringFailure = emulator.count('container') - before;
    expect(fetchesDuringFailure % (RETRIES + 1)).toBe(0);
    expect(fetchesDuringFailure).toBeLessThanOrEqual(10 * (RETRIES + 1));

    // 5. The upstream recovers after two more failures: one shared fetch (2 × 503, then 200) serves all
    //    10,000 callers with new, unexpired credentials — the same provider, no restart.
    emulator.fault('container', { status: 503, times: 2 });
    clock.now = expiry + 60_000;
    const recovering = emulator.count('container');
    const recovered = await burst(provider, clock, CALLERS, 5, () => {
      clock.now += 1_000;
    });
    expect(recovered.every((r) => r.ok)).toBe(true);
    expectNothingExpired(recovered);
    expect(keyIds(recovered).size).toBe(1);
    expect(keyIds(recovered).has(first.accessKeyId)).toBe(false);
    expect(emulator.count('container') - recovering).toBe(3);

    // 6. And then it is a cache again: another 10,000 callers cost nothing upstream.
    const cached = emulator.count('container');
    const again = await burst(provider, clock);
    expect(again.every((r) => r.ok)).toBe(true);
    expect(emulator.count('container')).toBe(cached);
  });
});

describe('10,000 callers, a scripted source on a fake clock, random failure schedules', () => {
  /** Upstream state the schedule drives: whether fetches fail, and what lifetime issued credentials get. */
  interface Upstream {
    failing: boolean;
    fetches: number;
    inflight: number;
    maxInflight: number;
  }

  function scriptedSource(upstream: Upstream, clock: { now: number }, lifetimeMs: number): CredentialSource {
    return {
      name: 'scripted',
      async resolve() {
        upstream.fetches++;
        upstream.inflight++;
        upstream.maxInflight = Math.max(upstream.maxInflight, upstream.inflight);
        try {
          // An upstream round trip: a few turns of the event loop.
          for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
          if (upstream.failing) throw new CredentialsProviderError('upstream is down', { tryNextLink: false, source: 'scripted', fix: 'wait' });
          return makeCredentials({ accessKeyId: `ASIA${String(upstream.fetches).padStart(16, '0')}`, secretAccessKey: 's', expiration: new Date(clock.now + lifetimeMs), source: 'scripted' });
        } finally {
          upstream.inflight--;
        }
      },
    };
  }

  const step = fc.record({
    advanceMs: fc.integer({ min: 0, max: 40 * 60_000 }),
    failing: fc.boolean(),
    batches: fc.integer({ min: 1, max: 8 }),
    tickMs: fc.integer({ min: 0, max: 60_000 }),
  });

  it('no expired credentials, at most one fetch in flight, fetches bounded by batches, recovery once the upstream is back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 15, max: 60 }), async (steps, lifetimeMinutes) => {
        const machine = fakeMachine();
        const clock = machine.clock;
        const upstream: Upstream = { failing: false, fetches: 0, inflight: 0, maxInflight: 0 };
        const provider = credentialChain({ sources: [scriptedSource(upstream, clock, lifetimeMinutes * 60_000)], context: machine.context });
        for (const { advanceMs, failing, batches, tickMs } of [...steps, { advanceMs: 0, failing: false, batches: 1, tickMs: 0 }]) {
          clock.advance(advanceMs);
          upstream.failing = failing;
          const fetchesBefore = upstream.fetches;
          const results = await burst(provider, clock, 1000, batches, () => clock.advance(tickMs));
          expectNothingExpired(results);
          // One shared fetch per batch at most, plus one background refresh.
          expect(upstream.fetches - fetchesBefore).toBeLessThanOrEqual(batches + 1);
          if (!failing) expect(results.every((r) => r.ok)).toBe(true);
          expectEachBroken(results);
        }
        expect(upstream.maxInflight).toBe(1);
        // Let any background refresh finish before the next run.
        for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
      }),
      { numRuns: 40 },
    );
  });

  it(`${CALLERS} callers on a fake clock: one fetch for the whole burst when the upstream is healthy`, async () => {
    const machine = fakeMachine();
    const upstream: Upstream = { failing: false, fetches: 0, inflight: 0, maxInflight: 0 };
    const provider = credentialChain({ sources: [scriptedSource(upstream, machine.clock, 3600_000)], context: machine.context });
    const results = await burst(provider, machine.clock);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(upstream.fetches).toBe(1);
  });
});

describe('an expired aws login session, 200 callers at once (loopback sign-in endpoint)', () => {
  it('one DPoP-bound refresh for all of them; a later chain (another process) uses the rewritten cache without a request', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createHash } = await import('node:crypto');
    const emulator = await startEmulator();
    const home = mkdtempSync(join(tmpdir(), 'credchain-login-burst-'));
    try {
      const session = emulator.scenario.login.sessionArn;
      mkdirSync(join(home, '.aws', 'login', 'cache'), { recursive: true });
      writeFileSync(join(home, '.aws', 'config'), `[profile me]\nlogin_session = ${session}\n`);
      writeFileSync(join(home, '.aws', 'login', 'cache', `${createHash('sha256').update(session).digest('hex')}.json`), JSON.stringify(emulator.loginCache({ expiresAt: Date.now() - 60_000 })));
      const env = { HOME: home, AWS_PROFILE: 'me', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SIGNIN: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' };
      const provider = credentialChain({ context: { env } });
      const results = await Promise.all(Array.from({ length: 200 }, () => provider()));
      expect(emulator.count('signin:CreateOAuth2Token')).toBe(1);
      expect(new Set(results.map((c) => c.accessKeyId)).size).toBe(1);
      expect(emulator.issued(results[0]!.accessKeyId)?.issuedBy).toBe('signin');
      const later = await credentialChain({ context: { env } })();
      expect(later.accessKeyId).toBe(results[0]!.accessKeyId);
      expect(emulator.count('signin:CreateOAuth2Token')).toBe(1);
    } finally {
      await emulator.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
