// The emulator without a socket: a Context.request that hands each exchange straight to the routes
// (the same routes, faults and request log as over HTTP) and answers as io/http.ts's nodeRequest
// would — the same statuses and bodies, and the same NetworkError for what only a wire shows (a
// dropped connection, a body cut short, a deadline passed), with the deadline kept on the emulator's
// sleep, so a test on a virtual clock passes minutes of backoff and timeouts in no time.
//
//   const emulator = await startEmulator({ now: clock.now, sleep: clock.sleep });
//   credentialChain({ context: { env: emulator.env(), request: emulator.request, now: clock.now, sleep: clock.sleep } });
//
// A request to any other origin is refused, as a closed port would be: nothing leaves the process.

import type { HttpRequest, HttpResponse } from '../context.js';
import { NetworkError } from '../errors.js';
import { safeUrl } from '../io/http.js';
import type { Fault } from './faults.js';
import type { Reply, Sleep } from './reply.js';
import type { EmulatorRequest } from './world.js';

/** nodeRequest's limit: a larger reply is an error there, so it is one here. */
const MAX_REPLY_BYTES = 1024 * 1024;

export interface Exchange {
  route: string;
  fault: Fault | undefined;
  /** What the route answered (or would have: a fault that replaces the answer skips the handler). */
  reply: Reply;
}

export interface InProcessServer {
  /** The emulator's origin (`http://127.0.0.1:PORT`): requests elsewhere are refused. */
  origin: string;
  exchange(request: EmulatorRequest): Promise<Exchange>;
  sleep: Sleep;
  /** Records the exchange in the request log: the status sent (0 for a dropped connection). */
  log(request: EmulatorRequest, route: string, status: number, faulted: boolean, started: { time: number; at: number }): void;
  now(): number;
}

/** The request as the routes see it over HTTP: lower-case header names, a Host header, the raw path and query. */
export function toEmulatorRequest(request: HttpRequest): EmulatorRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  return { method: request.method, path: url.pathname, query: url.searchParams, headers, body: request.body ?? '', rawUrl: `${url.pathname}${url.search}` };
}

export async function inProcessRequest(server: InProcessServer, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const where = safeUrl(url);
  if (url.origin !== server.origin) throw new NetworkError('refused', 'connection refused', where);
  const started = { time: server.now(), at: performance.now() };
  const emulatorRequest = toEmulatorRequest(request);
  const { route, fault, reply } = await server.exchange(emulatorRequest);
  const log = (status: number) => server.log(emulatorRequest, route, status, fault !== undefined, started);
  /** The client gives up at its deadline: on the emulator's sleep, logged with the status sent by then (0: none). */
  const timedOut = async (sentStatus: number): Promise<never> => {
    await server.sleep(request.timeoutMs);
    log(sentStatus);
    throw new NetworkError('timeout', `no complete answer within ${request.timeoutMs} ms`, where);
  };

  // The same bends as reply.ts's send(), with the client's deadline where the wire would impose it.
  let { status, contentType, body } = reply;
  if (fault?.status !== undefined) {
    status = fault.status;
    body = fault.body ?? `emulated fault: HTTP ${fault.status}`;
    contentType = 'text/plain';
  }
  const delayMs = fault?.delayMs ?? 0;
  // A dropped connection ends after the delay; a slow body comes after the status line, so a client
  // that gives up during it has seen the status.
  const slowBodyMs = fault?.drop ? 0 : (fault?.slowBodyMs ?? 0);
  if (delayMs >= request.timeoutMs) return timedOut(0);
  if (delayMs + slowBodyMs >= request.timeoutMs) return timedOut(status);
  if (delayMs + slowBodyMs > 0) await server.sleep(delayMs + slowBodyMs);
  if (fault?.drop) {
    log(0);
    throw new NetworkError('reset', 'connection reset', where);
  }
  if (fault?.malformed) body = '<<this is not what you asked for';
  if (fault?.contentType) contentType = fault.contentType;
  log(status);
  if (fault?.truncated) throw new NetworkError('reset', 'connection closed before the reply ended', where);
  if (Buffer.byteLength(body) > MAX_REPLY_BYTES) throw new NetworkError('too-large', `reply larger than ${MAX_REPLY_BYTES} bytes`, where);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
  return { status, headers, body };
}
