// A visible progress line on stderr while the chain waits on the network, so an IMDS timeout never
// looks like a hang: what it waits for, which try this is (a retried request says "attempt 2 of 4",
// so three timeouts in a row do not read as one wait counted three times), and how long it has waited
// of this try's deadline. Only on a terminal; the line is erased when the answer comes.

import type { Context, HttpRequest } from '../context.js';
import type { CliIO } from './output.js';
import { term, trusted } from './terminal-text.js';

/** Show the line only for requests slower than this (most loopback/STS answers never draw anything). */
const SHOW_AFTER_MS = 250;
const REDRAW_MS = 100;
/** Back to the start of the line and erase it: drawn by credchain itself. */
const CLEAR_LINE = trusted('\r\u001b[2K');

export function withProgress(io: CliIO, context: Context): Context['request'] {
  const inner = context.request;
  if (!io.stderrIsTTY) return inner;
  return async (request) => {
    const started = context.now();
    let drawn = false;
    const timer = setInterval(() => {
      const waited = context.now() - started;
      if (waited < SHOW_AFTER_MS) return;
      drawn = true;
      io.err(term`${CLEAR_LINE}${progressLine(request, waited)}`);
    }, REDRAW_MS);
    try {
      return await inner(request);
    } finally {
      clearInterval(timer);
      if (drawn) io.err(CLEAR_LINE);
    }
  };
}

/** `… waiting for POST https://sts.eu-west-1.amazonaws.com/ (attempt 2 of 4: 1.3 s of 5.0 s)`; no query string. */
export function progressLine(request: HttpRequest, waitedMs: number): string {
  const url = new URL(request.url);
  const where = `${request.method} ${url.protocol}//${url.host}${url.pathname}`;
  const attempt = attemptText(request.attempt);
  return `… waiting for ${where} (${attempt}${(waitedMs / 1000).toFixed(1)} s of ${(request.timeoutMs / 1000).toFixed(1)} s)`;
}

/** 'attempt 2 of 4: '; 'attempt 3: ' once a throttle leaves the count open; '' for a request never retried. */
function attemptText(attempt: HttpRequest['attempt']): string {
  if (!attempt) return '';
  if (attempt.of === undefined) return attempt.number > 1 ? `attempt ${attempt.number}: ` : '';
  return attempt.of > 1 ? `attempt ${attempt.number} of ${attempt.of}: ` : '';
}
