// Where a cold start's time goes, for one scenario: the modules credchain loads (import tracing),
// the floor beside both libraries, and a CPU profile of one child per library (node --cpu-prof),
// self time summed per file or per package. The evidence behind bench/README.md's analysis.
//
//   node bench/profile.mjs static-profile            # both libraries
//   node bench/profile.mjs imds --lib credchain --top 25
//   node bench/profile.mjs profiles-10000            # a scaling case (bench/scaling.mjs): N profiles, config-4mib-*, depth-N
//   node bench/profile.mjs profiles-10000 --credchain /tmp/old/index.js   # another build (node scripts/build.mjs --out /tmp/old)

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COLD_CHILD, CREDCHAIN_URL, FLOOR_CHILD, TRACE_CHILD, closedLoopbackUrl, prepare, root, spawnNode, startEmulatorIfBuilt } from './harness.mjs';
import { scalingScenarios } from './scaling.mjs';
import { scenarios } from './scenarios.mjs';
import { median } from './stats.mjs';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { lib: { type: 'string', default: 'both' }, top: { type: 'string', default: '15' }, 'interval-us': { type: 'string', default: '100' }, credchain: { type: 'string' } },
});
const credchainUrl = args.credchain ? pathToFileURL(resolve(args.credchain)).href : CREDCHAIN_URL;

/** Groups a script URL: credchain files by path, node_modules by package, Node internals by area. */
function bucketOf(url, functionName) {
  if (!url) return `(${functionName || 'native'})`;
  const inModules = url.split('node_modules/').pop();
  if (inModules !== url) return inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/');
  if (url.startsWith('node:internal/modules/esm')) return 'node: ESM loader';
  if (url.startsWith('node:internal/modules/cjs')) return 'node: CJS loader';
  if (url.startsWith('node:internal/fs') || url === 'node:fs') return 'node: fs';
  if (url.startsWith('node:internal/bootstrap')) return 'node: bootstrap/internal module compile';
  if (url.startsWith('node:')) return `node: ${url.slice(5).replace(/^internal\//, '').split('/')[0]}`;
  return url.replace(`file://${root}`, '');
}

/** Self time per bucket over the samples taken in [fromUs, toUs] (the child's own stamps). */
function summarizeProfile(profile, [fromUs, toUs], top) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < fromUs || at > toUs) return;
    const node = byId.get(id);
    const bucket = bucketOf(node.callFrame.url, node.callFrame.functionName);
    self.set(bucket, (self.get(bucket) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...self.values()].reduce((sum, us) => sum + us, 0);
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [`  total sampled ${(total / 1000).toFixed(1)} ms`, ...rows.map(([bucket, us]) => `  ${(us / 1000).toFixed(2).padStart(7)} ms  ${bucket}`)].join('\n');
}

