// Cold-start benchmark, credchain vs the AWS SDK's fromNodeProviderChain(), side by side (issue 9).
// Fresh Node processes per measurement, same synthetic env and temp HOME for both, every endpoint
// at the loopback emulator; then in-process figures (cached throughput, a cold burst) and the
// install footprint. Prints a table and rewrites bench/RESULTS.md.
//
//   npm run bench                               # build, then everything (about a minute on 2 cores)
//   node bench/run.mjs --pairs 3 --only env,imds --skip-footprint --skip-driver --no-results

import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureDriver } from './driver.mjs';
import { measureFootprint } from './footprint.mjs';
import {
  COLD_CHILD,
  CREDCHAIN_URL,
  IN_PROCESS_CHILD,
  closedLoopbackUrl,
  prepare,
  progress,
  root,
  spawnNode,
  startEmulatorIfBuilt,
} from './harness.mjs';
import { formatMarkdown, formatText, summarize } from './report.mjs';
import { BENCH_SECRETS, scenarios } from './scenarios.mjs';

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    'warm-pairs': { type: 'string', default: '3' },
    only: { type: 'string' },
    'skip-in-process': { type: 'boolean', default: false },
    'skip-footprint': { type: 'boolean', default: false },
    'skip-driver': { type: 'boolean', default: false },
    'driver-pairs': { type: 'string', default: '10' },
    burst: { type: 'string', default: '10000' },
    'throughput-ms': { type: 'string', default: '1000' },
    results: { type: 'string', default: join(root, 'bench/RESULTS.md') },
    'no-results': { type: 'boolean', default: false },
    // Another build of credchain to compare (e.g. a bundled dist): the path of its index.js.
    credchain: { type: 'string' },
  },
});
const credchainUrl = args.credchain ? pathToFileURL(resolve(args.credchain)).href : CREDCHAIN_URL;

/** Every secret a child could leak: the bench's own and, for emulator credentials, the issued ones. */
function secretsFor(emulator, accessKeyIds) {
  const secrets = Object.entries(BENCH_SECRETS)
    .filter(([name]) => !name.endsWith('KeyId'))
    .map(([, value]) => value);
  for (const keyId of accessKeyIds) {
    const issued = keyId && emulator?.issued(keyId);
    if (issued?.secretAccessKey) secrets.push(issued.secretAccessKey);
    if (issued?.sessionToken) secrets.push(issued.sessionToken);
  }
  return secrets;
}

/** Why a child's run does not count (undefined = it got exactly what the scenario expects). */
function problemWith(run, expect, emulator) {
  const { result } = run;
  const printed = run.stdout + run.stderr;
  if (secretsFor(emulator, [result?.accessKeyId]).some((secret) => printed.includes(secret))) return 'printed a secret';
  if (run.code !== 0 || !result) {
    return `exited with ${run.signal ?? `code ${run.code}`}: ${run.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`;
  }
  if (expect.fail) return result.ok ? `expected no credentials, got ${result.accessKeyId}` : undefined;
  if (!result.ok) return `no credentials: ${result.error}`;
  if (expect.accessKeyId && result.accessKeyId !== expect.accessKeyId) return `got key ${result.accessKeyId}, expected ${expect.accessKeyId}`;
  if (expect.issuedBy) {
    const issuedBy = emulator?.issued(result.accessKeyId)?.issuedBy;
    if (issuedBy !== expect.issuedBy) return `got key ${result.accessKeyId} issued by ${issuedBy ?? 'nobody the emulator knows'}, expected ${expect.issuedBy}`;
  }
  return undefined;
}

async function coldStart(lib, prepared, { again = false, loader = 'import' } = {}) {
  const env = again ? { ...prepared.env, BENCH_RESOLVE_AGAIN: '1' } : prepared.env;
  const run = await spawnNode(COLD_CHILD, [lib, credchainUrl, loader], { env, cwd: prepared.home });
  const { result } = run;
  const sample = result && {
    importMs: result.importMs,
    resolveMs: result.resolveMs,
    readyMs: result.importMs + result.resolveMs,
    wallMs: run.wallMs,
    maxRssMb: result.maxRssKb / 1024,
    resolveAgainMs: result.resolveAgainMs,
  };
  return { run, sample };
}

