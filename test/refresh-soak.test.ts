// A week of hourly role credentials in seconds (virtual clock, in-process STS: no sleep, no socket):
// one credentialChain() — AssumeRole from a profile's static keys, as the MongoDB driver would ask it
// every minute — and one `credchain serve` holder (ServedCredentials, web identity, its own refresh
// timer), STS down for an hour in the middle. Checked: nothing expired (or inside the 10 s margin) is
// ever handed out, every refresh comes in its window and only one per credential lifetime, the
// outage costs no more than its hour, no secret is logged, and heap, timers and handles stay flat.
// The week runs in a worker thread of its own (support/refresh-soak-week.ts), so the heap it measures
// is credchain's and the scenario's, not the unit-lane worker's shared module graph.

import { describe, expect, it } from 'vitest';
import { runInWorker } from './support/bundled-worker.js';
import type { WeekReport } from './support/refresh-soak-week.js';

const MINUTE = 60_000;

describe('a week of hourly role credentials (virtual clock)', () => {
  it('never hands out expired credentials, refreshes each in its window, survives an hour of STS outage, and stays flat', async () => {
    const { days, outage, direct, viaServe, sessions, refused, logged, timersByDay, pendingTimers, leftoverHandles, onDay2, onDay7 } = await runInWorker<WeekReport>('test/support/refresh-soak-week.ts');

    // Never stale: every minute's answer had at least EXPIRY_MARGIN_MS left, or was an error; and it was what STS issued.
    expect(direct.wrong).toEqual([]);
    expect(viaServe.wrong).toEqual([]);
    expect(direct.handedOut + direct.failures.length).toBe(days * 24 * 60);

    // The outage costs at most its hour: failures only inside it (or the minute it ends), and not every minute of it.
    expect(refused).toBeGreaterThan(0);
    for (const ledger of [direct, viaServe]) {
      expect(ledger.failures.every((at) => at >= outage.from && at <= outage.to + MINUTE)).toBe(true);
      expect(ledger.failures.length).toBeLessThanOrEqual(60);
    }

    // Refreshes: one STS session per credential lifetime, each asked for in the refresh window of the
    // credentials it replaces (the last REFRESH_WINDOW_MS before they expire), except the one the outage held back.
    expect(Object.keys(sessions).sort()).toEqual(['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity']);
    for (const [route, { count, outOfWindow }] of Object.entries(sessions)) {
      expect(outOfWindow, route).toEqual([]);
      // An hour's credentials replaced 5 min early: one every 55 min, ~183 in a week.
      expect(count, route).toBeGreaterThanOrEqual(Math.floor((days * 24 * 60) / 60));
      expect(count, route).toBeLessThanOrEqual(Math.ceil((days * 24 * 60) / 55) + 2);
    }

    // The outage was logged (background refresh failures), never with a secret.
    expect(logged.lines).toBeGreaterThan(0);
    expect(logged.first).toMatch(/background refresh .*failed/);
    expect(logged.leaks).toBe(0);

    // Flat: no timer beyond serve's one refresh timer, no real handle; from day 2 to day 7 (~14,000
    // calls, ~270 refreshes) fewer new live objects than refreshes, and the live data within noise.
    expect(timersByDay).toHaveLength(days);
    expect(timersByDay.every((timers) => timers <= 1)).toBe(true);
    expect(pendingTimers).toBe(0);
    expect(leftoverHandles).toEqual({});
    expect(onDay7.objects - onDay2.objects, `live objects, closures and arrays: ${onDay2.objects} on day 2, ${onDay7.objects} on day 7`).toBeLessThan(50);
    expect(onDay7.bytes - onDay2.bytes, `live data: ${onDay2.bytes} bytes on day 2, ${onDay7.bytes} on day 7`).toBeLessThan(512 * 1024);
  }, 60_000);
});
