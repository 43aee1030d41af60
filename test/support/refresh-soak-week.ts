// The refresh soak's week (test/refresh-soak.test.ts), run in a worker thread of its own
// (support/bundled-worker.ts) so that the heap it measures holds credchain, the emulator and this file
// and nothing else: in the unit lane's shared worker a heap snapshot also walks every earlier file's
// modules (seconds each), and their leftovers are noise in the count. It posts a WeekReport — what each
// consumer was handed, the STS sessions, the log, timers, handles and the heap on day 2 and day 7 —
// and the test judges it.
//
// A week of hourly role credentials in seconds (virtual clock, in-process STS: no sleep, no socket):
// one credentialChain() — AssumeRole from a profile's static keys, as the MongoDB driver would ask it
// every minute — and one `credchain serve` holder (ServedCredentials, web identity, its own refresh
// timer), STS down for an hour in the middle.

import { parentPort } from 'node:worker_threads';
import { EXPIRY_MARGIN_MS, REFRESH_WINDOW_MS, credentialChain } from '../../src/chain.js';
import { ServedCredentials } from '../../src/cli/served-credentials.js';
import type { Context, HttpRequest, HttpResponse } from '../../src/context.js';
import type { Credentials } from '../../src/credentials.js';
import { stsError } from '../../src/emulator/routes/sts-xml.js';
import { inProcessEmulator, type InProcessEmulator } from '../../src/emulator/in-process.js';
import { activeResources, leftoverResources, liveDataBytes, liveObjectCount } from './leak-watch.js';
import { VirtualClock, settle } from './virtual-clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAYS = 7;
const START = Date.parse('2026-11-22T00:00:00Z');
/** STS answers 503 for this hour, in the middle of the week, at a time no refresh is aligned with. */
const OUTAGE = { from: START + 3 * 24 * HOUR + 13 * HOUR + 17 * MINUTE, to: START + 3 * 24 * HOUR + 14 * HOUR + 17 * MINUTE };

const USER = { accessKeyId: 'AKIASOAKEXAMPLE00001', secretAccessKey: 'soakSecretSENTINEL/0123456789abcdefghijkl' };
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.soakWebTokenSENTINEL.sig';
const SCENARIO = { credentialLifetimeSeconds: 3600, users: { base: USER }, webIdentity: { tokens: [WEB_TOKEN] } };
const ENDPOINT = 'https://sts.eu-west-1.amazonaws.com';
const FILES: Record<string, string> = {
  '/home/soak/.aws/config': '[profile app]\nrole_arn = arn:aws:iam::123456789012:role/service/app-role\nsource_profile = base\nregion = eu-west-1\n',
  '/home/soak/.aws/credentials': `[base]\naws_access_key_id = ${USER.accessKeyId}\naws_secret_access_key = ${USER.secretAccessKey}\n`,
  '/var/run/secrets/eks/token': WEB_TOKEN,
};

interface Session {
  /** When STS was asked for it. */
  requestedAt: number;
  accessKeyId: string;
  expiresAt: number;
  secrets: string[];
}

/** Per STS action: how many sessions it issued, the last two, and every refresh that came outside its window. */
class Sessions {
  count = 0;
  last: Session | undefined;
  previous: Session | undefined;
  readonly outOfWindow: string[] = [];

  add(session: Session): void {
    const replaced = this.last;
    if (replaced) {
      const early = session.requestedAt < replaced.expiresAt - REFRESH_WINDOW_MS;
      // A refresh the outage held back may come later; any other comes before the credentials it replaces stop counting.
      const heldBack = replaced.expiresAt - REFRESH_WINDOW_MS < OUTAGE.to && replaced.expiresAt > OUTAGE.from;
      const late = !heldBack && session.requestedAt >= replaced.expiresAt - EXPIRY_MARGIN_MS;
      if (early || late) this.outOfWindow.push(`${new Date(session.requestedAt).toISOString()}: ${early ? 'early' : 'late'} for credentials expiring ${new Date(replaced.expiresAt).toISOString()}`);
    }
    this.count++;
    this.previous = replaced;
    this.last = session;
  }

