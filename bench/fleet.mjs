// The fleet simulator: thousands of independent credential chains starting together
// against a rate-limited STS (EKS pods, AssumeRoleWithWebIdentity) or IMDS (processes of one EC2
// host), credchain's credentialChain() and the SDK's fromNodeProviderChain() side by side, in virtual
// time (bench/fleet-child.mjs; the method and why it is honest: bench/README.md, "Fleet"). Prints the
// tables and rewrites bench/FLEET.md. In-process only: no socket is opened, nothing leaves the process.
//
//   npm run bench:fleet                        # build, then every scenario (a few minutes on 2 cores)
//   npm run bench                              # the same as the `fleet` part of the whole bench (bench/sections.mjs)
//   node bench/fleet.mjs --only sts-burst-1000 --no-results
//   node bench/fleet.mjs --only schedules --no-results                  # the throttle schedules compared (seconds)
//   node bench/fleet.mjs --quick --json /tmp/fleet.json --no-results   # small fleets and the raw record (the test's)

import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { rolldown } from 'rolldown';
import { CANDIDATE_SCHEDULES, simulateSchedule } from './fleet-schedules.mjs';
import { TABLE_HEADER, WINDOW_HEADER, describeSchedule, judgeTargets, scheduleHeader, scheduleRows, summarize, tableRows, windowRows } from './fleet-report.mjs';
import { CREDCHAIN_URL, progress, root, spawnNode } from './harness.mjs';
import { markdownTable } from './report.mjs';

const FLEET_RESULTS = join(root, 'bench/FLEET.md');
const DEFAULT_SEED = 28;

const HELPERS = join(root, 'bench/.fleet-helpers');
const CHILD = join(root, 'bench/fleet-child.mjs');
const HELPER_MODULES = {
  ...Object.fromEntries(['virtual-clock', 'rate-limited-service', 'sdk-in-process', 'seeded-random'].map((name) => [name, join(root, `test/support/${name}.ts`)])),
  // The emulator's routes with no socket (inProcessEmulator), as the refresh soak uses them.
  'in-process-emulator': join(root, 'src/emulator/in-process.ts'),
  // credchain's retry loop and schedule, for the schedule comparison (bench/fleet-schedules.mjs).
  retry: join(root, 'src/retry.ts'),
};
const STS_LIMIT = { ratePerSecond: 100, burst: 100 };
const CRASH_LOOP = { firstMs: 10_000, maxMs: 300_000 };

/**
 * The fleets. `requestsPerChain`: what one chain needs admitted (IMDS: token, role, credentials).
 * Latencies: a regional STS round trip, and IMDS on the host's link.
 */
const FULL = [
  ...[100, 1000, 5000].map((chains) => ({ id: `sts-burst-${chains}`, group: 'sts', label: `${chains.toLocaleString('en')} pods, 1 s`, service: 'sts', chains, windowMs: 1000, limit: STS_LIMIT, latencyMs: 20 })),
  // Rollouts as users have them: pods started over 10 s, 30 s, a minute.
  ...[10, 30, 60].map((seconds) => ({ id: `sts-rollout-5000-${seconds}s`, group: 'sts', label: `5,000 pods, ${seconds} s`, service: 'sts', chains: 5000, windowMs: seconds * 1000, limit: STS_LIMIT, latencyMs: 20 })),
  { id: 'sts-crashloop-5000', group: 'crashloop', label: '5,000 pods, 1 s, restarted on failure', service: 'sts', chains: 5000, windowMs: 1000, limit: STS_LIMIT, latencyMs: 20, restart: CRASH_LOOP },
  ...[50, 200, 1000].map((chains) => ({ id: `imds-${chains}`, group: 'imds', label: `${chains.toLocaleString('en')} processes, 1 s`, service: 'imds', chains, windowMs: 1000, limit: STS_LIMIT, latencyMs: 2, requestsPerChain: 3 })),
];

