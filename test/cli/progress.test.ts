// The progress line: drawn on a terminal only, only for slow requests, erased when the answer comes.
import { describe, expect, it } from 'vitest';
import type { Context, HttpRequest } from '../../src/context.js';
import type { CliIO } from '../../src/cli/output.js';
import { withProgress } from '../../src/cli/progress.js';

function io(stderrIsTTY: boolean): CliIO & { errors: string[] } {
  const errors: string[] = [];
  return { out: () => undefined, err: (text) => errors.push(text), color: false, stderrIsTTY, env: {}, errors };
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
