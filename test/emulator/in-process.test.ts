// emulator.request, the emulator as a Context.request without a socket, against the same emulator
// over loopback HTTP (nodeRequest): every network source resolves the same way with the same
// requests logged, every fault ends in the same outcome and message, a deadline passes on the
// emulator's sleep (here instant), and nothing outside the emulator's origin is reached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { Context } from '../../src/context.js';
import { NetworkError } from '../../src/errors.js';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator/index.js';
import { nodeRequest } from '../../src/io/http.js';
import { setUpSource, type NetworkSourceName } from '../support/network-sources.js';
import { instantSleep } from '../support/virtual-clock.js';

/** The budget of every exchange, in both modes: room for a loaded machine's loopback round trips. */
const BUDGET_MS = 2000;
/** The budget when the fault outlasts any deadline (timeout, slow body): waited out for real only over HTTP. */
const DEADLINE_MS = 40;

let emulator: Emulator;
let home: string;
/** How long the emulator's in-process deadlines and delays were asked to wait. */
const emulatorWaits: number[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ sleep: async (ms) => void emulatorWaits.push(ms) });
  home = mkdtempSync(join(tmpdir(), 'credchain-in-process-'));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

type Mode = 'http' | 'in process';
const transports: Record<Mode, (budgetMs: number) => Context['request']> = {
  http: (budgetMs) => (request) => nodeRequest({ ...request, timeoutMs: Math.min(request.timeoutMs, budgetMs) }),
  'in process': (budgetMs) => (request) => emulator.request({ ...request, timeoutMs: Math.min(request.timeoutMs, budgetMs) }),
};

/** One resolution of `name` over `mode`: the outcome as the user reads it and the routes the emulator logged. */
async function resolve(name: NetworkSourceName, mode: Mode, fault?: Fault) {
  emulator.reset();
  const setup = setUpSource(name, emulator, home);
  if (fault) emulator.fault(setup.route, fault);
  const budgetMs = fault?.delayMs || fault?.slowBodyMs ? DEADLINE_MS : BUDGET_MS;
  const provider = credentialChain({ ignoreCache: true, timeout: budgetMs, context: { env: setup.env, request: transports[mode](budgetMs), sleep: instantSleep().sleep, logger: {} } });
  const outcome = await provider().then(
    (credentials) => ({ ok: true, source: credentials.source, issued: emulator.issued(credentials.accessKeyId)?.issuedBy }),
    (error: Error) => ({ ok: false, error: `${error.name}: ${error.message}` }),
  );
  // Over HTTP the server logs an exchange the client gave up on once it sees the hang-up, a moment later.
  if (mode === 'http') await logSettled();
  return { outcome, routes: emulator.requests.map((entry) => `${entry.route} ${entry.status}`) };
}

/** Until the log has not grown for 50 ms (looked at every 5 ms: a quiet log costs 50 ms, not two 50 ms polls). */
async function logSettled(): Promise<void> {
  let seen = emulator.requests.length;
  let since = performance.now();
  while (performance.now() - since < 50) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (emulator.requests.length !== seen) {
      seen = emulator.requests.length;
      since = performance.now();
    }
  }
}

const SOURCES: NetworkSourceName[] = ['web-identity', 'assume-role', 'sso-portal', 'sso-oidc', 'login', 'container', 'imds'];

describe('emulator.request answers as the emulator over HTTP does', () => {
  it.each(SOURCES)('%s: the same credentials source, issuer and request log', async (name) => {
    const overHttp = await resolve(name, 'http');
    const inProcess = await resolve(name, 'in process');
    expect(overHttp.outcome).toMatchObject({ ok: true });
    expect(inProcess).toEqual(overHttp);
  });

  const faults: Array<[string, Fault]> = [
    ['HTTP 500', { status: 500 }],
    ['503 then 200', { status: 503, times: 1 }],
    ['malformed body', { malformed: true }],
    ['truncated body', { truncated: true }],
    ['wrong content type', { contentType: 'text/html; charset=iso-8859-1' }],
    ['dropped connection', { drop: true }],
    ['timeout', { delayMs: 20 * DEADLINE_MS }],
    ['slow body', { slowBodyMs: 20 * DEADLINE_MS }],
  ];
  it.each(faults)('container, %s: the same outcome, message and request log', async (_name, fault) => {
    const overHttp = await resolve('container', 'http', fault);
    emulatorWaits.length = 0;
    const inProcess = await resolve('container', 'in process', fault);
    expect(inProcess).toEqual(overHttp);
    // A deadline is waited out on the emulator's sleep, not on the wall clock.
    if (fault.delayMs || fault.slowBodyMs) expect(emulatorWaits).toEqual([DEADLINE_MS, DEADLINE_MS, DEADLINE_MS, DEADLINE_MS]);
  });

  it('refuses every other origin, as a closed port does: nothing leaves the process', async () => {
    for (const url of ['http://127.0.0.1:1/latest/api/token', 'https://sts.us-east-1.amazonaws.com/', `${emulator.url.replace('127.0.0.1', 'localhost')}/`]) {
      const error = await emulator.request({ method: 'GET', url, timeoutMs: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'refused', message: `connection refused (${url})` });
    }
  });

  it('routeOf names the route a request goes to', () => {
    expect(emulator.routeOf({ method: 'PUT', url: `${emulator.url}/latest/api/token`, timeoutMs: 1000 })).toBe('imds:token');
    expect(emulator.routeOf({ method: 'POST', url: `${emulator.url}/`, body: 'Action=AssumeRole&Version=2011-06-15', timeoutMs: 1000 })).toBe('sts:AssumeRole');
    expect(emulator.routeOf({ method: 'GET', url: `${emulator.url}/nothing-here`, timeoutMs: 1000 })).toBe('unknown');
  });
});