  /** Whether STS issued `accessKeyId` lately (the keys in use are always the last or the one before). */
  issued(accessKeyId: string): boolean {
    return this.last?.accessKeyId === accessKeyId || this.previous?.accessKeyId === accessKeyId;
  }
}

/**
 * STS for the week: the emulator's routes in-process, 50 ms a call, down during OUTAGE. A new emulator
 * (same users and tokens) each simulated day, no request log, and only the last sessions kept here, so
 * nothing the test itself holds grows with the week: the heap measures credchain.
 */
function weekOfSts(clock: VirtualClock) {
  // V8 gives a function its feedback (and the literal boilerplates that feedback keeps) only after a few
  // runs; the emulator's setup runs once a simulated day, so it is run here a few times first, before
  // any heap is measured: its feedback is not the growth of credchain's (Node 22 allocates it mid-week).
  for (let i = 0; i < 20; i++) inProcessEmulator({ now: clock.now, scenario: SCENARIO });
  let emulator: InProcessEmulator = inProcessEmulator({ now: clock.now, scenario: SCENARIO });
  let day = 0;
  const sessions: Record<string, Sessions> = { 'sts:AssumeRole': new Sessions(), 'sts:AssumeRoleWithWebIdentity': new Sessions() };
  let refused = 0;
  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    await clock.sleep(50);
    const today = Math.floor((clock.now() - START) / (24 * HOUR));
    if (today !== day) {
      day = today;
      emulator = inProcessEmulator({ now: clock.now, scenario: SCENARIO });
    }
    if (clock.now() >= OUTAGE.from && clock.now() < OUTAGE.to) {
      refused++;
      const reply = stsError(503, 'ServiceUnavailable', 'Service is unavailable');
      return { status: reply.status, headers: {}, body: reply.body };
    }
    const route = emulator.routeOf(req);
    const response = await emulator.request(req);
    // The emulator's request log, which this test does not read, forgotten at once: it would grow through the day.
    emulator.reset();
    const key = /<AccessKeyId>([^<]+)</.exec(response.body)?.[1];
    if (response.status === 200 && key) {
      const credentials = emulator.issued(key)!;
      const session = { requestedAt: clock.now() - 50, accessKeyId: key, expiresAt: credentials.expiration!.getTime(), secrets: [credentials.secretAccessKey, credentials.sessionToken!] };
      sessions[route]!.add(session);
    }
    return response;
  };
  /** Secrets that could be in a log line now: the users' and those of the sessions in use. */
  const secrets = () => [USER.secretAccessKey, WEB_TOKEN, ...Object.values(sessions).flatMap((s) => [...(s.last?.secrets ?? []), ...(s.previous?.secrets ?? [])])];
  return { request, sessions, secrets, refused: () => refused };
}

/** What one consumer (the chain, or serve) was handed each minute, judged as it goes. */
class Ledger {
  handedOut = 0;
  failures: number[] = [];
  /** Credentials handed out with less than EXPIRY_MARGIN_MS left (or none), or not the ones STS issued it: must stay empty. */
  wrong: string[] = [];

  constructor(private readonly sessions: Sessions) {}

  record(now: number, outcome: PromiseSettledResult<Credentials>): void {
    if (outcome.status === 'rejected') {
      this.failures.push(now);
      return;
    }
    const { accessKeyId, expiration } = outcome.value;
    this.handedOut++;
    if (!expiration || expiration.getTime() - now < EXPIRY_MARGIN_MS) this.wrong.push(`${new Date(now).toISOString()}: ${accessKeyId} expiring ${expiration?.toISOString()}`);
    if (!this.sessions.issued(accessKeyId)) this.wrong.push(`${new Date(now).toISOString()}: ${accessKeyId} is not a session STS issued lately`);
  }
}

