// The emulator without a socket: a Context.request that hands each exchange straight to the routes
// (the same routes, faults and request log as over HTTP, core.ts) and answers as io/http.ts's
// nodeRequest would — the same statuses and bodies, and the same NetworkError for what only a wire
// shows (a dropped connection, a body cut short, a deadline passed), with the deadline kept on the
// emulator's sleep, so a test on a virtual clock passes minutes of backoff and timeouts in no time.
// Two ways to have it:
//
//   // beside the loopback server (an emulator a child process can reach too): emulator.request
//   const emulator = await startEmulator({ now: clock.now, sleep: clock.sleep });
//   credentialChain({ context: { env: emulator.env(), request: emulator.request, now: clock.now, sleep: clock.sleep } });
//
//   // no socket at all (the refresh soak, thousands of simulated pods in bench/fleet-child.mjs)
//   const emulator = inProcessEmulator({ now: clock.now, sleep: clock.sleep, scenario: { credentialLifetimeSeconds: 3600 } });
//   credentialChain({ context: { ...machine.context, request: emulator.request } });
//
// startEmulator's emulator.request refuses any origin but its own, as a closed port would; an
// inProcessEmulator answers every origin unless given one. Either way nothing leaves the process.

import type { HttpRequest, HttpResponse } from '../context.js';
import { NetworkError } from '../errors.js';
import { MAX_BODY_BYTES, safeUrl } from '../io/http.js';
import { createEmulatorCore, type EmulatorCore, type EmulatorCoreOptions, type EmulatorState } from './core.js';
import type { Sleep } from './reply.js';
import type { EmulatorRequest } from './world.js';

export interface InProcessEmulatorOptions extends EmulatorCoreOptions {
  /** How fault delays and client deadlines are waited for; default real timers. A virtual clock's sleep makes them instant. */
  sleep?: (ms: number) => Promise<void>;
  /** Answer only this origin (`http://127.0.0.1:PORT`) and refuse any other, as a closed port would; default: every origin. */
  origin?: string;
}

/** The emulator's routes, faults and request log as a Context.request. */
export interface InProcessEmulator extends EmulatorState {
  /**
   * One exchange as Context.request, without a socket: what only the wire shows (a drop, a cut body, a
   * passed deadline) comes back as nodeRequest's NetworkError.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** The route that answers `request` (`sts:AssumeRole`, `imds:token`, … or `unknown`). */
  routeOf(request: HttpRequest): string;
}

/** An emulator with no socket at all. */
export function inProcessEmulator(options: InProcessEmulatorOptions = {}): InProcessEmulator {
  const core = createEmulatorCore(options);
  return { ...core.state, ...serveInProcess(core, { sleep: options.sleep ?? realTimerSleep, ...(options.origin ? { origin: options.origin } : {}) }) };
}

const realTimerSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `core` served in process (startEmulator's emulator.request uses it with its own origin and timers). */
export function serveInProcess(core: EmulatorCore, transport: { sleep: Sleep; origin?: string }): Pick<InProcessEmulator, 'request' | 'routeOf'> {
  return {
    request: (request) => inProcessRequest(core, transport, request),
    routeOf: (request) => core.routeFor(toEmulatorRequest(request)),
  };
}

/** The request as the routes see it over HTTP: lower-case header names, a Host header, the raw path and query. */
function toEmulatorRequest(request: HttpRequest): EmulatorRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  return { method: request.method, path: url.pathname, query: url.searchParams, headers, body: request.body ?? '', rawUrl: `${url.pathname}${url.search}` };
}

async function inProcessRequest(core: EmulatorCore, transport: { sleep: Sleep; origin?: string }, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const where = safeUrl(url);
  if (transport.origin !== undefined && url.origin !== transport.origin) throw new NetworkError('refused', 'connection refused', where);
  const arrival = { time: core.now(), at: performance.now() };
  const emulatorRequest = toEmulatorRequest(request);
  const { route, fault, reply } = await core.exchange(emulatorRequest);
  const log = (status: number) => core.log(emulatorRequest, route, status, fault !== undefined, arrival);
  /** The client gives up at its deadline: on the emulator's sleep, logged with the status sent by then (0: none). */
  const timedOut = async (sentStatus: number): Promise<never> => {
    await transport.sleep(request.timeoutMs);
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
  if (delayMs + slowBodyMs > 0) await transport.sleep(delayMs + slowBodyMs);
  if (fault?.drop) {
    log(0);
    throw new NetworkError('reset', 'connection reset', where);
  }
  if (fault?.malformed) body = '<<this is not what you asked for';
  if (fault?.contentType) contentType = fault.contentType;
  log(status);
  if (fault?.truncated) throw new NetworkError('reset', 'connection closed before the reply ended', where);
  // nodeRequest's limit: a larger reply is an error there, so it is one here.
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new NetworkError('too-large', `reply larger than ${MAX_BODY_BYTES} bytes`, where);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
  return { status, headers, body };
}
