// --timeout as one deadline over a whole command: its requests and credential_process runs get at most
// the time left (their own limits stay when shorter), and the retry loop (src/retry.ts) starts no wait
// that would end past it, so a throttled STS ends the command by then with what happened so far
// ("throttled by STS 2 times over 9 s; gave up: the next try, in 31 s, would come after the
// --timeout deadline (10000 ms)").

import type { Context, Deadline } from '../context.js';
import { NetworkError } from '../errors.js';

/** The deadline of `--timeout MS` from now. */
export function timeoutDeadline(context: Pick<Context, 'now'>, timeoutMs: number): Deadline {
  return { at: context.now() + timeoutMs, name: `the --timeout deadline (${timeoutMs} ms)` };
}

/** `context` with `deadline` over every wait, request and command it makes. */
export function withDeadline(context: Context, deadline: Deadline): Context {
  const left = () => deadline.at - context.now();
  return {
    ...context,
    deadline,
    request: async (request) => {
      const ms = left();
      if (ms <= 0) {
        const url = new URL(request.url);
        throw new NetworkError('timeout', `not sent: ${deadline.name} had passed`, `${url.protocol}//${url.host}${url.pathname}`);
      }
      return context.request({ ...request, timeoutMs: Math.min(request.timeoutMs, Math.ceil(ms)) });
    },
    runCommand: (command, options) => context.runCommand(command, { ...options, timeoutMs: Math.max(1, Math.min(options.timeoutMs, Math.ceil(left()))) }),
  };
}
