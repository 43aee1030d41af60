// Throttle schedules compared, for choosing one (src/retry.ts, THROTTLE_SCHEDULE): each pod of a fleet
// is credchain's retry loop alone (withRetries, with the schedule under test) around one request to the
// rate-limited service of the whole simulation, with the same start times and jitter stream
// (bench/fleet-seeds.mjs), in virtual time. What a chain does around its STS exchange takes no
// virtual time there either, so for the schedule credchain ships these figures are those of the whole
// chains (test/bench/fleet.test.ts checks it on the quick fleets), and a schedule is tried in a second
// instead of a rebuild and a minute per fleet.
//
//   const run = await simulateSchedule(helpers, { schedule, chains: 5000, windowMs: 1000, limit, latencyMs: 20, seed: 28 });

import { jitterSeed, startOffsets } from './fleet-seeds.mjs';

const OK = { status: 200, headers: {}, body: '' };
const THROTTLED = { status: 429, headers: {}, body: '' };
const REQUEST = { method: 'POST', url: 'http://127.0.0.1:9/', headers: {}, body: '' };

/** The schedules compared in bench/FLEET.md besides the one shipped: the previous one, narrower and wider first windows, a narrow one before the wide one. */
export const CANDIDATE_SCHEDULES = [
  { note: 'the previous schedule', schedule: { floorMs: 4_000, windowsMs: [12_000, 30_000], deadlineMs: 120_000 } },
  { schedule: { floorMs: 4_000, windowsMs: [20_000, 30_000], deadlineMs: 120_000 } },
  { schedule: { floorMs: 4_000, windowsMs: [16_000, 52_000, 30_000], deadlineMs: 120_000 } },
  { schedule: { floorMs: 4_000, windowsMs: [30_000], deadlineMs: 120_000 } },
  { schedule: { floorMs: 4_000, windowsMs: [52_000], deadlineMs: 120_000 } },
  { schedule: { floorMs: 4_000, windowsMs: [60_000, 30_000], deadlineMs: 120_000 } },
];

/**
 * One fleet under one schedule: the raw record bench/fleet-report.mjs's summarize() reads (times in ms
 * from the start of the fleet). `helpers`: the bundled modules (VirtualClock, rateLimitedService,
 * withRetries, seededRandom).
 */
export async function simulateSchedule(helpers, { schedule, chains, windowMs, limit, latencyMs, seed }) {
  const { VirtualClock, settle, rateLimitedService, withRetries, seededRandom } = helpers;
  // The epoch of the whole simulation (VirtualClock's default start), so that the token bucket's sums round alike.
  const clock = new VirtualClock(undefined, { settle: () => settle(2) });
  const start = clock.now();
  const service = rateLimitedService({ serve: async () => OK, limit, throttled: () => THROTTLED, clock, latencyMs });
  const context = { now: clock.now, sleep: clock.sleep };
  const policy = { maxRetries: 0, baseMs: 0, capMs: 0, throttle: schedule, jitter: seededRandom(jitterSeed(seed)), throttled: (reply) => reply.status === 429, retryNetwork: () => false };
  const started = new Array(chains).fill(null);
  const done = new Array(chains).fill(null);
  const ok = new Array(chains).fill(false);
  const pods = startOffsets(seededRandom, { seed, chains, windowMs }).map(
    (offset, i) =>
      new Promise((resolve) => {
        clock.setTimeout(() => {
          started[i] = clock.now() - start;
          void withRetries(context, () => service.request(REQUEST), policy).then((outcome) => {
            ok[i] = outcome.ok && outcome.value.status === 200;
            done[i] = clock.now() - start;
            resolve();
          });
        }, offset);
      }),
  );
  await clock.runUntilSettled(Promise.all(pods));
  const failed = ok.filter((got) => !got).length;
  return {
    lib: 'credchain',
    chains,
    started,
    done,
    ok,
    errors: failed ? { 'throttled until the deadline': failed } : {},
    hung: 0,
    restarts: 0,
    arrivals: { at: service.arrivals.at.map((at) => at - start), admitted: service.arrivals.admitted },
    checks: { wrongAnswers: 0, duplicateKeys: 0, leakedSecrets: 0, strayRequests: 0 },
    config: { schedule, windowMs, limit, latencyMs, seed },
  };
}