/** The fleets of the schedule comparison (bench/fleet-schedules.mjs): the target's, a smaller and a larger one, a rollout. */
const SCHEDULE_FLEETS = [
  { label: '1,000 pods, 1 s', chains: 1000, windowMs: 1000 },
  { label: '5,000 pods, 1 s', chains: 5000, windowMs: 1000 },
  { label: '5,000 pods, 30 s', chains: 5000, windowMs: 30_000 },
  { label: '10,000 pods, 1 s', chains: 10_000, windowMs: 1000 },
].map((fleet) => ({ ...fleet, limit: STS_LIMIT, latencyMs: 20 }));

/** Small fleets for the test (test/bench/fleet.test.ts): seconds, and a known answer among them. */
const QUICK = [
  // A limit no fleet reaches: no throttling, so every chain takes exactly its round trips.
  { id: 'quick-unlimited', group: 'sts', label: '200 pods, no limit reached', service: 'sts', chains: 200, windowMs: 1000, limit: { ratePerSecond: 10_000, burst: 10_000 }, latencyMs: 20 },
  { id: 'quick-sts', group: 'sts', label: '300 pods, 1 s, 50 req/s', service: 'sts', chains: 300, windowMs: 1000, limit: { ratePerSecond: 50, burst: 50 }, latencyMs: 20 },
  { id: 'quick-imds', group: 'imds', label: '60 processes, 1 s, 50 req/s', service: 'imds', chains: 60, windowMs: 1000, limit: { ratePerSecond: 50, burst: 50 }, latencyMs: 2, requestsPerChain: 3 },
];

/**
 * quick-sts made smaller for the run with a module instance of the SDK per chain (each pod loads the whole
 * SDK afresh: seconds per hundred pods on a busy machine): fewer pods against a lower limit, so that
 * chains are still throttled and some still fail.
 */
const ISOLATION_FLEET = { chains: 100, limit: { ratePerSecond: 20, burst: 20 } };

