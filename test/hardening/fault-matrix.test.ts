// The fault matrix: every network source (web identity, AssumeRole, SSO portal, SSO-OIDC refresh,
// the `aws login` refresh through sign-in, container, IMDS) × every way an endpoint fails, through the real chain, real sockets and the loopback
// emulator's fault injection. Each cell checks: bounded time, the outcome (a clear error naming the
// source, the endpoint and what to do — or success for recoverable faults), no secret anywhere, no
// unhandled rejection, and no socket or timer left behind.
//
// Small timeouts keep it fast: `timeout` (container, IMDS) and a Context.request that caps every
// exchange's budget (STS and SSO have no option for it), both at T ms — and at DEADLINE_MS for the
// exchange under test when the fault is one the client must give up on (timeout, slow body). Retry
// backoff is counted (and bounded) but not waited for: the context's clock jumps over every wait
// instead of sleeping through it, so the throttling column, whose calls retry until a deadline
// minutes away (src/retry.ts), still ends on that deadline, in no time.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain, type CredentialProvider } from '../../src/chain.js';
import type { Context } from '../../src/context.js';
import type { Credentials } from '../../src/credentials.js';
import { IMDS_THROTTLE_SCHEDULE } from '../../src/metadata/retry.js';
import { THROTTLE_SCHEDULE, type ThrottleSchedule } from '../../src/retry.js';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator/index.js';
import { nodeRequest } from '../../src/io/http.js';
import { activeResources, leftoverResources, watchUnhandledRejections } from '../support/leak-watch.js';
import { closedPort, setUpSource, type NetworkSourceName } from '../support/network-sources.js';
import { expectBroken, expectNoCredentials } from '../support/outcomes.js';
import { CredentialsProviderError } from '../../src/errors.js';
import { instantSleep } from '../support/virtual-clock.js';

/** Per-request budget for every exchange in the matrix. */
const T = 250;
/** The budget of the faulted exchange when the fault outlasts any deadline: every attempt ends in this long. */
const DEADLINE_MS = 40;
/** Module loading, process scheduling and the emulator's own work: the margin on top of the computed bound. */
const SLACK_MS = 750;

interface Row {
  name: NetworkSourceName;
  /** Attempts per exchange (1 + retries) and the sum of the backoff caps between them. */
  attempts: number;
  backoffMs: number;
  /** Sequential exchanges a resolution can make at most (IMDS: token, role, credentials). */
  exchanges: number;
  throttle: Fault;
  /** How a throttled exchange retries; absent: throttling counts as transient (SSO, SSO-OIDC, sign-in). */
  throttleSchedule?: ThrottleSchedule;
  /** What the error must say the user should do. */
  fix: RegExp;
}

const rows: Row[] = [
  // STS: 1 + 3 retries, full jitter capped at 100, 200, 400 ms.
  { name: 'web-identity', attempts: 4, backoffMs: 700, exchanges: 1, throttle: stsThrottle(), throttleSchedule: THROTTLE_SCHEDULE, fix: /Check|try again/ },
  { name: 'assume-role', attempts: 4, backoffMs: 700, exchanges: 1, throttle: stsThrottle(), throttleSchedule: THROTTLE_SCHEDULE, fix: /Check|try again/ },
  // SSO and SSO-OIDC: 3 attempts, 100 + 200 ms backoff; the refresh is followed by one portal call.
  { name: 'sso-portal', attempts: 3, backoffMs: 300, exchanges: 1, throttle: json429('TooManyRequestsException'), fix: /Check|try again|aws sso login/ },
  { name: 'sso-oidc', attempts: 3, backoffMs: 300, exchanges: 2, throttle: json429('TooManyRequestsException'), fix: /aws sso login/ },
  // aws login: retries as SSO-OIDC's (3 attempts, 100 + 200 ms), a new DPoP proof each time.
  { name: 'login', attempts: 3, backoffMs: 300, exchanges: 1, throttle: json429('TooManyRequestsError'), fix: /aws login/ },
  // Metadata endpoints: maxRetries 3, backoff 100, 200, 400 ms (full jitter: at most that).
  {
    name: 'container', attempts: 4, backoffMs: 700, exchanges: 1, fix: /Check/,
    throttle: { status: 429, body: '{"Code":"TooManyRequests","Message":"slow down"}' }, throttleSchedule: THROTTLE_SCHEDULE,
  },
  {
    name: 'imds', attempts: 4, backoffMs: 700, exchanges: 3, fix: /AWS_EC2_METADATA_DISABLED=true|Check|try again|Attach/,
    throttle: { status: 429, body: 'Too Many Requests' }, throttleSchedule: IMDS_THROTTLE_SCHEDULE,
  },
];

