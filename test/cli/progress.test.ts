// The progress line: drawn on a terminal only, only for slow requests, erased when the answer comes.
import { describe, expect, it } from 'vitest';
import type { Context, HttpRequest } from '../../src/context.js';
import type { CliIO } from '../../src/cli/output.js';
import { withProgress } from '../../src/cli/progress.js';
import { captureIO } from '../support/capture-io.js';

function io(stderrIsTTY: boolean): CliIO & { errors: string[] } {
  const errors: string[] = [];
  return { ...captureIO().io, err: (text) => void errors.push(String(text)), stderrIsTTY, errors };
}

function context(delayMs: number): Context {
  return {
    now: () => Date.now(),
    request: () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, headers: {}, body: 'ok' }), delayMs)),
  } as unknown as Context;
}

const tokenRequest: HttpRequest = { method: 'PUT', url: 'http://127.0.0.1:9/latest/api/token?x=secret', timeoutMs: 1000 };

describe('withProgress', () => {
  it('on a terminal, a slow request shows what it waits for (no query string), then erases the line', async () => {
    const tty = io(true);
    const reply = await withProgress(tty, context(600))(tokenRequest);
    expect(reply.body).toBe('ok');
    expect(tty.errors.length).toBeGreaterThanOrEqual(2);
    expect(tty.errors[0]).toMatch(/^\r\u001b\[2K… waiting for PUT http:\/\/127\.0\.0\.1:9\/latest\/api\/token \(\d\.\d s of 1\.0 s\)$/);
    expect(tty.errors.join('')).not.toContain('secret');
    expect(tty.errors.at(-1)).toBe('\r\u001b[2K');
  });

  it('a fast request draws nothing; off a terminal the request function is untouched', async () => {
    const tty = io(true);
    await withProgress(tty, context(5))(tokenRequest);
    expect(tty.errors).toEqual([]);
    const ctx = context(5);
    expect(withProgress(io(false), ctx)).toBe(ctx.request);
  });
});

describe('the progress line names the attempt of a retried request', () => {
  it('each try of an STS call that times out says which it is (attempt n of 4), not the same count again', async () => {
    const { fakeMachine } = await import('../support/fake-context.js');
    const { getCallerIdentity, STS_MAX_RETRIES } = await import('../../src/sts/client.js');
    const { NetworkError } = await import('../../src/errors.js');
    const { progressLine } = await import('../../src/cli/progress.js');
    const m = fakeMachine({
      request: (request) => {
        throw new NetworkError('timeout', `no complete answer within ${request.timeoutMs} ms`, request.url);
      },
    });
    const call = { context: m.context, endpoint: { url: 'https://sts.eu-west-1.amazonaws.com', signingRegion: 'eu-west-1' }, budgetMs: 60_000, random: () => 0.5 };
    await expect(getCallerIdentity(call, { accessKeyId: 'AKIAPROGRESSEXAMPLE1', secretAccessKey: 'progressSecret' })).rejects.toThrow(/after 4 attempts/);
    expect(STS_MAX_RETRIES).toBe(3);
    expect(m.requests.map((request) => progressLine(request, 4900))).toEqual(
      [1, 2, 3, 4].map((n) => `… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt ${n} of 4: 4.9 s of 5.0 s)`),
    );
    // A request that is never retried says nothing about attempts.
    expect(progressLine(tokenRequest, 300)).toBe('… waiting for PUT http://127.0.0.1:9/latest/api/token (0.3 s of 1.0 s)');
  });

  it('once STS throttles, the tries are bounded by a deadline, not a count: the line numbers them without "of"', async () => {
    const { fakeMachine } = await import('../support/fake-context.js');
    const { getCallerIdentity } = await import('../../src/sts/client.js');
    const { NetworkError } = await import('../../src/errors.js');
    const { errorReply } = await import('../sts/support/replies.js');
    const { progressLine } = await import('../../src/cli/progress.js');
    let calls = 0;
    const m = fakeMachine({
      request: (request) => {
        if (++calls === 1) throw new NetworkError('timeout', `no complete answer within ${request.timeoutMs} ms`, request.url);
        return { status: 400, headers: {}, body: errorReply('Throttling', 'Rate exceeded') };
      },
    });
    const call = { context: m.context, endpoint: { url: 'https://sts.eu-west-1.amazonaws.com', signingRegion: 'eu-west-1' }, budgetMs: 60_000, random: () => 0.999 };
    await expect(getCallerIdentity(call, { accessKeyId: 'AKIAPROGRESSEXAMPLE1', secretAccessKey: 'progressSecret' })).rejects.toThrow(/after 5 attempts \(throttled by STS 4 times\)/);
    expect(m.requests.map((request) => progressLine(request, 4900))).toEqual([
      '… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt 1 of 4: 4.9 s of 5.0 s)',
      '… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt 2 of 4: 4.9 s of 5.0 s)',
      '… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt 3: 4.9 s of 5.0 s)',
      '… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt 4: 4.9 s of 5.0 s)',
      '… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt 5: 4.9 s of 5.0 s)',
    ]);
  });
});
