// The fleet simulator (bench/fleet.mjs) computes what it reports: its figures recomputed here, another
// way, from the raw record of a quick run; a known answer (a limit no fleet reaches); the rate limit
// holding at the service; both libraries on the same start times; the SDK giving the same result
// with a module instance per chain as with the shared one (so the shared instance is honest); and the
// schedule comparison's retry loop alone (bench/fleet-schedules.mjs) doing exactly what the whole
// chains do with the shipped schedule (so its figures for other schedules stand for credchain's).
// @module-tag process

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const load = (file: string) => import(pathToFileURL(join(root, 'bench', file)).href);

interface RawRun {
  lib: 'credchain' | 'sdk';
  chains: number;
  started: number[];
  done: Array<number | null>;
  ok: boolean[];
  hung: number;
  arrivals: { at: number[]; admitted: boolean[] };
  checks: Record<string, number>;
  config: { limit: { ratePerSecond: number; burst: number }; latencyMs: number; windowMs: number };
}
interface Summary {
  chains: number;
  ok: number;
  failed: number;
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  allDoneMs?: number;
  requests: number;
  throttled: number;
  peakPerSecond: number;
  peakAfterStartPerSecond: number;
}
interface Report {
  results: Array<{ scenario: { id: string; requestsPerChain?: number }; runs: Array<{ run: RawRun; summary: Summary }> }>;
  isolation: { perChain: RawRun; shared: RawRun };
  schedules: Array<{ scenario: string; run: RawRun }>;
}

describe('fleet figures (pure)', () => {
  it('nearest-rank percentiles, the busiest second, and the request floor', async () => {
    const { percentile, peakInWindow, requestFloor } = await load('fleet-report.mjs');
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(sorted, 1)]).toEqual([50, 99, 100]);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeUndefined();
    // Windows [t, t + 1000): [0, 1000) holds 0, 400, 999; [400, 1400) 400, 999, 1000; never four.
    expect(peakInWindow([0, 400, 999, 1000, 1500, 1999, 3000])).toBe(3);
    expect(peakInWindow([0, 400, 999, 999.5, 3000])).toBe(4);
    expect(peakInWindow([])).toBe(0);
    // 5,000 chains within 1 s against 100/s with a bucket of 100: 200 first attempts fit, 4,800 need a second.
    expect(requestFloor({ chains: 5000, windowMs: 1000, limit: { ratePerSecond: 100, burst: 100 } })).toBe(9800);
    expect(requestFloor({ chains: 100, windowMs: 1000, limit: { ratePerSecond: 100, burst: 100 } })).toBe(100);
    // Rollouts: within 10 s 1,100 fit (3,900 more), within 30 s 3,100 (1,900 more), within 60 s all of them.
    expect([10_000, 30_000, 60_000].map((windowMs) => requestFloor({ chains: 5000, windowMs, limit: { ratePerSecond: 100, burst: 100 } }))).toEqual([8900, 6900, 5000]);
  });

  it('the per-window verdict: ≤ 1.5× is out of reach where the floor is above it, met or missed elsewhere', async () => {
    const { windowRows, describeSchedule } = await load('fleet-report.mjs');
    const limit = { ratePerSecond: 100, burst: 100 };
    const summary = (requests: number, failed = 0) => ({ chains: 5000, ok: 5000 - failed, failed, requests, p99Ms: 50_000 });
    const entry = (windowMs: number, requests: number, failed = 0) => ({
      scenario: { group: 'sts', chains: 5000, windowMs, limit },
      runs: [
        { run: { lib: 'credchain' }, summary: summary(requests, failed) },
        { run: { lib: 'sdk' }, summary: summary(requests, 100) },
      ],
    });
    const rows: string[][] = windowRows([entry(30_000, 7600), entry(1000, 9801), entry(60_000, 5000), entry(60_000, 5000, 1)], 5000);
    expect(rows.map((row) => [row[0], row[1], row[2]!.slice(0, 3), row[4]])).toEqual([
      ['1 s', '9800 (1.96×)', 'no:', 'out of reach'],
      ['30 s', '6900 (1.38×)', 'yes', 'MISSED'],
      ['60 s', '5000 (1.00×)', 'yes', 'met'],
      // A chain without credentials is never a met target.
      ['60 s', '5000 (1.00×)', 'yes', 'MISSED'],
    ]);
    expect(describeSchedule({ floorMs: 4000, windowsMs: [52_000, 30_000] })).toBe('4–52 s, then 4–30 s');
    expect(describeSchedule({ floorMs: 4000, windowsMs: [30_000] })).toBe('4–30 s every time');
  });
});