type FaultName = 'connection refused' | 'timeout' | 'slow body' | 'HTTP 500' | '503 then 200' | 'throttling' | 'malformed body' | 'truncated body' | 'wrong content type';

interface Column {
  name: FaultName;
  /** undefined: the endpoint is a closed port instead of the emulator. */
  fault: (row: Row) => Fault | undefined;
  recovers: boolean;
  /** The fault outlasts any deadline: the faulted exchange gets DEADLINE_MS instead of T. */
  deadline?: true;
}

const columns: Column[] = [
  { name: 'connection refused', fault: () => undefined, recovers: false },
  { name: 'timeout', fault: () => ({ delayMs: 20 * T }), recovers: false, deadline: true },
  { name: 'slow body', fault: () => ({ slowBodyMs: 20 * T }), recovers: false, deadline: true },
  { name: 'HTTP 500', fault: () => ({ status: 500 }), recovers: false },
  { name: '503 then 200', fault: () => ({ status: 503, times: 1 }), recovers: true },
  { name: 'throttling', fault: (row) => row.throttle, recovers: false },
  { name: 'malformed body', fault: () => ({ malformed: true }), recovers: false },
  { name: 'truncated body', fault: () => ({ truncated: true }), recovers: false },
  // Parsers read the body, not the label (as the SDK does): a right body with a wrong Content-Type works.
  { name: 'wrong content type', fault: () => ({ contentType: 'text/html; charset=iso-8859-1' }), recovers: true },
];

function stsThrottle(): Fault {
  return {
    status: 400,
    body: '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>',
  };
}

function json429(type: string): Fault {
  return { status: 429, body: JSON.stringify({ __type: type, message: 'Too many requests, slow down' }) };
}

/** Wall time: every attempt of every exchange up to its deadline (backoff is skipped, see resolveWith). */
function boundMs(row: Row, column: Column): number {
  // Throttled: attempts go on until the deadline (on the jumping clock), each at most T.
  if (column.name === 'throttling' && row.throttleSchedule) return row.exchanges * throttledAttempts(row.throttleSchedule) * T + SLACK_MS;
  return row.exchanges * row.attempts * T + SLACK_MS;
}

/** Backoff asked for, in all: at most the caps between the attempts of every exchange (throttled: up to the deadline). */
function backoffBoundMs(row: Row, column: Column): number {
  if (column.name === 'throttling' && row.throttleSchedule) return row.exchanges * row.throttleSchedule.deadlineMs;
  return row.exchanges * row.backoffMs;
}

/** The most attempts a throttled exchange makes: one every floorMs at best until the deadline, and the first. */
function throttledAttempts(schedule: ThrottleSchedule): number {
  return Math.ceil(schedule.deadlineMs / schedule.floorMs) + 1;
}

let emulator: Emulator;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { credentialLifetimeSeconds: 3600 } });
  home = mkdtempSync(join(tmpdir(), 'credchain-fault-matrix-'));
});

afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Run {
  provider: CredentialProvider;
  logs: string[];
  result: { credentials?: Credentials; error?: unknown };
  ms: number;
  /** The backoff waits the sources asked for (skipped: instantSleep), in ms. */
  waits: number[];
}