async function profileOnce(lib, prepared) {
  const dir = await mkdtemp(join(os.tmpdir(), 'credchain-bench-prof-'));
  try {
    const run = await spawnNode(COLD_CHILD, [lib, credchainUrl], {
      env: { ...prepared.env, BENCH_LIST_BUILTINS: '1' },
      cwd: prepared.home,
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', args['interval-us']],
    });
    const [file] = await readdir(dir);
    return { run, profile: JSON.parse(await readFile(join(dir, file), 'utf8')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The dist/ files a cold start loads, each with its size and the src/ modules bundled into it. */
async function loadedModules(prepared) {
  const tracer = join(root, 'test/support/trace-loads.mjs');
  const run = await spawnNode(COLD_CHILD, ['credchain', credchainUrl], { env: prepared.env, cwd: prepared.home, nodeArgs: ['--import', tracer] });
  const urls = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('load ') && line.includes('/dist/'))
    .map((line) => line.slice(5).trim());
  return Promise.all(
    urls.map(async (url) => {
      const code = await readFile(new URL(url), 'utf8');
      // scripts/build.mjs: the bundler opens each module with a `// src/<path>.ts` line.
      const modules = [...code.matchAll(/^\/\/ src\/(\S+)\.ts$/gm)].map((match) => match[1]);
      return `${url.replace(`file://${root}`, '')} (${(code.length / 1024).toFixed(1)} kB${modules.length > 0 ? `: ${modules.join(', ')}` : ''})`;
    }),
  );
}

/** credchain's own account of a cold start: each source's outcome and milliseconds. */
async function sourceTimes(prepared) {
  const run = await spawnNode(TRACE_CHILD, [credchainUrl], { env: prepared.env, cwd: prepared.home });
  if (!run.result) return `  (trace child failed: ${run.stderr.trim().split('\n').pop()})`;
  return [
    `  whole resolution ${run.result.ms.toFixed(1)} ms (import excluded)`,
    ...run.result.trace.map((entry) => `  ${String(entry.ms).padStart(5)} ms  ${entry.source.padEnd(13)} ${entry.outcome.padEnd(8)} ${entry.reason}`),
  ].join('\n');
}

/**
 * For scenarios with a floor (bench/floor-child.mjs): first statement → credentials of each library
 * next to the floor's, 7 runs each, interleaved.
 */
async function floorComparison(scenario, prepared) {
  if (!scenario.floor) return undefined;
  const times = { floor: [], credchain: [], sdk: [] };
  for (let i = 0; i < 7; i += 1) {
    times.floor.push((await spawnNode(FLOOR_CHILD, [scenario.floor], { env: prepared.env, cwd: prepared.home })).result?.readyMs);
    for (const lib of ['credchain', 'sdk']) {
      times[lib].push((await spawnNode(COLD_CHILD, [lib, credchainUrl], { env: prepared.env, cwd: prepared.home })).result?.readyMs);
    }
  }
  const [floor, credchain, sdk] = [times.floor, times.credchain, times.sdk].map(median);
  return [
    `  floor (bench/floor-child.mjs ${scenario.floor}: the same files and requests, no library): ${floor.toFixed(1)} ms`,
    `  first statement → credentials: credchain ${credchain.toFixed(1)} ms, sdk ${sdk.toFixed(1)} ms (medians of 7)`,
    `  above the floor: credchain ${(credchain - floor).toFixed(1)} ms (${(credchain / floor).toFixed(2)}×), sdk ${(sdk - floor).toFixed(1)} ms (${(sdk / floor).toFixed(2)}×)`,
  ].join('\n');
}

async function main() {
  const machine = { emulator: await startEmulatorIfBuilt(), closedUrl: await closedLoopbackUrl() };
  const known = [...scenarios, ...scalingScenarios(machine)];
  const scenario = known.find((s) => s.id === positionals[0]);
  if (!scenario) {
    await machine.emulator?.close();
    throw new Error(`usage: node bench/profile.mjs <scenario> [--lib credchain|sdk|both] [--credchain path/index.js]; scenarios: ${known.map((s) => s.id).join(', ')}`);
  }
  const prepared = await prepare(scenario, machine);
  try {
    const modules = await loadedModules(prepared);
    console.log(`${scenario.id}: credchain loads ${modules.length} of its files:\n  ${modules.join('\n  ')}`);
    console.log(`\ncredchain's trace (explain(), per source):\n${await sourceTimes(prepared)}`);
    const floor = await floorComparison(scenario, prepared);
    if (floor) console.log(`\nFloor:\n${floor}`);
    for (const lib of args.lib === 'both' ? ['credchain', 'sdk'] : [args.lib]) {
      const { run, profile } = await profileOnce(lib, prepared);
      const { result } = run;
      console.log(
        `\n${lib}: import ${result?.importMs.toFixed(1)} ms, resolve ${result?.resolveMs.toFixed(1)} ms, wall ${run.wallMs.toFixed(0)} ms (profiled: slower than unprofiled), ${result?.ok ? `got ${result.accessKeyId}` : `failed: ${result?.error}`}`,
      );
      if (!result) continue;
      for (const phase of ['import', 'resolve']) {
        console.log(`${phase}: Node built-ins loaded: ${result.builtinsLoaded?.[phase]?.join(', ') || 'none'}`);
        console.log(`${phase}: self time by file/package (sampled every ${args['interval-us']} µs):\n${summarizeProfile(profile, result.windowsUs[phase], Number(args.top))}`);
      }
    }
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
    await machine.emulator?.close();
  }
}

await main();
