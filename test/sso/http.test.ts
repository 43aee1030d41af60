// The SSO / SSO-OIDC exchange's time bounds (fake clock): 5 s per attempt, 3 attempts, 100 + 200 ms
// backoff (jittered), a Retry-After honoured within the 15 s budget, so an unreachable portal costs
// about what an unreachable STS does.

import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { SSO_MAX_ATTEMPTS, SSO_REQUEST_TIMEOUT_MS, SSO_RETRY_BUDGET_MS, sendWithRetry } from '../../src/sso/http.js';
import { fakeMachine } from '../support/fake-context.js';
import { withRandom } from '../support/fixed-random.js';

const URL = 'https://portal.sso.eu-west-1.amazonaws.com/federation/credentials';

describe('sendWithRetry time bounds', () => {
  it('gives each attempt 5 s, like STS', async () => {
    const machine = fakeMachine({ request: () => ({ status: 200, headers: {}, body: '{}' }) });
    await sendWithRetry(machine.context, { method: 'GET', url: URL });
    expect(SSO_REQUEST_TIMEOUT_MS).toBe(5_000);
    expect(machine.requests[0]!.timeoutMs).toBe(5_000);
  });

  it('an unreachable portal costs at most 3 timeouts plus 100 + 200 ms of backoff (was 30 s)', async () => {
    const machine = fakeMachine({
      request: (request) => {
        machine.clock.advance(request.timeoutMs);
        throw new NetworkError('timeout', `no complete answer within ${request.timeoutMs} ms`, URL);
      },
    });
    const started = machine.clock.now;
    // The backoff is jittered: at its largest (random just under 1), 99 + 199 ms.
    await expect(withRandom(0.999, () => sendWithRetry(machine.context, { method: 'GET', url: URL }))).rejects.toThrow(NetworkError);
    expect(machine.requests).toHaveLength(SSO_MAX_ATTEMPTS);
    expect(machine.clock.now - started).toBe(3 * 5_000 + 99 + 199);
  });

  it('a 429 with a Retry-After waits for it (plus the jittered backoff) when it fits the budget, and not past it', async () => {
    const answers = [
      { status: 429, headers: { 'retry-after': '3' }, body: '{"__type":"TooManyRequestsException"}' },
      { status: 429, headers: { 'retry-after': '60' }, body: '{"__type":"TooManyRequestsException"}' },
    ];
    const machine = fakeMachine({ request: () => answers.shift()! });
    const response = await withRandom(0.5, () => sendWithRetry(machine.context, { method: 'GET', url: URL }));
    // 3 s + 50 ms, then a 60 s wait would end past the 15 s budget: the second 429 is the answer.
    expect(machine.requests).toHaveLength(2);
    expect(machine.clock.now - Date.parse('2026-11-22T12:00:00Z')).toBe(3_050);
    expect(response.status).toBe(429);
  });

  it('starts no retry past the 15 s budget, even when an attempt overruns its timeout', async () => {
    const machine = fakeMachine({
      request: () => {
        machine.clock.advance(8_000); // a slow body, say: longer than the per-attempt timeout
        return { status: 503, headers: {}, body: '' };
      },
    });
    const response = await sendWithRetry(machine.context, { method: 'GET', url: URL });
    expect(response.status).toBe(503);
    // 8 000 + 100 ≤ 15 000 allows attempt 2; 16 100 + 200 > 15 000 stops there.
    expect(SSO_RETRY_BUDGET_MS).toBe(15_000);
    expect(machine.requests).toHaveLength(2);
  });
});
