// Cached-call throughput of a warm provider, credentials without expiry (env) and with one (the
// container endpoint: every call checks the clock), over several rounds of fresh processes per
// library, each round in a rotated order. (Cold bursts of concurrent calls are in bench/scaling.mjs.)

import { rm } from 'node:fs/promises';
import { IN_PROCESS_CHILD, prepare, progress, secretsFor, spawnNode } from './harness.mjs';
import { count, markdownTable, ratioWithSpread, withSpread } from './report.mjs';
import { scenarios } from './scenarios.mjs';
import { ratioSpread, rotated, spreadOf } from './stats.mjs';

const KINDS = { env: 'env credentials, no expiry', ecs: 'container credentials, expiring' };

/** One in-process child for `lib` under scenario `scenarioId`'s environment; its JSON result, checked for leaks. */
export async function inProcessRun(mode, lib, scenarioId, amount, bench) {
  const scenario = scenarios.find((s) => s.id === scenarioId);
  const prepared = await prepare(scenario, bench.machine);
  try {
    const run = await spawnNode(IN_PROCESS_CHILD, [mode, lib, bench.credchainUrl, String(amount)], { env: prepared.env, cwd: prepared.home });
    const keyIds = run.result?.accessKeyIds ?? [run.result?.accessKeyId];
    const leaked = secretsFor(bench.machine.emulator, keyIds).some((secret) => (run.stdout + run.stderr).includes(secret));
    if (leaked) return { ok: false, error: 'printed a secret' };
    if (!run.result) return { ok: false, error: `exited with ${run.signal ?? `code ${run.code}`}: ${run.stderr.trim().slice(-300)}` };
    return run.result;
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
}

export const section = {
  id: 'in-process',
  title: 'In-process: cached-call throughput',
  async run(bench) {
    const rounds = Number(bench.args['in-process-rounds']);
    const results = {};
    for (const scenarioId of bench.machine.emulator ? ['env', 'ecs'] : ['env']) {
      results[scenarioId] = [];
      for (let i = 0; i < rounds; i += 1) {
        const round = {};
        for (const lib of rotated(['credchain', 'sdk'], i)) {
          progress(`in-process: throughput ${scenarioId} ${lib} (round ${i + 1} of ${rounds})`);
          round[lib] = await inProcessRun('throughput', lib, scenarioId, Number(bench.args['throughput-ms']), bench);
        }
        results[scenarioId].push(round);
      }
    }
    return results;
  },
  report(results) {
    const failures = [];
    const rows = Object.entries(results).map(([scenarioId, rounds]) => {
      for (const round of rounds) for (const [lib, run] of Object.entries(round)) if (!run.ok) failures.push(`${scenarioId} ${lib}: ${run.error}`);
      const rate = (lib) => spreadOf(rounds.map((round) => (round[lib].ok ? round[lib].callsPerSecond / 1000 : Number.NaN)));
      return [KINDS[scenarioId] ?? scenarioId, withSpread(rate('credchain'), 0), withSpread(rate('sdk'), 0), ratioWithSpread(ratioSpread(rounds, 'credchain', 'sdk', 'callsPerSecond')), count(rounds.length)];
    });
    const markdown = `${markdownTable(['cached calls', 'credchain k calls/s', 'SDK k calls/s', 'credchain / SDK', 'rounds'], rows)}${failures.length ? `\n\nFAILED: ${failures.join('; ')}` : ''}`;
    return { markdown, verdicts: [], failed: failures.length > 0 };
  },
};
