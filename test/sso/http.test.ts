// The SSO / SSO-OIDC exchange's time bounds (fake clock): 5 s per attempt, 3 attempts, 100 + 200 ms
// backoff and a 15 s budget, so an unreachable portal costs about what an unreachable STS does.

import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { SSO_MAX_ATTEMPTS, SSO_REQUEST_TIMEOUT_MS, SSO_RETRY_BUDGET_MS, sendWithRetry } from '../../src/sso/http.js';
import { fakeMachine } from '../support/fake-context.js';

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
    await expect(sendWithRetry(machine.context, { method: 'GET', url: URL })).rejects.toThrow(NetworkError);
    expect(machine.requests).toHaveLength(SSO_MAX_ATTEMPTS);
    expect(machine.clock.now - started).toBe(3 * 5_000 + 300);
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
