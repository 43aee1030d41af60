// The shared retry loop (src/retry.ts): attempt bound, backoff and cap, full jitter, the time budget,
// which failures are retried, the throttle schedule and its deadline, Retry-After, and that waiting
// goes through Context (a fake clock, or the VirtualClock where concurrent clients are the subject).

import { describe, expect, it } from 'vitest';
import { NetworkError } from '../src/errors.js';
import {
  MAX_RETRY_AFTER_MS,
  THROTTLE_SCHEDULE,
  backoffDelayMs,
  retryAfterMs,
  retryHistory,
  throttleDelayMs,
  withRetries,
  type RetryOutcome,
  type RetryPolicy,
} from '../src/retry.js';
import { seededRandom } from './support/seeded-random.js';
import { VirtualClock } from './support/virtual-clock.js';

function clockContext() {
  const sleeps: number[] = [];
  const clock = { now: 1_000_000 };
  return {
    sleeps,
    clock,
    context: {
      now: () => clock.now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock.now += ms;
      },
    },
  };
}

const refused = () => new NetworkError('refused', 'connection refused', 'http://127.0.0.1:1/');

function policy(overrides: Partial<RetryPolicy<number>> = {}): RetryPolicy<number> {
  return { maxRetries: 3, baseMs: 100, capMs: 1000, retryValue: (value) => value >= 500, retryNetwork: () => true, ...overrides };
}

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs({ baseMs: 100, capMs: 1000 }, retry))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full jitter scales the capped backoff by jitter() and rounds down', () => {
    expect([0, 1, 2, 10].map((retry) => backoffDelayMs({ baseMs: 100, capMs: 5000, jitter: () => 0.999 }, retry))).toEqual([99, 199, 399, 4995]);
    expect(backoffDelayMs({ baseMs: 100, capMs: 5000, jitter: () => 0 }, 3)).toBe(0);
  });
});

describe('withRetries', () => {
  it('returns the first answer that is not retryable, with the attempt count', async () => {
    const { context, sleeps } = clockContext();
    const answers = [503, 500, 200];
    const outcome = await withRetries(context, async () => answers.shift()!, policy());
    expect(outcome).toEqual({ ok: true, value: 200, attempts: 3, throttled: 0, elapsedMs: 300 });
    expect(sleeps).toEqual([100, 200]);
  });

  it('stops after maxRetries and returns the last retryable answer', async () => {
    const { context, sleeps } = clockContext();
    let calls = 0;
    const outcome = await withRetries(context, async () => (++calls, 500), policy({ maxRetries: 2 }));
    expect(outcome).toEqual({ ok: true, value: 500, attempts: 3, throttled: 0, elapsedMs: 300 });
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('an answer is final when the policy has no retryValue', async () => {
    const { context } = clockContext();
    const { retryValue: _omitted, ...noValueRetry } = policy();
    const outcome = await withRetries(context, async () => 503, noValueRetry);
    expect(outcome.attempts).toBe(1);
  });

  it('returns the last network failure once retries are spent', async () => {
    const { context } = clockContext();
    const outcome = await withRetries(context, async () => Promise.reject(refused()), policy({ maxRetries: 1 }));
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(!outcome.ok && outcome.error.code).toBe('refused');
  });

  it('asks retryNetwork per failure: a non-retryable one ends at once, without a wait', async () => {
    const { context, sleeps } = clockContext();
    const seen: string[] = [];
    const outcome = await withRetries(context, async () => Promise.reject(refused()), policy({ retryNetwork: (error) => (seen.push(error.code), error.code === 'reset') }));
    expect(outcome.attempts).toBe(1);
    expect(seen).toEqual(['refused']);
    expect(sleeps).toEqual([]);
  });

  it('a too-large reply is final even when retryNetwork says every failure is worth another attempt', async () => {
    const { context, sleeps } = clockContext();
    let calls = 0;
    const outcome = await withRetries(context, async () => {
      calls++;
      throw new NetworkError('too-large', 'reply larger than 1048576 bytes', 'http://127.0.0.1:1/');
    }, policy({ retryNetwork: () => true }));
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'too-large' } });
  });

  it('lets any other error propagate from the attempt that threw it', async () => {
    const { context } = clockContext();
    let calls = 0;
    const attempt = async () => {
      if (++calls === 2) throw new TypeError('a bug, not the network');
      return 500;
    };
    await expect(withRetries(context, attempt, policy())).rejects.toThrow(TypeError);
    expect(calls).toBe(2);
  });

  it('never starts a retry whose wait would end past the budget', async () => {
    const { context, clock, sleeps } = clockContext();
    let calls = 0;
    const attempt = async () => {
      calls++;
      clock.now += 400; // each attempt takes 400 ms
      return 503;
    };
    // 400 + 100 ≤ 1000, then 900 + 200 > 1000: two attempts.
    const outcome = await withRetries(context, attempt, policy({ budgetMs: 1000 }));
    expect(calls).toBe(2);
    expect(outcome.attempts).toBe(2);
    expect(sleeps).toEqual([100]);
  });

  it('tells onRetry about each wait, counting retries from 1', async () => {
    const { context } = clockContext();
    const told: Array<[number, number, number]> = [];
    const answers = [503, 502, 200];
    await withRetries(
      context,
      async () => answers.shift()!,
      policy({ jitter: () => 0.5, onRetry: (outcome, retry, delay) => told.push([outcome.ok ? outcome.value : -1, retry, delay]) }),
    );
    expect(told).toEqual([
      [503, 1, 50],
      [502, 2, 100],
    ]);
  });
});

