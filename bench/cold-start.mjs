// Cold starts, credchain vs the SDK vs the floor, scenario by scenario (bench/scenarios.mjs). Per
// scenario: one unmeasured warm-up run of each side (it exercises the emulator's route and the disk
// cache), then `rounds` rounds of fresh processes — credchain, the SDK and, for scenarios that have
// one, the floor (bench/floor-child.mjs) — each round in a rotated order, plus a `require` twin per
// library; then `warmRounds` rounds that also time a second resolution in the same process.

import { rm } from 'node:fs/promises';
import { COLD_CHILD, FLOOR_CHILD, prepare, problemWith, progress, spawnNode } from './harness.mjs';
import { markdownTable, ratioWithSpread, verdict, withSpread } from './report.mjs';
import { scenarios } from './scenarios.mjs';
import { ratioSpread, rotated, spreadOf } from './stats.mjs';

/** Issue 26: `import` and `require` of credchain at most 0.05 of the SDK's, over every round of every scenario. */
const LOAD_TARGET = 0.05;

const LIBRARY_METRICS = [
  ['readyMs', 'first statement → credentials ms'],
  ['importMs', 'import ms'],
  ['requireMs', 'require ms'],
  ['resolveMs', 'resolve ms'],
  ['requireReadyMs', 'require + resolve ms'],
  ['resolveAgainMs', 'warm resolve ms'],
  ['wallMs', 'wall ms'],
  ['maxRssMb', 'peak RSS MB'],
];
/** Measured in the separate "warm" rounds (a second resolution in the same process). */
const WARM_METRICS = new Set(['resolveAgainMs']);

async function runChild(side, scenario, prepared, bench, { again = false, loader = 'import' } = {}) {
  const env = again ? { ...prepared.env, BENCH_RESOLVE_AGAIN: '1' } : prepared.env;
  const run =
    side === 'floor'
      ? await spawnNode(FLOOR_CHILD, [scenario.floor], { env, cwd: prepared.home })
      : await spawnNode(COLD_CHILD, [side, bench.credchainUrl, loader], { env, cwd: prepared.home });
  const problem = problemWith(run, prepared.expect, bench.machine.emulator);
  const { result } = run;
  const sample = result && {
    readyMs: result.readyMs,
    importMs: result.importMs,
    resolveMs: result.resolveMs,
    wallMs: run.wallMs,
    maxRssMb: result.maxRssKb / 1024,
    resolveAgainMs: result.resolveAgainMs,
  };
  return { problem: problem && `${side}${loader === 'require' ? ' (require)' : ''}: ${problem}`, sample };
}