describe('fleet simulator, quick run', () => {
  let dir: string;
  let report: Report;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credchain-fleet-test-'));
    const json = join(dir, 'fleet.json');
    // About 12 s on an idle 2-core machine; several times that on a busy one (the run with an SDK instance per pod
    // dominates): the limits only stop a run that hangs.
    await run(process.execPath, ['bench/fleet.mjs', '--quick', '--json', json, '--no-results'], { cwd: root, timeout: 300_000, env: { PATH: process.env.PATH ?? '' } });
    report = JSON.parse(await readFile(json, 'utf8')) as Report;
  }, 320_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const runs = () => report.results.flatMap(({ scenario, runs: pair }) => pair.map((entry) => ({ scenario, ...entry })));

  it('reports, for every run, what its raw record says (recomputed here by brute force)', () => {
    expect(runs()).toHaveLength(6);
    for (const { scenario, run: raw, summary } of runs()) {
      const what = `${scenario.id} ${raw.lib}`;
      const times = raw.done.flatMap((done, i) => (raw.ok[i] && done !== null ? [done - raw.started[i]!] : [])).sort((a, b) => a - b);
      const rank = (p: number) => times[Math.ceil(p * times.length) - 1];
      expect(summary.ok, what).toBe(raw.ok.filter(Boolean).length);
      expect(summary.failed, what).toBe(raw.chains - summary.ok);
      expect([summary.p50Ms, summary.p99Ms, summary.maxMs], what).toEqual([rank(0.5), rank(0.99), times[times.length - 1]]);
      expect(summary.requests, what).toBe(raw.arrivals.at.length);
      expect(summary.throttled, what).toBe(raw.arrivals.admitted.filter((admitted) => !admitted).length);
      const busiest = (times: number[]) => Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at < start + 1000).length));
      expect(summary.peakPerSecond, what).toBe(busiest(raw.arrivals.at));
      expect(summary.peakAfterStartPerSecond, what).toBe(busiest(raw.arrivals.at.filter((at) => at >= raw.config.windowMs)));
      if (summary.failed === 0) expect(summary.allDoneMs, what).toBe(Math.max(...raw.done.map(Number)));
      expect(raw.checks, what).toEqual({ wrongAnswers: 0, duplicateKeys: 0, leakedSecrets: 0, strayRequests: 0 });
    }
  });

  it('never admits more than the limit: in any second, at most burst + rate requests get through', () => {
    for (const { scenario, run: raw } of runs()) {
      const { ratePerSecond, burst } = raw.config.limit;
      const admitted = raw.arrivals.at.filter((_, i) => raw.arrivals.admitted[i]);
      for (const start of admitted) {
        const inWindow = admitted.filter((at) => at >= start && at < start + 1000).length;
        expect(inWindow, `${scenario.id} ${raw.lib} from ${start} ms`).toBeLessThanOrEqual(burst + ratePerSecond);
      }
    }
  });

  it('a known answer: with a limit no fleet reaches, every chain takes exactly its round trip, one request each', () => {
    const unlimited = report.results.find(({ scenario }) => scenario.id === 'quick-unlimited')!;
    for (const { run: raw, summary } of unlimited.runs) {
      expect(summary).toMatchObject({ ok: 200, failed: 0, requests: 200, throttled: 0 });
      expect([summary.p50Ms, summary.p99Ms, summary.maxMs]).toEqual([raw.config.latencyMs, raw.config.latencyMs, raw.config.latencyMs]);
    }
  });

  it('both libraries face the same fleet: the same start times, within the window', () => {
    for (const { runs: pair } of report.results) {
      const [credchain, sdk] = pair.map(({ run: raw }) => raw);
      expect(credchain!.lib).toBe('credchain');
      expect(sdk!.lib).toBe('sdk');
      expect(credchain!.started).toEqual(sdk!.started);
      expect(Math.max(...credchain!.started)).toBeLessThan(credchain!.config.windowMs);
    }
  });

  it('the limit bites: the SDK loses chains where credchain gets every one credentials', () => {
    for (const id of ['quick-sts', 'quick-imds']) {
      const [credchain, sdk] = report.results.find(({ scenario }) => scenario.id === id)!.runs.map(({ summary }) => summary);
      expect(credchain!.failed, id).toBe(0);
      expect(sdk!.failed, id).toBeGreaterThan(0);
      expect(credchain!.throttled, id).toBeGreaterThan(0);
    }
  });

  it('the schedule comparison: the retry loop alone with the shipped schedule does exactly what the whole chains do', () => {
    const stsScenarios = report.results.filter(({ scenario }) => !scenario.requestsPerChain).map(({ scenario }) => scenario.id);
    expect(report.schedules.map(({ scenario }) => scenario)).toEqual(stsScenarios);
    for (const { scenario, run: alone } of report.schedules) {
      const whole = report.results.find((result) => result.scenario.id === scenario)!.runs.find(({ run: raw }) => raw.lib === 'credchain')!.run;
      expect({ started: alone.started, done: alone.done, ok: alone.ok, arrivals: alone.arrivals }, scenario).toEqual({ started: whole.started, done: whole.done, ok: whole.ok, arrivals: whole.arrivals });
    }
    // Throttled retries among them, not only the easy path.
    expect(report.schedules.some(({ run: raw }) => raw.arrivals.admitted.includes(false))).toBe(true);
  });

  it('the SDK with a module instance per chain does exactly what the shared instance does', () => {
    const { perChain, shared } = report.isolation;
    expect(perChain.chains).toBe(100);
    // Throttled and failing chains too, not only the easy path.
    expect(perChain.arrivals.admitted.filter((admitted) => !admitted).length).toBeGreaterThan(0);
    expect(perChain.ok.filter(Boolean).length).toBeLessThan(100);
    expect({ started: perChain.started, done: perChain.done, ok: perChain.ok, arrivals: perChain.arrivals }).toEqual({
      started: shared.started,
      done: shared.done,
      ok: shared.ok,
      arrivals: shared.arrivals,
    });
  });
});
