// How each library scales, in fresh processes, each round in a rotated order after one unmeasured
// warm-up run per side:
//   profiles — shared files with N profiles (and the largest config file credchain reads, 4 MiB):
//              first statement → the last profile's credentials, and peak RSS;
//   explain  — `credchain explain` on the 4 MiB files, spawn to exit (what a user waits for);
//   depth    — a source_profile chain of D AssumeRole hops: first statement → credentials, peak RSS;
//   burst    — N concurrent first calls on a cold provider (container endpoint): time until all
//              are answered, peak RSS, and the upstream requests the emulator saw.

import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLD_CHILD, prepare, problemWith, progress, spawnNode } from './harness.mjs';
import { inProcessRun } from './in-process.mjs';
import { count, markdownTable, ratioWithSpread, verdict, withSpread } from './report.mjs';
import { BENCH_SECRETS } from './scenarios.mjs';
import { ratioSpread, rotated, spreadOf } from './stats.mjs';

/** The config file size cap (src/io/file-limits.ts CONFIG_FILE_MAX_BYTES). */
const CONFIG_CAP_BYTES = 4 * 1024 * 1024;
/** Issue 26: `credchain explain` on the largest config file it reads, under a second. */
const EXPLAIN_TARGET_MS = 1000;
/** Issue 26: config files at least as fast as the SDK, with no more peak memory. */
const CONFIG_TARGET = 1.0;

const profileName = (i) => `bench-${String(i).padStart(5, '0')}`;
const keyIdOf = (i) => `AKIABENCH${String(i).padStart(11, '0')}`;
const secretOf = (i) => `benchScaleSecretKey${String(i).padStart(21, '0')}`;

/**
 * `n` profiles the way a generated setup writes them: the config file gives each a region and an
 * output format, the credentials file its keys (so both files are read and merged). The last one is selected.
 */
function manyProfiles(n) {
  const config = [];
  const credentials = [];
  for (let i = 0; i < n; i += 1) {
    config.push(`[profile ${profileName(i)}]\nregion = us-east-1\noutput = json\n`);
    credentials.push(`[${profileName(i)}]\naws_access_key_id = ${keyIdOf(i)}\naws_secret_access_key = ${secretOf(i)}\n`);
  }
  const last = n - 1;
  return {
    id: `profiles-${n}`,
    label: `${count(n)} profiles`,
    setup: () => ({
      env: { AWS_PROFILE: profileName(last) },
      files: { '.aws/config': config.join('\n'), '.aws/credentials': credentials.join('\n') },
      expect: { accessKeyId: keyIdOf(last), secrets: [secretOf(last)] },
    }),
  };
}

/**
 * A config file of at most 4 MiB: `section(i)` for i = 0, 1, … while they fit, then one profile with
 * keys, which is selected.
 */
function fullConfig(shape, label, section) {
  const keyed = (i) => `[profile ${profileName(i)}]\naws_access_key_id = ${keyIdOf(i)}\naws_secret_access_key = ${secretOf(i)}\n`;
  const parts = [];
  let size = 0;
  let i = 0;
  for (; size + section(i).length + keyed(i + 1).length <= CONFIG_CAP_BYTES; i += 1) {
    parts.push(section(i));
    size += section(i).length;
  }
  parts.push(keyed(i));
  return {
    id: `config-4mib-${shape}`,
    label: `4 MiB config, ${count(parts.length)} ${label}`,
    setup: () => ({
      env: { AWS_PROFILE: profileName(i) },
      files: { '.aws/config': parts.join('') },
      expect: { accessKeyId: keyIdOf(i), secrets: [secretOf(i)] },
    }),
  };
}

/** The largest file credchain reads, two ways: ~130-byte profiles with keys, and the smallest profiles a file holds (a parser's worst case). */
function largestConfigs() {
  return [
    fullConfig('keys', 'profiles with keys', (i) => `[profile ${profileName(i)}]\naws_access_key_id = ${keyIdOf(i)}\naws_secret_access_key = ${secretOf(i)}\n`),
    fullConfig('small', 'two-line profiles', (i) => `[profile ${profileName(i)}]\nk=v\n`),
  ];
}

