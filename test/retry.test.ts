// The shared retry loop (src/retry.ts): attempt bound, backoff and cap, full jitter, the time budget,
// which failures are retried, and that waiting goes through Context (a fake clock here).

import { describe, expect, it } from 'vitest';
import { NetworkError } from '../src/errors.js';
import { backoffDelayMs, withRetries, type RetryPolicy } from '../src/retry.js';

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
    expect(outcome).toEqual({ ok: true, value: 200, attempts: 3 });
    expect(sleeps).toEqual([100, 200]);
  });

  it('stops after maxRetries and returns the last retryable answer', async () => {
    const { context, sleeps } = clockContext();
    let calls = 0;
    const outcome = await withRetries(context, async () => (++calls, 500), policy({ maxRetries: 2 }));
    expect(outcome).toEqual({ ok: true, value: 500, attempts: 3 });
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
