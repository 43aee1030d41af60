// The fleet simulator's figures, from the raw record of a run (bench/fleet-child.mjs): per chain when
// it started and got credentials, per request when it reached the service and whether it was
// admitted. Pure functions, so a test can check them against a computation of its own.

/** The nearest-rank percentile (p in (0, 1]) of ascending `sorted`; undefined when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** The most arrivals in any window of `windowMs` ([t, t + windowMs)) over ascending times. */
export function peakInWindow(times, windowMs = 1000) {
  let peak = 0;
  for (let end = 0, start = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/**
 * The fewest requests any client could make: every chain sends its first request when it starts (no
 * library delays a cold start), and at most `burst + rate × window` first requests fit the limit while
 * chains are starting; each one refused needs at least one more. For services a chain calls once (STS).
 */
export function requestFloor({ chains, windowMs, limit }) {
  return chains + Math.max(0, Math.ceil(chains - limit.burst - (limit.ratePerSecond * windowMs) / 1000));
}

/** What one simulation came to (times in virtual ms from the start of the fleet). */
export function summarize(run) {
  const times = [];
  let failed = 0;
  for (let i = 0; i < run.chains; i++) {
    if (run.ok[i]) times.push(run.done[i] - run.started[i]);
    else failed++;
  }
  times.sort((a, b) => a - b);
  const arrivals = [...run.arrivals.at].sort((a, b) => a - b);
  const lastDone = run.done.reduce((latest, at, i) => (run.ok[i] && at > latest ? at : latest), 0);
  return {
    chains: run.chains,
    ok: times.length,
    failed,
    hung: run.hung,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    maxMs: times.at(-1),
    /** When the last chain got credentials, from the start of the fleet; undefined unless every chain did. */
    allDoneMs: failed === 0 ? lastDone : undefined,
    requests: arrivals.length,
    throttled: run.arrivals.admitted.filter((admitted) => !admitted).length,
    peakPerSecond: peakInWindow(arrivals, 1000),
    /** The busiest second once every chain has started: retries alone, what a client's policy decides. */
    peakAfterStartPerSecond: peakInWindow(arrivals.filter((at) => at >= run.config.windowMs), 1000),
    restarts: run.restarts ?? 0,
    errors: run.errors,
    checks: run.checks,
    cost: run.cost,
  };
}

const seconds = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(ms < 1_000 ? 2 : ms < 10_000 ? 1 : 0)}`);

const LIB_NAMES = { credchain: 'credchain', sdk: 'SDK' };

/** One table row per run of a scenario (credchain, then the SDK). */
function row(scenario, run, summary) {
  const failed = summary.failed ? `**${summary.failed}**` : '0';
  // Against what the fleet needs at least: one admitted request per chain (STS), three (IMDS).
  const needed = summary.chains * (scenario.requestsPerChain ?? 1);
  return [
    scenario.label,
    LIB_NAMES[run.lib],
    `${summary.ok} / ${summary.chains}`,
    failed,
    `${seconds(summary.p50Ms)} / ${seconds(summary.p99Ms)} / ${seconds(summary.maxMs)}`,
    summary.allDoneMs === undefined ? '—' : seconds(summary.allDoneMs),
    `${summary.requests} (${(summary.requests / needed).toFixed(2)}×)`,
    String(summary.throttled),
    `${summary.peakPerSecond} / ${summary.peakAfterStartPerSecond}`,
    String(summary.restarts),
  ];
}

const HEADER = ['fleet', 'library', 'got credentials', 'failed', 'time to credentials p50 / p99 / max (s)', 'all have credentials (s)', 'requests (× needed)', 'throttled', 'peak req/s: all / after the start window', 'restarts'];

/** Rows for a group of scenarios (each with its runs and their summaries). */
export function tableRows(results) {
  return results.flatMap(({ scenario, runs }) => runs.map(({ run, summary }) => row(scenario, run, summary)));
}

export { HEADER as TABLE_HEADER };

/** The targets for the STS fleet of 5,000 at 100 requests/s, judged on one scenario's runs. */
export function judgeTargets({ scenario, runs }) {
  const ours = runs.find(({ run }) => run.lib === 'credchain')?.summary;
  const sdk = runs.find(({ run }) => run.lib === 'sdk')?.summary;
  if (!ours) return [];
  const ideal = (scenario.chains / scenario.limit.ratePerSecond) * 1000;
  const floor = requestFloor(scenario);
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  const lines = [
    `all ${scenario.chains} chains have credentials: ${ours.ok} did, ${ours.failed} failed — ${verdict(ours.failed === 0)}`,
    `total requests ≤ 1.5 × ${scenario.chains} = ${1.5 * scenario.chains}: ${ours.requests} (${(ours.requests / scenario.chains).toFixed(2)}×) — ${verdict(ours.requests <= 1.5 * scenario.chains)}` +
      (floor > 1.5 * scenario.chains
        ? `; no client that calls STS when asked can: its first attempts alone make at least ${floor} (${(floor / scenario.chains).toFixed(2)}×, bench/README.md "Fleet")`
        : ''),
    `p99 time to credentials ≤ 1.5 × ${seconds(ideal)} s (N / limit) = ${seconds(1.5 * ideal)} s: ${seconds(ours.p99Ms)} s — ${verdict(ours.p99Ms !== undefined && ours.p99Ms <= 1.5 * ideal && ours.failed === 0)}`,
  ];
  if (sdk) {
    const better = ours.failed < sdk.failed || (ours.failed === sdk.failed && ours.p99Ms <= sdk.p99Ms);
    lines.push(
      `better than the SDK on the same run: credchain ${ours.failed} failed, p99 ${seconds(ours.p99Ms)} s; SDK ${sdk.failed} failed (p99 of those that got credentials ${seconds(sdk.p99Ms)} s) — ${verdict(better)}`,
    );
  }
  return lines;
}

/** A throttle schedule in words: '4–52 s, then 4–30 s' (the window of the first throttle, then of each later one). */
export function describeSchedule({ floorMs, windowsMs }) {
  const range = (ms) => `${floorMs / 1000}–${ms / 1000} s`;
  return windowsMs.length === 1 ? `${range(windowsMs[0])} every time` : windowsMs.map(range).join(', then ');
}

export const WINDOW_HEADER = ['start window', 'fewest requests any client can make', '≤ 1.5 × pods reachable', 'credchain: requests, p99', 'credchain ≤ 1.5 × pods', 'SDK: requests, failed'];

/** Per start window of the STS fleets of `chains` pods: the floor, whether 1.5× is reachable, what each library sent. */
export function windowRows(results, chains) {
  return results
    .filter(({ scenario }) => scenario.group === 'sts' && scenario.chains === chains)
    .sort((a, b) => a.scenario.windowMs - b.scenario.windowMs)
    .map(({ scenario, runs }) => {
      const floor = requestFloor(scenario);
      const times = (n) => `${(n / chains).toFixed(2)}×`;
      const reachable = floor <= 1.5 * chains;
      const fit = Math.min(chains, scenario.limit.burst + (scenario.limit.ratePerSecond * scenario.windowMs) / 1000);
      const ours = runs.find(({ run }) => run.lib === 'credchain')?.summary;
      const sdk = runs.find(({ run }) => run.lib === 'sdk')?.summary;
      const met = ours && ours.failed === 0 && ours.requests <= 1.5 * chains;
      return [
        `${scenario.windowMs / 1000} s`,
        `${floor} (${times(floor)})`,
        reachable ? `yes (${fit} first requests fit)` : `no: ${fit} first requests fit, ${chains - fit} need another`,
        ours ? `${ours.requests} (${times(ours.requests)}), ${seconds(ours.p99Ms)} s` : '—',
        ours ? (met ? 'met' : reachable ? 'MISSED' : 'out of reach') : '—',
        sdk ? `${sdk.requests} (${times(sdk.requests)}), ${sdk.failed ? `**${sdk.failed}**` : 0}` : '—',
      ];
    });
}

/** The schedule comparison's header, one column per fleet. */
export function scheduleHeader(fleetLabels) {
  return ['schedule', 'lone client: wait after one throttle', ...fleetLabels.map((label) => `${label}: requests (× pods), p99, failed`)];
}

/** One row per schedule compared (bench/fleet-schedules.mjs): what a lone client waits, and each fleet's figures. */
export function scheduleRows(schedules) {
  return schedules.map(({ schedule, note, runs }) => {
    const first = schedule.windowsMs[0];
    return [
      `${describeSchedule(schedule)}${note ? ` (${note})` : ''}`,
      `${schedule.floorMs / 1000}–${first / 1000} s, ${(schedule.floorMs + first) / 2000} s on average`,
      ...runs.map(({ summary }) => `${summary.requests} (${(summary.requests / summary.chains).toFixed(2)}×), ${seconds(summary.p99Ms)} s, ${summary.failed ? `**${summary.failed}**` : 0}`),
    ];
  });
}