/** A source_profile chain of `depth` AssumeRole hops from static keys, each assuming `role` (an ARN the emulator knows). */
function roleChain(depth, role) {
  const sections = [`[profile hop0]\naws_access_key_id = ${BENCH_SECRETS.staticKeyId}\naws_secret_access_key = ${BENCH_SECRETS.staticSecret}\n`];
  for (let hop = 1; hop <= depth; hop += 1) sections.push(`[profile hop${hop}]\nrole_arn = ${role}\nsource_profile = hop${hop - 1}\nrole_session_name = bench-${hop}\n`);
  return {
    id: `depth-${depth}`,
    label: `${depth} role hop${depth === 1 ? '' : 's'}`,
    needsEmulator: true,
    setup: () => ({ env: { AWS_PROFILE: `hop${depth}` }, files: { '.aws/config': sections.join('\n') }, expect: { issuedBy: 'sts:AssumeRole' } }),
  };
}

/** Rounds of cold starts for both libraries on one scenario: first statement → credentials and peak RSS, plus `credchain explain` when asked. */
async function coldRounds(scenario, bench, { explain = false } = {}) {
  if (scenario.needsEmulator && !bench.machine.emulator) return { scenario, skipped: 'needs the emulator' };
  const prepared = await prepare(scenario, bench.machine);
  const cli = join(dirname(fileURLToPath(bench.credchainUrl)), 'cli/main.js');
  const sides = ['credchain', 'sdk', ...(explain ? ['explain'] : [])];
  const runSide = async (side) => {
    const run =
      side === 'explain'
        ? await spawnNode(cli, ['explain'], { env: prepared.env, cwd: prepared.home })
        : await spawnNode(COLD_CHILD, [side, bench.credchainUrl], { env: prepared.env, cwd: prepared.home });
    if (side === 'explain') {
      // The CLI prints a trace, not JSON: it must succeed, name the source and print no secret.
      const printed = run.stdout + run.stderr;
      const problem =
        run.code !== 0 ? `exited with ${run.signal ?? `code ${run.code}`}: ${run.stderr.trim().slice(-300)}` : (prepared.expect.secrets ?? []).some((secret) => printed.includes(secret)) ? 'printed a secret' : undefined;
      return { problem: problem && `credchain explain: ${problem}`, sample: { wallMs: run.wallMs } };
    }
    const problem = problemWith(run, prepared.expect, bench.machine.emulator);
    return { problem: problem && `${side}: ${problem}`, sample: run.result && { readyMs: run.result.readyMs, maxRssMb: run.result.maxRssKb / 1024 } };
  };
  const rounds = [];
  const failures = [];
  try {
    for (const side of sides) {
      const { problem } = await runSide(side);
      if (problem) failures.push(`warm-up ${problem}`);
    }
    for (let i = 0; i < bench.scalingRounds && failures.length === 0; i += 1) {
      const round = {};
      for (const side of rotated(sides, i)) {
        const { problem, sample } = await runSide(side);
        if (problem) failures.push(problem);
        round[side] = sample;
      }
      rounds.push(round);
    }
  } finally {
    await rm(prepared.home, { recursive: true, force: true });
  }
  return failures.length ? { scenario, failures } : { scenario, rounds };
}

/** Rounds of bursts of `calls` concurrent cold calls per library, with the upstream requests each made. */
async function burstRounds(calls, bench) {
  if (!bench.machine.emulator) return { calls, skipped: 'needs the emulator' };
  const { emulator } = bench.machine;
  const rounds = [];
  const failures = [];
  const once = async (lib) => {
    const before = emulator.count('container');
    const result = await inProcessRun('burst', lib, 'ecs', calls, bench);
    const upstream = emulator.count('container') - before;
    const issuedRight = (result.accessKeyIds ?? []).every((keyId) => emulator.issued(keyId)?.issuedBy === 'container');
    if (!result.ok || !issuedRight) failures.push(`${lib}: ${result.error ?? 'a key the container endpoint did not issue'}`);
    return { ms: result.ms, maxRssMb: result.maxRssKb / 1024, upstream };
  };
  for (const lib of ['credchain', 'sdk']) await once(lib);
  for (let i = 0; i < bench.scalingRounds && failures.length === 0; i += 1) {
    const round = {};
    for (const lib of rotated(['credchain', 'sdk'], i)) round[lib] = await once(lib);
    rounds.push(round);
  }
  return failures.length ? { calls, failures } : { calls, rounds };
}