async function runScenario(scenario, bench) {
  const { machine, rounds, warmRounds } = bench;
  if (scenario.needsEmulator && !machine.emulator) return { scenario, skipped: 'needs the emulator (dist/emulator/index.js), which is not built' };
  const prepared = await prepare(scenario, machine);
  const sides = ['credchain', 'sdk', ...(scenario.floor ? ['floor'] : [])];
  const measured = [];
  const warm = [];
  const failures = [];
  try {
    for (const side of sides) {
      const { problem } = await runChild(side, scenario, prepared, bench);
      if (problem) failures.push(`warm-up ${problem}`);
    }
    for (let i = 0; i < rounds + warmRounds && failures.length === 0; i += 1) {
      const again = i >= rounds;
      const order = rotated(sides, i).filter((side) => !(again && side === 'floor'));
      const round = {};
      for (const side of order) {
        const { problem, sample } = await runChild(side, scenario, prepared, bench, { again });
        if (problem) failures.push(problem);
        round[side] = sample;
      }
      if (!again) {
        for (const lib of order.filter((side) => side !== 'floor')) {
          const { problem, sample } = await runChild(lib, scenario, prepared, bench, { loader: 'require' });
          if (problem) failures.push(problem);
          if (round[lib] && sample) Object.assign(round[lib], { requireMs: sample.importMs, requireReadyMs: sample.readyMs });
        }
      }
      if (failures.length === 0) (again ? warm : measured).push(round);
    }
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
  // A benchmark of a failure is a defect: a scenario with a wrong answer reports no numbers.
  return failures.length ? { scenario, failures } : { scenario, rounds: measured, warm };
}

/** Per scenario: each side's spread per metric, the per-round ratios, and the verdicts. */
export function summarize(result) {
  if (!result.rounds || result.rounds.length === 0) return { id: result.scenario.id, skipped: result.skipped, failures: result.failures };
  const { scenario } = result;
  const roundsFor = (metric) => (WARM_METRICS.has(metric) ? (result.warm ?? []) : result.rounds);
  const side = (name) => Object.fromEntries(LIBRARY_METRICS.map(([metric]) => [metric, spreadOf(roundsFor(metric).map((round) => round[name]?.[metric]))]));
  const summary = {
    id: scenario.id,
    title: scenario.title,
    credchain: side('credchain'),
    sdk: side('sdk'),
    ratio: Object.fromEntries(LIBRARY_METRICS.map(([metric]) => [metric, ratioSpread(roundsFor(metric), 'credchain', 'sdk', metric)])),
    verdicts: [],
  };
  if (scenario.floor) {
    summary.floor = { readyMs: spreadOf(result.rounds.map((round) => round.floor?.readyMs)), maxRssMb: spreadOf(result.rounds.map((round) => round.floor?.maxRssMb)) };
    summary.overFloor = { credchain: ratioSpread(result.rounds, 'credchain', 'floor', 'readyMs'), sdk: ratioSpread(result.rounds, 'sdk', 'floor', 'readyMs') };
    if (scenario.floorTarget !== undefined) summary.verdicts.push(verdict(`${scenario.id}: credchain / floor, first statement → credentials`, summary.overFloor.credchain.median, scenario.floorTarget));
  }
  if (scenario.target !== undefined) summary.verdicts.push(verdict(`${scenario.id}: resolve, credchain / SDK`, summary.ratio.resolveMs.median, scenario.target));
  return summary;
}

/** Import and require are about the library, not a scenario: judged over every round of every scenario. */
function loadVerdicts(results) {
  const rounds = results.flatMap((result) => result.rounds ?? []);
  return [
    ['import', 'importMs'],
    ['require', 'requireMs'],
  ].map(([what, metric]) => ({ ...verdict(`${what}, credchain / SDK (all scenarios, ${rounds.length} rounds)`, ratioSpread(rounds, 'credchain', 'sdk', metric).median, LOAD_TARGET), spread: ratioSpread(rounds, 'credchain', 'sdk', metric) }));
}

function headlineTable(summaries) {
  const header = ['scenario', 'credchain ms', 'SDK ms', 'floor ms', 'credchain / SDK', 'credchain / floor', 'SDK / floor'];
  const rows = summaries.map((s) => {
    if (s.failures) return [s.id, `FAILED: ${s.failures.join('; ')}`, '', '', '', '', ''];
    if (s.skipped) return [s.id, `skipped: ${s.skipped}`, '', '', '', '', ''];
    return [
      s.id,
      withSpread(s.credchain.readyMs),
      withSpread(s.sdk.readyMs),
      s.floor ? withSpread(s.floor.readyMs) : '—',
      ratioWithSpread(s.ratio.readyMs),
      s.floor ? ratioWithSpread(s.overFloor.credchain) : '—',
      s.floor ? ratioWithSpread(s.overFloor.sdk) : '—',
    ];
  });
  return markdownTable(header, rows);
}

function detailTable(summaries) {
  const metrics = LIBRARY_METRICS.filter(([metric]) => metric !== 'readyMs');
  const header = ['scenario', 'library', ...metrics.map(([, title]) => title)];
  const rows = summaries
    .filter((s) => s.credchain)
    .flatMap((s) => [
      [s.id, 'credchain', ...metrics.map(([metric]) => withSpread(s.credchain[metric]))],
      ['', 'sdk', ...metrics.map(([metric]) => withSpread(s.sdk[metric]))],
      ['', 'credchain / SDK', ...metrics.map(([metric]) => ratioWithSpread(s.ratio[metric]))],
    ]);
  return markdownTable(header, rows);
}

export const section = {
  id: 'cold-start',
  title: 'Cold start: credchain vs the SDK vs the floor',
  async run(bench) {
    const wanted = bench.args.only?.split(',').map((id) => id.trim());
    const unknown = wanted?.filter((id) => !scenarios.some((scenario) => scenario.id === id)) ?? [];
    if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
    const results = [];
    for (const scenario of scenarios.filter((s) => !wanted || wanted.includes(s.id))) {
      const started = performance.now();
      const result = await runScenario(scenario, bench);
      progress(`${scenario.id}: ${result.skipped ?? (result.failures ? `FAILED ${result.failures.join('; ')}` : `${result.rounds.length} rounds`)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      results.push(result);
    }
    return results;
  },
  report(results, bench) {
    const summaries = results.map(summarize);
    const loads = loadVerdicts(results);
    const markdown = `First statement → credentials: from a fresh process's first statement to credentials in hand — for
a library, its import plus building the provider and its first call; for the floor
(bench/floor-child.mjs), the same files read and the same loopback requests made with Node's
built-ins alone. ${bench.rounds} rounds per scenario after one warm-up run of each side; each round in a rotated order.

${headlineTable(summaries)}

Import = \`await import()\` of the library; require = \`require()\` of its CommonJS build, in a twin
cold process whose answer is checked too; resolve = building the provider and its first call; warm
resolve = a second, fresh provider resolving in the same process (${bench.warmRounds} separate rounds:
the work without the module loading); wall = spawn to exit, measured by the parent; peak RSS =
\`process.resourceUsage().maxRSS\`.

${detailTable(summaries)}

${loads.map((v) => `- ${v.what}: ${ratioWithSpread(v.spread)}`).join('\n')}`;
    return {
      markdown,
      verdicts: [...loads, ...summaries.flatMap((s) => s.verdicts ?? [])],
      failed: summaries.some((s) => s.failures),
      data: { scenarios: summaries.map(({ verdicts, ...rest }) => rest), load: loads.map(({ what, spread }) => ({ what, spread })) },
    };
  },
};
