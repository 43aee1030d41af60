// Cold start against the floor, build against build: for each scenario, the time from a fresh
// process's first statement to credentials in hand (import + first resolve, bench/child.mjs) of one
// or more builds of credchain and of the SDK, next to the floor: a bare process that reads the same
// files and makes the same loopback requests (bench/floor-child.mjs, the cold-start part's floor); plus what needs no clock: the
// dist/ files and bytes each build loads (test/support/trace-loads.mjs) and its young- and
// old-generation collections (--trace-gc). The order of the runs rotates every round.
//
//   node bench/coldpath.mjs                                        # this dist/ against the floor and the SDK
//   node bench/coldpath.mjs --build before=/tmp/cc-before/index.js --build after=dist/index.js --rounds 15
//   node bench/coldpath.mjs --only ecs,imds --no-sdk
//   node bench/coldpath.mjs --instructions --only env,ecs   # callgrind instead of the clock (below)
//
// --instructions: one run per runner under `valgrind --tool=callgrind node --predictable` (one
// thread, fixed seeds: the same count to within ~0.01% run after run), the whole process's
// instructions — a measure a busy machine does not blur, for comparing builds and the floor.
//
// Everything is loopback (the emulator from dist/), as in bench/run.mjs. Not a part of `npm run bench`:
// its clock figures are the cold-start part's headline measured again; it is the tool for comparing
// builds side by side, and for the counts no clock gives (files, bytes, collections, instructions).

import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COLD_CHILD, FLOOR_CHILD, closedLoopbackUrl, prepare, problemWith, root, spawnNode, startEmulatorIfBuilt } from './harness.mjs';
import { scenarios } from './scenarios.mjs';
import { median } from './stats.mjs';

const TRACE_LOADS = join(root, 'test/support/trace-loads.mjs');

const { values: args } = parseArgs({
  options: {
    build: { type: 'string', multiple: true },
    only: { type: 'string' },
    rounds: { type: 'string', default: '11' },
    'gc-runs': { type: 'string', default: '3' },
    'no-sdk': { type: 'boolean' },
    instructions: { type: 'boolean' },
  },
});

/** `name=path/to/index.js` → { name, url }; default: this checkout's dist/. */
const builds = (args.build ?? ['credchain=dist/index.js']).map((spec) => {
  const [name, path] = spec.includes('=') ? spec.split(/=(.*)/s) : [spec, spec];
  return { name, url: pathToFileURL(resolve(path)).href };
});

/** Young-generation (Scavenge) and full collections a run made, and their summed pause, from --trace-gc lines. */
export function gcSummary(stdout) {
  const lines = stdout.split('\n').filter((line) => /: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark)/i.test(line));
  const pauseMs = lines.reduce((sum, line) => sum + Number(/MB, ([\d.]+) \//.exec(line)?.[1] ?? 0), 0);
  return { young: lines.filter((line) => /Scavenge|Minor/.test(line)).length, full: lines.filter((line) => /Mark-Compact|Mark-sweep/.test(line)).length, pauseMs };
}

/** The dist/ files one cold start of `url` loads, and their bytes. */
async function filesLoaded(url, prepared) {
  const run = await spawnNode(COLD_CHILD, ['credchain', url], { env: prepared.env, cwd: prepared.home, nodeArgs: ['--import', TRACE_LOADS] });
  const dist = new URL('.', url).href;
  const files = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('load ') && line.includes(dist))
    .map((line) => line.slice(5).trim());
  const bytes = (await Promise.all(files.map((file) => readFile(new URL(file))))).reduce((sum, buffer) => sum + buffer.length, 0);
  return { files: files.map((file) => file.slice(dist.length)), bytes };
}

/** A run's first statement → credentials, checked as the cold-start part checks it: a run without the expected answer is dropped. */
function coldMs(run, prepared, machine) {
  return problemWith(run, prepared.expect, machine.emulator) === undefined ? run.result.readyMs : undefined;
}

const fmt = (values) => {
  const defined = values.filter((v) => v !== undefined);
  if (defined.length === 0) return 'n/a';
  return `${median(defined).toFixed(1)} (${Math.min(...defined).toFixed(1)}–${Math.max(...defined).toFixed(1)})`;
};

/** Instructions (callgrind Ir, millions) of one run of `script argv` under node --predictable. */
function instructions(script, argv, { env, cwd }) {
  return new Promise((resolve) => {
    const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--predictable', script, ...argv], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', () => resolve(undefined));
    child.on('close', () => {
      const collected = /Collected : (\d+)/.exec(stderr);
      resolve(collected ? Number(collected[1]) / 1e6 : undefined);
    });
  });
}