/** Answers: 429 = throttled, 5xx = transient, anything else final. */
function throttlePolicy(overrides: Partial<RetryPolicy<number>> = {}): RetryPolicy<number> {
  return policy({ throttled: (value) => value === 429, retryValue: (value) => value >= 500, jitter: () => 0.5, ...overrides });
}

describe('the throttle schedule', () => {
  it('waits at least the floor, under the window of each throttle in turn, the last one repeating', () => {
    const schedule = { floorMs: 4_000, windowsMs: [12_000, 20_000, 30_000], deadlineMs: 120_000 };
    expect([0, 1, 2, 5].map((n) => throttleDelayMs(schedule, n, () => 0))).toEqual([4_000, 4_000, 4_000, 4_000]);
    // The wait is floor + jitter × (window − floor).
    expect([0, 1, 2, 5].map((n) => throttleDelayMs(schedule, n, () => 0.999))).toEqual([11_992, 19_984, 29_974, 29_974]);
    expect(throttleDelayMs(schedule, 0, () => 0.5)).toBe(8_000);
  });

  it('the default: a first throttle waits 4–52 s (28 s on average, what a lone client throttled once pays), later ones 4–30 s', () => {
    expect(THROTTLE_SCHEDULE).toEqual({ floorMs: 4_000, windowsMs: [52_000, 30_000], deadlineMs: 120_000 });
    const random = seededRandom(11);
    const first = Array.from({ length: 10_000 }, () => throttleDelayMs(THROTTLE_SCHEDULE, 0, random));
    const later = Array.from({ length: 10_000 }, () => throttleDelayMs(THROTTLE_SCHEDULE, 1 + Math.floor(random() * 5), random));
    const mean = (waits: number[]) => waits.reduce((sum, wait) => sum + wait, 0) / waits.length;
    // Uniform over the window: its ends reached (within 0.2 %), its mean in the middle.
    expect(Math.min(...first)).toBeGreaterThanOrEqual(4_000);
    expect(Math.min(...first)).toBeLessThan(4_100);
    expect(Math.max(...first)).toBeLessThan(52_000);
    expect(Math.max(...first)).toBeGreaterThan(51_900);
    expect(mean(first)).toBeGreaterThan(27_500);
    expect(mean(first)).toBeLessThan(28_500);
    expect(Math.min(...later)).toBeGreaterThanOrEqual(4_000);
    expect(Math.min(...later)).toBeLessThan(4_100);
    expect(Math.max(...later)).toBeLessThan(30_000);
    expect(Math.max(...later)).toBeGreaterThan(29_900);
  });

  it('a Retry-After raises the floor (up to MAX_RETRY_AFTER_MS), the jitter stays on top', () => {
    const schedule = { floorMs: 4_000, windowsMs: [12_000, 30_000], deadlineMs: 120_000 };
    expect(throttleDelayMs(schedule, 0, () => 0.5, 20_000)).toBe(24_000);
    expect(throttleDelayMs(schedule, 0, () => 0.5, 1_000)).toBe(8_000);
    expect(throttleDelayMs(schedule, 0, () => 0, 3_600_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('throttled answers are retried whatever maxRetries says, until the next wait would end past the deadline', async () => {
    const { context, sleeps } = clockContext();
    let calls = 0;
    const outcome = await withRetries(context, async () => (++calls, 429), throttlePolicy({ maxRetries: 0, jitter: () => 0.999 }));
    // 51 952, then 29 974 ms each: 51 952 + 2 × 29 974 = 111 900; one more would end at 141 874 > 120 000.
    expect(sleeps).toEqual([51_952, 29_974, 29_974]);
    expect(calls).toBe(4);
    expect(outcome).toEqual({ ok: true, value: 429, attempts: 4, throttled: 4, elapsedMs: 111_900 });
    expect(retryHistory(outcome, 'STS')).toBe('throttled by STS 4 times over 112 s');
  });

  it('the deadline counts from startedAt when given (one deadline for a conversation of several calls)', async () => {
    const { context, clock, sleeps } = clockContext();
    // 117 s already gone: a 4 s wait would end at 121 s, past the 120 s deadline.
    const outcome = await withRetries(context, async () => 429, throttlePolicy({ startedAt: clock.now - 117_000, jitter: () => 0 }));
    expect(sleeps).toEqual([]);
    expect(outcome.attempts).toBe(1);
    expect(outcome.elapsedMs).toBe(117_000);
  });

  it('transient and throttled answers count apart: maxRetries bounds the transient ones only', async () => {
    const { context, sleeps } = clockContext();
    const answers = [429, 503, 429, 503, 429, 200];
    const outcome = await withRetries(context, async () => answers.shift()!, throttlePolicy({ maxRetries: 2 }));
    expect(outcome).toMatchObject({ ok: true, value: 200, attempts: 6, throttled: 3 });
    // Throttled: 4 000 + 0.5 × (52 000 − 4 000), then 4 000 + 0.5 × (30 000 − 4 000); transient: 0.5 × 100, 0.5 × 200.
    expect(sleeps).toEqual([28_000, 50, 17_000, 100, 17_000]);
    expect(retryHistory(outcome, 'STS')).toBe('6 attempts (throttled by STS 3 times) over 62 s');
  });

  it('tells each attempt which it is: "of" the most tries until the service throttles, then left out (the deadline ends them, not a count)', async () => {
    const { context } = clockContext();
    const answers = [503, 429, 503, 200];
    const told: unknown[] = [];
    await withRetries(context, async (which) => (told.push(which), answers.shift()!), throttlePolicy({ maxRetries: 2 }));
    expect(told).toEqual([{ number: 1, of: 3 }, { number: 2, of: 3 }, { number: 3 }, { number: 4 }]);
  });

  it('a clock that does not move while sleeping cannot make the deadline endless', async () => {
    let calls = 0;
    const frozen = { now: () => 0, sleep: async () => undefined };
    const outcome = await withRetries(frozen, async () => (++calls, 429), throttlePolicy());
    expect(calls).toBe(Math.ceil(THROTTLE_SCHEDULE.deadlineMs / THROTTLE_SCHEDULE.floorMs) + 1);
    expect(outcome.throttled).toBe(calls);
  });

  it("the caller's deadline (Context.deadline) ends the retries before a wait that would pass it, throttled or transient, and says so", async () => {
    const { context, clock, sleeps } = clockContext();
    const deadline = { at: clock.now + 10_000, name: 'the --timeout deadline (10000 ms)' };
    // A throttled wait of 4 000 + 0.1 × 48 000 = 8 800 ms fits; the next, 4 000 + 0.1 × 26 000 = 6 600 ms, would end at 15.4 s.
    const throttledOutcome = await withRetries({ ...context, deadline }, async () => 429, throttlePolicy({ jitter: () => 0.1 }));
    expect(sleeps).toEqual([8_800]);
    expect(throttledOutcome).toEqual({ ok: true, value: 429, attempts: 2, throttled: 2, elapsedMs: 8_800, deadline: { name: deadline.name, nextWaitMs: 6_600 } });
    expect(retryHistory(throttledOutcome, 'STS')).toBe('throttled by STS 2 times over 8.8 s; gave up: the next try, in 6.6 s, would come after the --timeout deadline (10000 ms)');
    // A Retry-After of 60 s on the first throttle: no wait at all.
    sleeps.length = 0;
    const asked = await withRetries({ ...context, deadline: { ...deadline, at: clock.now + 10_000 } }, async () => 429, throttlePolicy({ retryAfter: () => 60_000 }));
    expect(sleeps).toEqual([]);
    expect(retryHistory(asked, 'STS')).toMatch(/^throttled by STS 1 time over 0 s; gave up: the next try, in \d+ s, would come after the --timeout deadline/);
    // Transient: the same rule, under the budget.
    sleeps.length = 0;
    const transient = await withRetries({ ...context, deadline: { ...deadline, at: clock.now + 150 } }, async () => 503, throttlePolicy({ jitter: () => 0.999 }));
    expect(sleeps).toEqual([99]);
    expect(retryHistory(transient, 'STS')).toBe('2 attempts over 0.1 s; gave up: the next try, in 0.2 s, would come after the --timeout deadline (10000 ms)');
  });

  it('a transient answer with a Retry-After waits that long, plus the jittered backoff', async () => {
    const { context, sleeps } = clockContext();
    const answers = [503, 200];
    await withRetries(context, async () => answers.shift()!, throttlePolicy({ retryAfter: () => 2_000 }));
    expect(sleeps).toEqual([2_050]);
  });

  it('a Retry-After past the transient budget ends the retries', async () => {
    const { context, sleeps } = clockContext();
    const outcome = await withRetries(context, async () => 503, throttlePolicy({ budgetMs: 15_000, retryAfter: () => 30_000 }));
    expect(sleeps).toEqual([]);
    expect(outcome.attempts).toBe(1);
  });

  it('a fleet throttled together comes back spread out at about what the limit admits, never in step (virtual clock, seeded jitter)', async () => {
    // The 4,800 pods of a 5,000-pod start that STS at 100 requests/s turns away in the first second.
    const clock = new VirtualClock(0);
    const random = seededRandom(7);
    const retriedAt: number[] = [];
    const clients = Array.from({ length: 4_800 }, async () => {
      let first = true;
      return withRetries(
        { now: clock.now, sleep: clock.sleep },
        async () => {
          if (first) return ((first = false), 429);
          retriedAt.push(clock.now());
          return 200;
        },
        throttlePolicy({ jitter: random, throttle: THROTTLE_SCHEDULE }),
      );
    });
    const outcomes = await clock.runUntilSettled(Promise.all(clients));
    expect(outcomes.every((outcome: RetryOutcome<number>) => outcome.ok && outcome.value === 200)).toBe(true);
    // Every retry between the floor and the first window (4–52 s), spread over all of it: each second gets
    // some, none much more than the even 100 (in step, all 4,800 would land in one millisecond).
    expect(retriedAt).toHaveLength(4_800);
    expect(Math.min(...retriedAt)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...retriedAt)).toBeLessThan(52_000);
    const perSecond = new Map<number, number>();
    for (const at of retriedAt) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    expect([...perSecond.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => 4 + i));
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(140);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    ['5', 5_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Sun, 22 Nov 2026 12:00:30 GMT', 30_000],
    ['Sun, 22 Nov 2026 11:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(retryAfterMs({ 'retry-after': value }, now)).toBe(expected);
  });

  it.each(['', '-5', 'soon', '5 s', '12:00'])('ignores %j', (value) => {
    expect(retryAfterMs({ 'retry-after': value }, now)).toBeUndefined();
  });

  it('is undefined without the header', () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('retryHistory', () => {
  const outcome = (attempts: number, throttled: number, elapsedMs: number): RetryOutcome<number> => ({ ok: true, value: 0, attempts, throttled, elapsedMs });
  it.each([
    [outcome(1, 1, 0), ''],
    [outcome(4, 0, 2_300), '4 attempts'],
    [outcome(1 + 5, 6, 9_240), 'throttled by STS 6 times over 9.2 s'],
    [outcome(2, 2, 4_000), 'throttled by STS 2 times over 4 s'],
    [outcome(3, 1, 61_600), '3 attempts (throttled by STS 1 time) over 62 s'],
  ])('%j → %j', (given, expected) => {
    expect(retryHistory(given, 'STS')).toBe(expected);
  });
});