const listOf = (text) => text.split(',').map((value) => Number(value.trim()));

/**
 * The scaling cases as scenarios (ids profiles-N, config-4mib-keys, config-4mib-small, depth-N), for
 * this part and for `node bench/profile.mjs <id>`. `machine.emulator` names the role the hops assume.
 */
export function scalingScenarios(machine, { profiles = [10, 100, 1000, 10_000], depths = [1, 5, 10], largest = true } = {}) {
  const role = machine.emulator?.scenario.roles['app-role'].arn;
  return [...profiles.map(manyProfiles), ...(largest ? largestConfigs() : []), ...depths.map((depth) => roleChain(depth, role))];
}

/** time and RSS per side, and the two ratios credchain/SDK, as spreads. */
function summarizeCold(result) {
  if (!result.rounds) return { id: result.scenario.id, label: result.scenario.label, skipped: result.skipped, failures: result.failures };
  const { rounds } = result;
  const side = (lib) => ({ readyMs: spreadOf(rounds.map((r) => r[lib].readyMs)), maxRssMb: spreadOf(rounds.map((r) => r[lib].maxRssMb)) });
  return {
    id: result.scenario.id,
    label: result.scenario.label,
    credchain: side('credchain'),
    sdk: side('sdk'),
    ratio: { readyMs: ratioSpread(rounds, 'credchain', 'sdk', 'readyMs'), maxRssMb: ratioSpread(rounds, 'credchain', 'sdk', 'maxRssMb') },
    ...(rounds[0].explain ? { explainMs: spreadOf(rounds.map((r) => r.explain.wallMs)) } : {}),
  };
}

function coldTable(summaries, what) {
  return markdownTable(
    [what, 'credchain ms', 'SDK ms', 'time credchain / SDK', 'credchain peak RSS MB', 'SDK peak RSS MB', 'RSS credchain / SDK'],
    summaries.map((s) =>
      s.credchain
        ? [s.label, withSpread(s.credchain.readyMs), withSpread(s.sdk.readyMs), ratioWithSpread(s.ratio.readyMs), withSpread(s.credchain.maxRssMb), withSpread(s.sdk.maxRssMb), ratioWithSpread(s.ratio.maxRssMb)]
        : [s.label, s.failures ? `FAILED: ${s.failures.join('; ')}` : `skipped: ${s.skipped}`, '', '', '', '', ''],
    ),
  );
}

function summarizeBurst(result) {
  if (!result.rounds) return { calls: result.calls, skipped: result.skipped, failures: result.failures };
  const { rounds } = result;
  const side = (lib) => ({ ms: spreadOf(rounds.map((r) => r[lib].ms)), maxRssMb: spreadOf(rounds.map((r) => r[lib].maxRssMb)), upstream: [...new Set(rounds.map((r) => r[lib].upstream))] });
  return { calls: result.calls, credchain: side('credchain'), sdk: side('sdk'), ratio: { ms: ratioSpread(rounds, 'credchain', 'sdk', 'ms'), maxRssMb: ratioSpread(rounds, 'credchain', 'sdk', 'maxRssMb') } };
}

