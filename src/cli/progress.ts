// A visible progress line on stderr while the chain waits on the network, so an IMDS timeout never
// looks like a hang. Only on a terminal; the line is erased when the answer comes.

import type { Context } from '../context.js';
import type { CliIO } from './output.js';

/** Show the line only for requests slower than this (most loopback/STS answers never draw anything). */
const SHOW_AFTER_MS = 250;
const REDRAW_MS = 100;
const CLEAR_LINE = '\r\u001b[2K';

export function withProgress(io: CliIO, context: Context): Context['request'] {
  const inner = context.request;
  if (!io.stderrIsTTY) return inner;
  return async (request) => {
    const started = context.now();
    const url = new URL(request.url);
    const where = `${request.method} ${url.protocol}//${url.host}${url.pathname}`;
    let drawn = false;
    const timer = setInterval(() => {
      const waited = context.now() - started;
      if (waited < SHOW_AFTER_MS) return;
      drawn = true;
      io.err(`${CLEAR_LINE}… waiting for ${where} (${(waited / 1000).toFixed(1)} s of ${(request.timeoutMs / 1000).toFixed(1)} s)`);
    }, REDRAW_MS);
    try {
      return await inner(request);
    } finally {
      clearInterval(timer);
      if (drawn) io.err(CLEAR_LINE);
    }
  };
}