export interface WeekReport {
  /** The simulated days, and the hour STS was down (epoch ms). */
  days: number;
  outage: { from: number; to: number };
  /** Per consumer: answers handed out, the minutes that failed, and every wrong answer (must be none). */
  direct: { handedOut: number; failures: number[]; wrong: string[] };
  viaServe: { handedOut: number; failures: number[]; wrong: string[] };
  /** Per STS action: sessions issued and refreshes outside their window. */
  sessions: Record<string, { count: number; outOfWindow: string[] }>;
  refused: number;
  logged: { lines: number; first: string; leaks: number };
  timersByDay: number[];
  pendingTimers: number;
  leftoverHandles: Record<string, number>;
  onDay2: { objects: number; bytes: number };
  onDay7: { objects: number; bytes: number };
}

export async function week(): Promise<WeekReport> {
  // Everything here is in-process promises: two event-loop turns between timers let it all finish
  // (the first resolution's module loading gets runUntilSettled's real-time grace).
  const clock = new VirtualClock(START, { settle: () => settle(2) });
  const sts = weekOfSts(clock);
  // Each line is checked for secrets as it comes; only the count and the first line are kept.
  const logged = { lines: 0, first: '', leaks: 0 };
  const log = (line: string) => {
    logged.lines++;
    logged.first ||= line;
    if (sts.secrets().some((secret) => line.includes(secret))) logged.leaks++;
  };
  const logger = { debug: () => undefined, info: () => undefined, warn: log, error: log };
  const context = (env: Record<string, string>): Partial<Context> => ({
    env: { HOME: '/home/soak', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL_STS: ENDPOINT, ...env },
    readFile: async (path) => FILES[path],
    request: sts.request,
    now: clock.now,
    sleep: clock.sleep,
    logger,
  });
  const chain = credentialChain({ profile: 'app', context: context({}) });
  const served = new ServedCredentials({
    chain: credentialChain({ context: context({ AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/eks/token', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/eks/web-identity-role', AWS_REGION: 'eu-west-1' }) }),
    context: { now: clock.now, logger },
    exchangeLongTermKeys: async () => {
      throw new Error('web identity gives session credentials');
    },
    timers: clock.timers,
  });
  const direct = new Ledger(sts.sessions['sts:AssumeRole']!);
  const viaServe = new Ledger(sts.sessions['sts:AssumeRoleWithWebIdentity']!);
  const handles = activeResources();
  const timersByDay: number[] = [];
  let onDay2 = { objects: 0, bytes: 0 };

  for (let minute = 0; minute < DAYS * 24 * 60; minute++) {
    const asked = Promise.allSettled([chain(), served.get()]);
    const [fromChain, fromServe] = await clock.runUntilSettled(asked, 10 * MINUTE);
    direct.record(clock.now(), fromChain);
    viaServe.record(clock.now(), fromServe);
    await clock.advance(START + (minute + 1) * MINUTE - clock.now());
    if ((minute + 1) % (24 * 60) === 0) timersByDay.push(clock.pending);
    if (minute + 1 === 2 * 24 * 60) onDay2 = { objects: await liveObjectCount(), bytes: liveDataBytes() };
  }
  const onDay7 = { objects: await liveObjectCount(), bytes: liveDataBytes() };
  served.close();

  const ledger = ({ handedOut, failures, wrong }: Ledger) => ({ handedOut, failures, wrong });
  return {
    days: DAYS,
    outage: OUTAGE,
    direct: ledger(direct),
    viaServe: ledger(viaServe),
    sessions: Object.fromEntries(Object.entries(sts.sessions).map(([route, { count, outOfWindow }]) => [route, { count, outOfWindow }])),
    refused: sts.refused(),
    logged,
    timersByDay,
    pendingTimers: clock.pending,
    leftoverHandles: await leftoverResources(handles, 0),
    onDay2,
    onDay7,
  };
}

// Run only as the worker of runInWorker (the test imports nothing but the WeekReport type from here).
if (parentPort) parentPort.postMessage(await week());