/** test/support's TypeScript helpers (virtual clock, rate limit, SDK transport, seeded random), the in-process emulator and src/retry.ts as ESM. */
async function bundleHelpers() {
  const bundle = await rolldown({
    input: HELPER_MODULES,
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    logLevel: 'silent',
  });
  await bundle.write({ dir: HELPERS, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' });
  await bundle.close();
}

async function simulate(scenario, lib, { seed, sdkModules }) {
  const config = {
    lib,
    service: scenario.service,
    chains: scenario.chains,
    windowMs: scenario.windowMs,
    limit: scenario.limit,
    latencyMs: scenario.latencyMs,
    restart: scenario.restart ?? null,
    seed,
    maxVirtualMs: 2 * 3600_000,
    sdkModules,
    helpers: HELPERS,
    root,
    credchainUrl: CREDCHAIN_URL,
  };
  const started = performance.now();
  // Only PATH: the child sets the AWS variables of its fleet itself.
  const child = await spawnNode(CHILD, [JSON.stringify(config)], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: root, nodeArgs: ['--no-warnings', '--max-old-space-size=4096'], timeoutMs: 15 * 60_000 });
  if (child.code !== 0 || !child.result) throw new Error(`${scenario.id} ${lib}: the simulation failed (${child.signal ?? `exit ${child.code}`}): ${child.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  progress(`  ${scenario.id} ${lib}${sdkModules === 'per-chain' && lib === 'sdk' ? ' (a module instance per chain)' : ''}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { ...child.result, config };
}

/** The retry loop alone under each schedule (the shipped one among them) on each comparison fleet. */
async function compareSchedules(fleets, seed, candidates = CANDIDATE_SCHEDULES) {
  const helpers = Object.assign({}, ...(await Promise.all(Object.keys(HELPER_MODULES).map((name) => import(pathToFileURL(join(HELPERS, `${name}.mjs`)).href)))));
  const shipped = { note: 'shipped: THROTTLE_SCHEDULE', schedule: helpers.THROTTLE_SCHEDULE, shipped: true };
  const comparison = [];
  for (const candidate of [...candidates, shipped]) {
    const started = performance.now();
    const runs = [];
    for (const fleet of fleets) {
      const run = await simulateSchedule(helpers, { ...fleet, schedule: candidate.schedule, seed });
      runs.push({ fleet, run, summary: summarize(run) });
    }
    progress(`  schedule ${describeSchedule(candidate.schedule)}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    comparison.push({ ...candidate, runs });
  }
  return comparison;
}

/**
 * The fleets both in the scenarios and in the comparison, and whether the shipped schedule's retry loop
 * alone did there exactly what credchain's whole chains did (the same starts, answers and requests).
 */
function shippedAgreement(results, schedules) {
  const shipped = schedules?.find((entry) => entry.shipped);
  if (!shipped) return [];
  return shipped.runs.flatMap(({ fleet, run: alone }) => {
    const whole = results.find(({ scenario }) => scenario.group === 'sts' && scenario.chains === fleet.chains && scenario.windowMs === fleet.windowMs)?.runs.find(({ run }) => run.lib === 'credchain')?.run;
    if (!whole) return [];
    const same = ['started', 'done', 'ok', 'arrivals'].every((key) => JSON.stringify(alone[key]) === JSON.stringify(whole[key]));
    return [{ label: fleet.label, same }];
  });
}

/** Why a run does not count: a wrong answer, a shared key, a leaked secret or a request outside the simulation. */
function problemsOf(run) {
  const { wrongAnswers, duplicateKeys, leakedSecrets, strayRequests } = run.checks;
  return [
    wrongAnswers && `${wrongAnswers} chains got credentials the service did not issue them`,
    duplicateKeys && `${duplicateKeys} chains got another chain's credentials`,
    leakedSecrets && `${leakedSecrets} secrets appeared in errors or logs`,
    strayRequests && `${strayRequests} requests went outside the simulation`,
  ].filter(Boolean);
}

function describeMachine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    node: process.version,
    loadAtStart: os.loadavg().map((load) => load.toFixed(2)).join(' '),
    date: new Date().toISOString(),
  };
}

const GROUP_TITLES = {
  sts: 'STS: EKS pods calling AssumeRoleWithWebIdentity, 100 requests/s per account (burst 100)',
  crashloop: 'STS, when a pod whose chain fails exits and Kubernetes restarts it (CrashLoopBackOff: 10 s, doubling, at most 5 min)',
  imds: 'IMDS: processes of one EC2 host, 100 requests/s per instance (burst 100); 3 requests per chain (token, role, credentials)',
};

/** Each run's distinct failure messages with their counts: what a user of that library would have seen. */
function failureLines(results) {
  return results.flatMap(({ scenario, runs }) =>
    runs.flatMap(({ run, summary }) =>
      Object.entries(summary.errors ?? {}).map(([message, count]) => `- ${scenario.label}, ${run.lib}: ${count} × \`${message.replaceAll('\n', ' ').replaceAll('`', "'").slice(0, 200)}\``),
    ),
  );
}

/** A table per group of fleets (STS, restarted pods, IMDS), each under a heading of `level`. */
function groupTables(results, level) {
  const groups = [...new Set(results.map(({ scenario }) => scenario.group))];
  return groups.map((group) => `${level} ${GROUP_TITLES[group]}\n\n${markdownTable(TABLE_HEADER, tableRows(results.filter(({ scenario }) => scenario.group === group)))}`).join('\n\n');
}

function formatMarkdown({ results, machine, command, durationS, verdicts, schedules }) {
  const windows = windowRows(results, 5000);
  const agreement = shippedAgreement(results, schedules);
  const agreed = agreement.length
    ? `; on ${agreement.map(({ label }) => label).join(', ')} the shipped schedule's figures ${agreement.every(({ same }) => same) ? 'are exactly those of the whole chains above (checked in this run: the same starts, answers and requests)' : `DIFFER from the whole chains' above (${agreement.filter(({ same }) => !same).map(({ label }) => label).join(', ')})`}`
    : '';
  return `# Fleet simulation results

Generated by \`${command}\` (bench/fleet.mjs) — do not edit by hand; rerun \`npm run bench:fleet\` (or the whole \`npm run bench\`).
Method, honesty of the comparison and analysis: bench/README.md, "Fleet".

- Date: ${machine.date}; Node ${machine.node}; ${machine.cpu}, ${machine.cores} cores
- Load average (1, 5, 15 min): ${machine.loadAtStart} at the start, ${machine.loadAtEnd} at the end — the figures are virtual time and do not depend on it; the run took ${durationS.toFixed(0)} s of real time
- credchain \`credentialChain()\` (dist/) vs @aws-sdk/credential-providers \`fromNodeProviderChain()\` (${machine.sdkModules === 'shared' ? 'one module instance per simulation; a module instance per chain gives identical results, test/bench/fleet.test.ts' : 'a module instance per chain'}), seed ${machine.seed}
- Each pod asks its chain once; "time to credentials" runs from its start to its answer; "failed" = no credentials from that call (for good, unless restarted)

${groupTables(results, '##')}

${
  windows.length
    ? `## STS requests against the fewest any client could make, per start window (5,000 pods, 100 requests/s, burst 100)

Every pod sends its first request when it starts; at most burst + rate × window of those fit the limit, and each of the others needs at least one more (bench/README.md, "Fleet"). So at most 1.5 × 5,000 requests can be reached only when the start window is at least (5,000 / 2 − 100) / 100 = 24 s.

${markdownTable(WINDOW_HEADER, windows)}
`
    : ''
}${
  schedules
    ? `
## Throttle schedules compared (credchain's retry loop alone)

Each pod is credchain's retry loop (src/retry.ts) around one request to the same rate-limited STS, with the same start times and jitter (bench/fleet-schedules.mjs)${agreed}. A throttled attempt waits floor + random × (window − floor), the window of its first throttle, then of each later one; deadline 120 s. "Lone client": what one client throttled once by unrelated traffic waits before its second attempt.

${markdownTable(scheduleHeader(schedules[0].runs.map(({ fleet }) => fleet.label)), scheduleRows(schedules))}
`
    : ''
}
## Why chains failed (distinct messages, cut at 200 characters)

${failureLines(results).join('\n') || '- none'}

## Targets (5,000 pods in 1 s against 100 requests/s)

${verdicts.map((line) => `- ${line}`).join('\n')}
`;
}

/**
 * Simulates the fleets (the quick ones for the test, else all; `only` picks scenarios and/or
 * `schedules`), each for both libraries; throws when a run does not count.
 */
async function runFleet({ quick = false, only, seed = DEFAULT_SEED, sdkModules = 'shared' } = {}) {
  const started = performance.now();
  const all = quick ? QUICK : FULL;
  const wanted = only?.split(',').map((id) => id.trim());
  const unknown = wanted?.filter((id) => id !== 'schedules' && !all.some((scenario) => scenario.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.id).join(', ')}, schedules`);
  if (!['shared', 'per-chain'].includes(sdkModules)) throw new Error(`--sdk-modules is shared or per-chain, got ${sdkModules}`);
  const machine = { ...describeMachine(), sdkModules, seed };

  await bundleHelpers();
  const results = [];
  let isolation;
  let schedules;
  try {
    for (const scenario of all.filter((s) => !wanted || wanted.includes(s.id))) {
      progress(`fleet: ${scenario.id}`);
      const runs = [];
      for (const lib of ['credchain', 'sdk']) {
        const run = await simulate(scenario, lib, { seed, sdkModules });
        const problems = problemsOf(run);
        if (problems.length) throw new Error(`${scenario.id} ${lib}: ${problems.join('; ')}`);
        runs.push({ run, summary: summarize(run) });
      }
      results.push({ scenario, runs });
    }
    if (quick) {
      // The SDK once more with a module instance per chain: the shared instance must not change what happens.
      // Each pod loads the whole SDK afresh, the cost of this run: a smaller fleet (ISOLATION_FLEET).
      const scenario = QUICK.find((s) => s.id === 'quick-sts');
      const sdkWith = (modules) => simulate({ ...scenario, ...ISOLATION_FLEET }, 'sdk', { seed, sdkModules: modules });
      isolation = { scenario: scenario.id, perChain: await sdkWith('per-chain'), shared: await sdkWith('shared') };
      // The retry loop alone with the shipped schedule on the STS fleets: the test checks it against the whole chains.
      const stsFleets = QUICK.filter((s) => s.service === 'sts');
      const [shipped] = await compareSchedules(stsFleets, seed, []);
      schedules = shipped.runs.map(({ fleet, run }) => ({ scenario: fleet.id, run }));
    } else if (!wanted || wanted.includes('schedules')) {
      progress('fleet: throttle schedules compared');
      schedules = await compareSchedules(SCHEDULE_FLEETS, seed);
    }
  } finally {
    await rm(HELPERS, { recursive: true, force: true });
  }

  machine.loadAtEnd = os.loadavg().map((load) => load.toFixed(2)).join(' ');
  const target = results.find(({ scenario }) => scenario.id === 'sts-burst-5000');
  return { machine, results, isolation, schedules, verdicts: target ? judgeTargets(target) : [], durationS: (performance.now() - started) / 1000 };
}

/** The `fleet` part of `npm run bench` (bench/sections.mjs): every fleet, bench/FLEET.md rewritten by a complete run. */
export const section = {
  id: 'fleet',
  title: 'Fleets starting together against a rate-limited STS or IMDS (virtual time)',
  async run(bench) {
    try {
      const fleet = await runFleet();
      if (bench.writesDocs) {
        await writeFile(FLEET_RESULTS, formatMarkdown({ ...fleet, command: 'npm run bench' }));
        progress(`wrote ${FLEET_RESULTS}`);
      }
      return fleet;
    } catch (error) {
      return { error: error.message };
    }
  },
  report(fleet) {
    if (fleet.error) return { markdown: `- FAILED: ${fleet.error}`, verdicts: [], failed: true };
    const markdown = `In-process, in virtual time (bench/fleet-child.mjs), seed ${fleet.machine.seed}; the request floors per start window, the throttle schedules compared and the failure messages: bench/FLEET.md.\n\n${groupTables(fleet.results, '###')}`;
    const verdicts = fleet.verdicts.map((text) => ({ what: 'fleet', met: !text.includes('— MISSED'), text: `fleet, 5,000 pods in 1 s: ${text}` }));
    return { markdown, verdicts, failed: false };
  },
};

async function main() {
  const { values: args } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'sdk-modules': { type: 'string', default: 'shared' },
      json: { type: 'string' },
      results: { type: 'string', default: FLEET_RESULTS },
      'no-results': { type: 'boolean', default: false },
    },
  });
  const fleet = await runFleet({ quick: args.quick, only: args.only, seed: Number(args.seed), sdkModules: args['sdk-modules'] });
  const { machine, results, isolation, schedules, verdicts, durationS } = fleet;
  process.stdout.write(`\n${results.map(({ scenario, runs }) => runs.map(({ run, summary }) => `${scenario.id.padEnd(20)} ${run.lib.padEnd(9)} ${JSON.stringify({ ...summary, errors: undefined, checks: undefined })}`).join('\n')).join('\n')}\n`);
  if (verdicts.length) process.stdout.write(`\n${verdicts.join('\n')}\n`);
  if (schedules && !args.quick) process.stdout.write(`\n${schedules.map((entry) => scheduleRows([entry]).flat().join(' | ')).join('\n')}\n`);
  if (args.json) await writeFile(args.json, JSON.stringify({ machine, results, isolation, schedules }));
  if (!args['no-results']) {
    const command = `node bench/fleet.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
    await writeFile(args.results, formatMarkdown({ ...fleet, command }));
    progress(`wrote ${args.results}`);
  }
  progress(`fleet simulation finished in ${durationS.toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