/**
 * `pairs` pairs of cold starts, alternating which library goes first, then `warmPairs` pairs that
 * also time a second resolution in the same process (modules loaded: the work alone). Each measured
 * cold start has a twin that loads the library with require() (the `require` columns; its answer is
 * checked too). Stops at the first wrong answer.
 */
async function runScenario(scenario, machine, pairs, warmPairs) {
  if (scenario.needsEmulator && !machine.emulator) return { scenario, skipped: 'needs the emulator (dist/emulator/index.js), which is not built' };
  const prepared = await prepare(scenario, machine);
  const measured = [];
  const warm = [];
  const failures = [];
  try {
    for (let i = 0; i < pairs + warmPairs && failures.length === 0; i += 1) {
      const order = i % 2 === 0 ? ['credchain', 'sdk'] : ['sdk', 'credchain'];
      const again = i >= pairs;
      const pair = {};
      for (const lib of order) {
        const { run, sample } = await coldStart(lib, prepared, { again });
        const problem = problemWith(run, prepared.expect, machine.emulator);
        if (problem) failures.push(`${lib}: ${problem}`);
        pair[lib] = sample;
      }
      if (!again) {
        for (const lib of order) {
          const { run, sample } = await coldStart(lib, prepared, { loader: 'require' });
          const problem = problemWith(run, prepared.expect, machine.emulator);
          if (problem) failures.push(`${lib} (require): ${problem}`);
          if (pair[lib] && sample) Object.assign(pair[lib], { requireMs: sample.importMs, requireReadyMs: sample.readyMs });
        }
      }
      if (failures.length === 0) (again ? warm : measured).push(pair);
    }
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
  // A benchmark of a failure is a defect: a scenario with a wrong answer reports no numbers.
  return failures.length ? { scenario, pairs: [], warm: [], failures } : { scenario, pairs: measured, warm };
}

async function inProcessRun(mode, lib, scenarioId, amount, machine) {
  const scenario = scenarios.find((s) => s.id === scenarioId);
  const prepared = await prepare(scenario, machine);
  try {
    const run = await spawnNode(IN_PROCESS_CHILD, [mode, lib, credchainUrl, String(amount)], { env: prepared.env, cwd: prepared.home });
    const keyIds = run.result?.accessKeyIds ?? [run.result?.accessKeyId];
    const leaked = secretsFor(machine.emulator, keyIds).some((secret) => (run.stdout + run.stderr).includes(secret));
    if (leaked) return { ok: false, error: 'printed a secret' };
    if (!run.result) return { ok: false, error: `exited with ${run.signal ?? `code ${run.code}`}: ${run.stderr.trim().slice(-300)}` };
    return run.result;
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
}

/**
 * Cached-call throughput on credentials without expiry (env) and with one (container: every call
 * checks the clock), and a burst of cold concurrent calls at the container endpoint.
 */
async function measureInProcess(machine, burstCalls, throughputMs) {
  const throughput = {};
  for (const scenarioId of machine.emulator ? ['env', 'ecs'] : ['env']) {
    throughput[scenarioId] = {};
    for (const lib of ['credchain', 'sdk']) {
      progress(`in-process: throughput ${scenarioId} ${lib}`);
      throughput[scenarioId][lib] = await inProcessRun('throughput', lib, scenarioId, throughputMs, machine);
    }
  }
  const burst = { calls: burstCalls };
  if (machine.emulator) {
    const route = 'container';
    for (const lib of ['credchain', 'sdk']) {
      progress(`in-process: burst ${lib}`);
      const before = machine.emulator.count(route);
      const result = await inProcessRun('burst', lib, 'ecs', burstCalls, machine);
      const upstream = machine.emulator.count(route) - before;
      const issuedRight = (result.accessKeyIds ?? []).every((keyId) => machine.emulator.issued(keyId)?.issuedBy === 'container');
      burst[lib] = { ...result, ok: result.ok && issuedRight, upstream, route };
    }
  }
  return { throughput, burst };
}

async function describeMachine() {
  const cpus = os.cpus();
  const version = async (path) => JSON.parse(await readFile(join(root, path), 'utf8')).version;
  return {
    cpu: cpus[0]?.model ?? 'unknown CPU',
    cores: cpus.length,
    memoryGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    // Other work on the machine skews every number; the report shows how busy it was.
    loadAtStart: os.loadavg()[0].toFixed(2),
    date: new Date().toISOString(),
    credchainVersion: await version('package.json'),
    sdkVersion: await version('node_modules/@aws-sdk/credential-providers/package.json'),
  };
}

async function main() {
  const started = performance.now();
  const pairs = Number(args.pairs);
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`--pairs must be a positive integer, got ${args.pairs}`);
  const warmPairs = Number(args['warm-pairs']);
  if (!Number.isInteger(warmPairs) || warmPairs < 0) throw new Error(`--warm-pairs must be a whole number, got ${args['warm-pairs']}`);
  const wanted = args.only?.split(',').map((id) => id.trim());
  const unknown = wanted?.filter((id) => !scenarios.some((scenario) => scenario.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
  try {
    await readFile(new URL(credchainUrl));
  } catch {
    throw new Error(`${credchainUrl} is missing: run \`npm run build\` (or \`npm run bench\`, which builds first)`);
  }

  const machine = { ...(await describeMachine()), credchainBuild: args.credchain ?? 'dist/index.js', emulator: await startEmulatorIfBuilt(), closedUrl: await closedLoopbackUrl() };
  try {
    // One unmeasured start per library first, so the first measured pair does not pay for a cold disk cache.
    const warm = await prepare(scenarios[0], machine);
    for (const lib of ['credchain', 'sdk']) await coldStart(lib, warm);
    await rm(warm.home, { recursive: true, force: true });

    const results = [];
    for (const scenario of scenarios.filter((s) => !wanted || wanted.includes(s.id))) {
      const scenarioStart = performance.now();
      const result = await runScenario(scenario, machine, pairs, warmPairs);
      progress(`${scenario.id}: ${result.skipped ?? (result.failures ? `FAILED ${result.failures.join('; ')}` : `${result.pairs.length} pairs`)} (${((performance.now() - scenarioStart) / 1000).toFixed(1)} s)`);
      results.push(result);
    }
    const inProcess = args['skip-in-process'] ? undefined : await measureInProcess(machine, Number(args.burst), Number(args['throughput-ms']));
    let footprint;
    if (!args['skip-footprint']) {
      progress('footprint: npm pack --dry-run over the dependency closures');
      footprint = await measureFootprint(root).catch((error) => ({ error: error.message }));
    }

    // The MongoDB driver with the real SDK vs credchain under the SDK's name (issue 19): bench/driver.mjs.
    const driver = args['skip-driver'] ? undefined : await measureDriver(Number(args['driver-pairs'])).catch((error) => ({ failures: [error.message] }));

    machine.loadAtEnd = os.loadavg()[0].toFixed(2);
    const report = { summaries: summarize(results), inProcess, footprint, driver, machine, pairs, warmPairs };
    process.stdout.write(`${formatText(report)}\n`);
    if (!args['no-results']) {
      const command = `node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
      await writeFile(args.results, formatMarkdown({ ...report, command, durationS: (performance.now() - started) / 1000 }));
      progress(`wrote ${args.results}`);
    }
    progress(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Wrong answers make the run fail; a missed speed target does not (it is reported in the table).
    const inProcessRuns = inProcess ? [...Object.values(inProcess.throughput).flatMap(Object.values), inProcess.burst.credchain, inProcess.burst.sdk] : [];
    if (results.some((result) => result.failures) || inProcessRuns.some((run) => run && !run.ok) || driver?.failures) process.exitCode = 1;
  } finally {
    await machine.emulator?.close();
  }
}

await main();