/** `deadlineRoute`: the emulator route whose exchanges get DEADLINE_MS. */
async function resolveWith(env: Record<string, string>, deadlineRoute?: string): Promise<Run> {
  const logs: string[] = [];
  const budget = (req: Parameters<Context['request']>[0]) => (deadlineRoute !== undefined && emulator.routeOf(req) === deadlineRoute ? DEADLINE_MS : T);
  const request: Context['request'] = (req) => nodeRequest({ ...req, timeoutMs: Math.min(req.timeoutMs, budget(req)) });
  const logger = { debug: (m: string) => logs.push(m), info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  // Backoff is counted, not waited for: the clock jumps over each wait (budgets and deadlines see the
  // time pass), the sockets and the per-attempt deadlines stay real.
  const { sleep, waits, now } = instantSleep();
  const provider = credentialChain({ timeout: T, ignoreCache: true, context: { env, request, logger, sleep, now } });
  const started = performance.now();
  const result = await provider().then(
    (credentials) => ({ credentials }),
    (error: unknown) => ({ error }),
  );
  return { provider, logs, result, ms: performance.now() - started, waits };
}

describe('fault matrix', () => {
  beforeAll(async () => {
    // Loads every module the rows use, so no cell pays for a first import.
    for (const row of rows) {
      emulator.reset();
      const { result } = await resolveWith(setUpSource(row.name, emulator, home).env);
      expect(result.error, `${row.name} without a fault`).toBeUndefined();
    }
  });

  for (const row of rows) {
    describe(row.name, () => {
      for (const column of columns) {
        it(column.name, async () => {
          emulator.reset();
          const origin = column.name === 'connection refused' ? `http://127.0.0.1:${await closedPort()}` : emulator.url;
          const setup = setUpSource(row.name, emulator, home, origin);
          const fault = column.fault(row);
          if (fault) emulator.fault(setup.route, fault);

          const unhandled = watchUnhandledRejections();
          const baseline = activeResources();
          const run = await resolveWith(setup.env, column.deadline ? setup.route : undefined);
          const leftovers = await leftoverResources(baseline);
          await new Promise((resolve) => setImmediate(resolve));
          unhandled.stop();

          // Bounded time.
          expect(run.ms, `took ${Math.round(run.ms)} ms`).toBeLessThanOrEqual(boundMs(row, column));
          const backoff = run.waits.reduce((sum, ms) => sum + ms, 0);
          expect(backoff, `backoff ${run.waits.join(' + ')} ms`).toBeLessThanOrEqual(backoffBoundMs(row, column));

          // The outcome.
          const explanation = await run.provider.explain();
          if (column.recovers) {
            expect(run.result.error, String((run.result.error as Error)?.message)).toBeUndefined();
            expect(run.result.credentials!.source).toBe(setup.source);
            expect(emulator.issued(run.result.credentials!.accessKeyId)).toBeDefined();
            if (fault?.times) expect(emulator.count(setup.route)).toBe(2);
          } else {
            const error = run.result.error as Error;
            expect(error, 'the call must fail').toBeInstanceOf(Error);
            const { message, whatToDo } = describeFailure(error, setup.source);
            // Which endpoint: its address, so the user can check it.
            expect(message).toContain(origin.replace('http://', ''));
            expect(whatToDo).toMatch(row.fix);
            // A throttled call says so, with how often and for how long (its deadline ended it).
            if (column.name === 'throttling' && row.throttleSchedule) expect(message).toMatch(/throttled by .+ \d+ times over \d+ s/);
          }

          // No secret in the error, the trace or the logs.
          const printed = [String((run.result.error as Error)?.message ?? ''), JSON.stringify(explanation), run.logs.join('\n')].join('\n');
          for (const secret of emulator.secrets()) expect(printed.includes(secret), `a secret leaked (${secret.slice(0, 4)}…)`).toBe(false);

          expect(unhandled.rejections).toEqual([]);
          expect(leftovers, 'handles left open after the call').toEqual({});
        });
      }
    });
  }
});

describe('the matrix harness can see what it looks for', () => {
  it('a socket and a timer left open, and an unhandled rejection, are all reported', async () => {
    const unhandled = watchUnhandledRejections();
    const baseline = activeResources();
    // A timer of an earlier test may end inside the window and hide this one in a net count: count every timer.
    baseline.delete('Timeout');
    const timer = setTimeout(() => undefined, 10_000);
    const socket = (await import('node:net')).connect(emulator.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    void Promise.reject(new Error('nobody listens'));
    const leftovers = await leftoverResources(baseline, 50);
    await new Promise((resolve) => setImmediate(resolve));
    unhandled.stop();
    clearTimeout(timer);
    socket.destroy();
    expect(leftovers).toMatchObject({ Timeout: expect.any(Number), TCPSocketWrap: expect.any(Number) });
    expect(leftovers.Timeout).toBeGreaterThanOrEqual(1);
    expect(unhandled.rejections).toHaveLength(1);
  });
});

/**
 * The error as the user sees it, and its "what to do" part. A broken source stops the chain with its
 * own error; IMDS not answering is a miss (as in the SDK), so the chain's final error carries its reason.
 */
function describeFailure(error: Error, source: string): { message: string; whatToDo: string } {
  if (source === 'imds') {
    expectNoCredentials(error);
    const entry = error.trace!.find((e) => e.source === 'imds')!;
    expect(entry.outcome).toBe('miss');
    expect(error.message).toContain(entry.reason);
    return { message: entry.reason, whatToDo: entry.reason.slice(entry.reason.lastIndexOf('. ') + 2) };
  }
  expectBroken(error);
  const broken = error as CredentialsProviderError;
  expect(broken.source).toBe(source);
  expect(broken.message.startsWith(`${source}: `)).toBe(true);
  expect(broken.fix, `no "what to do" in: ${broken.message}`).toBeTruthy();
  return { message: broken.message, whatToDo: broken.fix ?? '' };
}