export const section = {
  id: 'scaling',
  title: 'Scaling: profiles, role-chain depth, concurrent calls',
  options: {
    profiles: { type: 'string', default: '10,100,1000,10000' },
    depths: { type: 'string', default: '1,5,10' },
    bursts: { type: 'string', default: '1,100,10000' },
    'skip-largest-config': { type: 'boolean', default: false },
  },
  async run(bench) {
    const results = { profiles: [], depths: [], bursts: [] };
    const cases = scalingScenarios(bench.machine, { profiles: listOf(bench.args.profiles), depths: listOf(bench.args.depths), largest: !bench.args['skip-largest-config'] });
    for (const scenario of cases) {
      progress(`scaling: ${scenario.label}`);
      const result = await coldRounds(scenario, bench, { explain: scenario.id.startsWith('config-4mib') });
      (scenario.id.startsWith('depth-') ? results.depths : results.profiles).push(result);
    }
    for (const calls of listOf(bench.args.bursts)) {
      progress(`scaling: burst of ${count(calls)} calls`);
      results.bursts.push(await burstRounds(calls, bench));
    }
    return results;
  },
  report(results, bench) {
    const profiles = results.profiles.map(summarizeCold);
    const depths = results.depths.map(summarizeCold);
    const bursts = results.bursts.map(summarizeBurst);
    const verdicts = [];
    for (const s of profiles.filter((p) => p.credchain && p.id.startsWith('profiles-'))) {
      verdicts.push(verdict(`config, ${s.label}: time credchain / SDK`, s.ratio.readyMs.median, CONFIG_TARGET));
      verdicts.push(verdict(`config, ${s.label}: peak RSS credchain / SDK`, s.ratio.maxRssMb.median, CONFIG_TARGET));
    }
    for (const s of profiles.filter((p) => p.explainMs)) verdicts.push(verdict(`\`credchain explain\`, ${s.label}`, s.explainMs.median, EXPLAIN_TARGET_MS, ' ms'));
    for (const b of bursts.filter((burst) => burst.credchain)) {
      const exact = b.credchain.upstream.length === 1 && b.credchain.upstream[0] === 1;
      verdicts.push({ what: `burst of ${count(b.calls)}`, met: exact, text: `burst of ${count(b.calls)} cold call${b.calls === 1 ? '' : 's'}: credchain made ${b.credchain.upstream.join(' or ')} upstream request(s), target exactly 1 — ${exact ? 'met' : 'MISSED'}` });
    }
    const explainRows = profiles.filter((p) => p.explainMs).map((p) => [p.label, withSpread(p.explainMs, 0)]);
    const burstTable = markdownTable(
      ['concurrent cold calls', 'credchain ms', 'SDK ms', 'time credchain / SDK', 'credchain peak RSS MB', 'SDK peak RSS MB', 'upstream requests credchain / SDK'],
      bursts.map((b) =>
        b.credchain
          ? [count(b.calls), withSpread(b.credchain.ms), withSpread(b.sdk.ms), ratioWithSpread(b.ratio.ms), withSpread(b.credchain.maxRssMb), withSpread(b.sdk.maxRssMb), `${b.credchain.upstream.join(', ')} / ${b.sdk.upstream.join(', ')}`]
          : [count(b.calls), b.failures ? `FAILED: ${b.failures.join('; ')}` : `skipped: ${b.skipped}`, '', '', '', '', ''],
      ),
    );
    const markdown = `${bench.scalingRounds} round${bench.scalingRounds === 1 ? '' : 's'} per row (fresh processes, rotated order, after one warm-up run per side).

Shared files with N profiles (the config file gives each a region and an output format, the
credentials file its keys; the last profile is selected), then the largest config file credchain
reads (4 MiB) filled with keyed profiles, and with the smallest profiles a file can hold:
first statement → the selected profile's credentials.

${coldTable(profiles, 'shared files')}

\`credchain explain\` on those files, spawn to exit (ms):

${explainRows.length ? markdownTable(['file', 'credchain explain ms'], explainRows) : '(not measured in this run)'}

A chain of \`source_profile\` hops from static keys, one AssumeRole per hop at the loopback STS:

${coldTable(depths, 'role chain')}

Concurrent first calls on a cold provider (container endpoint), from the first call until all are answered:

${burstTable}`;
    return {
      markdown,
      verdicts,
      failed: [...profiles, ...depths, ...bursts].some((s) => s.failures),
      data: { profiles, depths, bursts },
    };
  },
};