async function measureInstructions(scenario, machine) {
  const prepared = await prepare(scenario, machine);
  try {
    const rows = {};
    for (const runner of runnersFor(scenario)) rows[runner.name] = await instructions(runner.script, runner.argv, { env: prepared.env, cwd: prepared.home });
    return rows;
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
}

function runnersFor(scenario) {
  return [
    ...(scenario.floor ? [{ name: 'floor', script: FLOOR_CHILD, argv: [scenario.floor] }] : []),
    ...builds.map((build) => ({ name: build.name, script: COLD_CHILD, argv: ['credchain', build.url] })),
    ...(args['no-sdk'] ? [] : [{ name: 'sdk', script: COLD_CHILD, argv: ['sdk', builds[0].url] }]),
  ];
}

async function measure(scenario, machine) {
  const prepared = await prepare(scenario, machine);
  try {
    const runners = runnersFor(scenario);
    const times = Object.fromEntries(runners.map((runner) => [runner.name, []]));
    const rounds = Number(args.rounds);
    // One unmeasured round: the emulator's first requests and the page cache are warm for everyone.
    for (const runner of runners) await spawnNode(runner.script, runner.argv, { env: prepared.env, cwd: prepared.home });
    for (let round = 0; round < rounds; round += 1) {
      const order = runners.map((_, index) => runners[(index + round) % runners.length]);
      for (const runner of order) times[runner.name].push(coldMs(await spawnNode(runner.script, runner.argv, { env: prepared.env, cwd: prepared.home }), prepared, machine));
    }
    const gc = {};
    for (const runner of runners) {
      const runs = [];
      for (let i = 0; i < Number(args['gc-runs']); i += 1) runs.push(gcSummary((await spawnNode(runner.script, runner.argv, { env: prepared.env, cwd: prepared.home, nodeArgs: ['--trace-gc'] })).stdout));
      gc[runner.name] = { young: median(runs.map((r) => r.young)), full: median(runs.map((r) => r.full)), pauseMs: median(runs.map((r) => r.pauseMs)) };
    }
    const loads = {};
    for (const build of builds) loads[build.name] = await filesLoaded(build.url, prepared);
    return { times, gc, loads, rounds };
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
}

/** Median of the per-round ratios a/b (rounds share the machine's momentary load). */
function pairedRatio(a, b) {
  const ratios = a.map((value, i) => (value !== undefined && b[i] !== undefined ? value / b[i] : undefined)).filter((v) => v !== undefined);
  return ratios.length > 0 ? median(ratios).toFixed(2) : 'n/a';
}

async function main() {
  const only = args.only?.split(',');
  const chosen = scenarios.filter((s) => (only ? only.includes(s.id) : ['env', 'static-profile', 'ecs', 'imds', 'assume-role', 'web-identity', 'none-imds-off'].includes(s.id)));
  const emulator = await startEmulatorIfBuilt();
  const machine = { emulator, closedUrl: await closedLoopbackUrl() };
  const { loadavg } = await import('node:os');
  console.log(`node ${process.version}, load average before: ${loadavg().map((v) => v.toFixed(2)).join(' ')}; ${args.instructions ? 'instructions' : `ms = first statement → credentials, median (min–max) of ${args.rounds} rotated rounds`}`);
  try {
    for (const scenario of chosen) {
      if (scenario.needsEmulator && !emulator) continue;
      if (args.instructions) {
        const rows = await measureInstructions(scenario, machine);
        console.log(`\n${scenario.id} (callgrind, millions of instructions, whole process)`);
        for (const [name, count] of Object.entries(rows)) {
          const vsFloor = rows.floor && name !== 'floor' && count ? `  ×floor ${(count / rows.floor).toFixed(2)}` : '';
          console.log(`  ${name.padEnd(10)} ${count?.toFixed(2) ?? 'n/a (is valgrind installed?)'}${vsFloor}`);
        }
        continue;
      }
      const { times, gc, loads } = await measure(scenario, machine);
      console.log(`\n${scenario.id}`);
      for (const [name, values] of Object.entries(times)) {
        const vsFloor = times.floor && name !== 'floor' ? `  ×floor ${pairedRatio(values, times.floor)}` : '';
        const vsSdk = times.sdk && name !== 'sdk' && name !== 'floor' ? `  ×sdk ${pairedRatio(values, times.sdk)}` : '';
        const load = loads[name] ? `  ${loads[name].files.length} files ${(loads[name].bytes / 1024).toFixed(1)} kB` : '';
        console.log(`  ${name.padEnd(10)} ${fmt(values).padEnd(22)}${vsFloor}${vsSdk}  gc ${gc[name].young} young / ${gc[name].full} full, ${gc[name].pauseMs.toFixed(1)} ms${load}`);
      }
      for (const [name, load] of Object.entries(loads)) console.log(`    ${name} loads: ${load.files.join(' ')}`);
    }
  } finally {
    await emulator?.close();
  }
  console.log(`\nload average after: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
