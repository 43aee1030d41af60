// Turns the measurements into the stdout table and bench/RESULTS.md: medians per library, the
// median of per-pair ratios credchain/SDK, and whether each target of issue 9 is met.

import { median, medianPairRatio } from './stats.mjs';

const IMPORT_TARGET = 0.1;
const REQUIRE_TARGET = 0.1;
const METRICS = [
  ['importMs', 'import ms'],
  ['requireMs', 'require ms'],
  ['resolveMs', 'resolve ms'],
  ['readyMs', 'import+resolve ms'],
  ['requireReadyMs', 'require+resolve ms'],
  ['resolveAgainMs', 'warm resolve ms'],
  ['wallMs', 'wall ms'],
  ['maxRssMb', 'peak RSS MB'],
];
/** Measured in the separate "warm" runs (a second resolution in the same process). */
const WARM_METRICS = new Set(['resolveAgainMs']);

/** Per scenario: medians per side, median per-pair ratios, and the target verdicts. */
export function summarize(results) {
  return results.map((result) => {
    if (!result.pairs || result.pairs.length === 0) return { ...result, measured: false };
    const pairsFor = (key) => (WARM_METRICS.has(key) ? (result.warm ?? []) : result.pairs);
    const side = (lib) => Object.fromEntries(METRICS.map(([key]) => [key, median(pairsFor(key).map((pair) => pair[lib][key]))]));
    const ratio = Object.fromEntries(METRICS.map(([key]) => [key, medianPairRatio(pairsFor(key), key)]));
    const verdicts = [];
    if (result.scenario.target !== undefined) {
      verdicts.push({ what: 'resolve', ratio: ratio.resolveMs, target: result.scenario.target, met: ratio.resolveMs <= result.scenario.target });
    }
    return { ...result, measured: true, credchain: side('credchain'), sdk: side('sdk'), ratio, verdicts };
  });
}

/** The import and require targets are about the library, not a scenario: judged on every pair of every scenario. */
function loadVerdicts(summaries) {
  const pairs = summaries.flatMap((summary) => summary.pairs ?? []);
  return [
    ['import', 'importMs', IMPORT_TARGET],
    ['require', 'requireMs', REQUIRE_TARGET],
  ].map(([what, key, target]) => {
    const ratio = medianPairRatio(pairs, key);
    return { what: `${what} (all scenarios)`, ratio, target, met: ratio <= target, pairs: pairs.length };
  });
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratioText = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;

function verdictText(verdict) {
  return `${verdict.what} ${ratioText(verdict.ratio)} ${verdict.met ? '≤' : '>'} ${verdict.target.toFixed(2)} ${verdict.met ? 'met' : 'MISSED'}`;
}

function scenarioRows(summary) {
  const name = summary.scenario.id;
  const blank = METRICS.map(() => '');
  if (summary.failures) return summary.failures.map((failure, index) => [index === 0 ? name : '', 'FAILED', ...blank, failure]);
  if (!summary.measured) return [[name, 'skipped', ...blank, summary.skipped ?? 'no data']];
  const rows = [
    [name, 'credchain', ...METRICS.map(([key]) => fixed(summary.credchain[key])), ''],
    ['', 'sdk', ...METRICS.map(([key]) => fixed(summary.sdk[key])), ''],
    ['', 'ratio', ...METRICS.map(([key]) => ratioText(summary.ratio[key])), summary.verdicts.map(verdictText).join('; ')],
  ];
  return rows;
}

function textTable(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column] ?? '').length)));
  const line = (row) =>
    row
      .map((cell, column) => (column >= 2 && column < 2 + METRICS.length ? String(cell).padStart(widths[column]) : String(cell).padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function markdownTable(header, rows) {
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

const HEADER = ['scenario', 'library', ...METRICS.map(([, title]) => title), 'target (ratio credchain/SDK)'];

function inProcessLines(inProcess) {
  if (!inProcess) return ['(skipped)'];
  const lines = [];
  const { throughput, burst } = inProcess;
  const kinds = { env: 'env credentials, no expiry', ecs: 'container credentials, expiring' };
  for (const [scenarioId, sides] of Object.entries(throughput)) {
    const rate = (t) => (t?.ok ? `${Math.round(t.callsPerSecond).toLocaleString('en-US')} calls/s` : `FAILED ${t?.error ?? ''}`);
    const ratio = sides.credchain?.ok && sides.sdk?.ok ? `; ratio ${ratioText(sides.credchain.callsPerSecond / sides.sdk.callsPerSecond)}` : '';
    lines.push(`cached-call throughput (${kinds[scenarioId] ?? scenarioId}): credchain ${rate(sides.credchain)}, sdk ${rate(sides.sdk)}${ratio}`);
  }
  for (const lib of ['credchain', 'sdk']) {
    const b = burst?.[lib];
    if (!b) continue;
    const upstream = `${b.upstream} upstream request${b.upstream === 1 ? '' : 's'} (${b.route})`;
    const status = b.ok ? `${b.fulfilled.toLocaleString('en-US')} calls answered in ${fixed(b.ms)} ms` : `FAILED ${b.error ?? ''}`;
    lines.push(`burst of ${burst.calls.toLocaleString('en-US')} concurrent cold calls, ${lib}: ${upstream}; ${status}`);
  }
  if (burst?.credchain) lines.push(`burst target (credchain makes exactly 1 upstream request): ${burst.credchain.ok && burst.credchain.upstream === 1 ? 'met' : 'MISSED'}`);
  return lines;
}

function footprintLines(footprint) {
  if (!footprint) return ['(skipped)'];
  if (footprint.error) return [`FAILED: ${footprint.error}`];
  const { credchain, sdk, sdkNodeOnly } = footprint;
  return [
    `credchain itself: ${kb(credchain.self.size)} packed, ${kb(credchain.self.unpackedSize)} unpacked`,
    `credchain + runtime dependencies: ${credchain.total.packages} packages, ${kb(credchain.total.size)} packed, ${kb(credchain.total.unpackedSize)} unpacked`,
    `@aws-sdk/credential-providers + dependencies: ${sdk.packages} packages, ${kb(sdk.size)} packed, ${kb(sdk.unpackedSize)} unpacked`,
    `@aws-sdk/credential-provider-node + dependencies: ${sdkNodeOnly.packages} packages, ${kb(sdkNodeOnly.size)} packed, ${kb(sdkNodeOnly.unpackedSize)} unpacked`,
    `ratio credchain/credential-providers: ${ratioText(credchain.total.size / sdk.size)} packed, ${ratioText(credchain.total.unpackedSize / sdk.unpackedSize)} unpacked, ${ratioText(credchain.total.packages / sdk.packages)} packages`,
    `method: ${footprint.method}`,
  ];
}

function driverLines(driver) {
  if (!driver) return ['(skipped)'];
  if (driver.failures) return driver.failures.map((failure) => `FAILED: ${failure}`);
  const { credchain, sdk, ratio, footprint } = driver;
  const mb = (bytes) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return [
    `cold process to the first MONGODB-AWS-authenticated command (require mongodb, connect, authenticate; ${driver.pairs} pairs): credchain ${fixed(credchain.readyMs)} ms, sdk ${fixed(sdk.readyMs)} ms; ratio ${ratioText(ratio.readyMs)}`,
    `wall (spawn to exit): credchain ${fixed(credchain.wallMs)} ms, sdk ${fixed(sdk.wallMs)} ms; ratio ${ratioText(ratio.wallMs)}`,
    `require('@aws-sdk/credential-providers') alone, as the driver does it: credchain ${fixed(credchain.requireMs)} ms, sdk ${fixed(sdk.requireMs)} ms; ratio ${ratioText(ratio.requireMs)}`,
    `installed (node_modules of a project with mongodb + the package): credchain ${footprint.credchain.packages} packages, ${mb(footprint.credchain.bytes)}; sdk ${footprint.sdk.packages} packages, ${mb(footprint.sdk.bytes)}`,
  ];
}

export function formatText({ summaries, inProcess, footprint, driver, machine, pairs, warmPairs }) {
  const rows = summaries.flatMap(scenarioRows);
  const loads = loadVerdicts(summaries);
  return [
    `credchain (${machine.credchainBuild}) vs @aws-sdk/credential-providers ${machine.sdkVersion} — cold starts, ${pairs} pairs per scenario (+${warmPairs} for warm resolve), medians`,
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.date}, load average ${machine.loadAtStart} → ${machine.loadAtEnd}`,
    '',
    textTable(HEADER, rows),
    '',
    ...loads.map(verdictText),
    '',
    ...inProcessLines(inProcess),
    '',
    ...footprintLines(footprint),
    '',
    'MongoDB driver (credchain installed as @aws-sdk/credential-providers vs the real one):',
    ...driverLines(driver),
  ].join('\n');
}

export function formatMarkdown({ summaries, inProcess, footprint, driver, machine, pairs, warmPairs, command, durationS }) {
  const rows = summaries.flatMap(scenarioRows);
  const verdicts = [...loadVerdicts(summaries), ...summaries.flatMap((summary) => (summary.verdicts ?? []).map((v) => ({ ...v, what: `${summary.scenario.id} ${v.what}` })))];
  return `# Benchmark results

Generated by \`${command}\` (bench/run.mjs) — do not edit by hand; rerun \`npm run bench\`.
See bench/README.md for the method and the analysis of missed targets.

- Date: ${machine.date}
- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os}
- 1-minute load average: ${machine.loadAtStart} at the start, ${machine.loadAtEnd} at the end (other work on the machine inflates every figure; the ratios, taken per pair, suffer less)
- Node: ${machine.node}
- credchain ${machine.credchainVersion} (${machine.credchainBuild}) vs @aws-sdk/credential-providers ${machine.sdkVersion} \`fromNodeProviderChain()\`
- ${pairs} pairs per scenario (fresh processes, alternating which side goes first), plus ${warmPairs} pairs for the warm resolve; whole run ${durationS.toFixed(0)} s

## Cold start (medians; ratio = median of per-pair ratios credchain/SDK)

Import = \`await import()\` of the library; require = \`require()\` of its CommonJS build (credchain's
dist/cjs/, the SDK's dist-cjs/), in a separate cold process per library whose answer is checked too;
resolve = building the provider + its first call;
import+resolve = the two together, per run (what a caller waits for: credchain defers module loading
from import to the sources that need it, so resolve alone moves cost, the sum does not);
warm resolve = a second, fresh provider resolving in the same process after that (every module
already loaded: the work without the module loading; separate runs); wall = spawn to exit,
measured by the parent; peak RSS = \`process.resourceUsage().maxRSS\`.

${markdownTable(HEADER, rows)}

## Targets

${verdicts.map((v) => `- ${verdictText(v)}`).join('\n')}
${inProcess?.burst?.credchain ? `- burst: credchain made ${inProcess.burst.credchain.upstream} upstream request(s) for ${inProcess.burst.calls} concurrent calls — ${inProcess.burst.credchain.ok && inProcess.burst.credchain.upstream === 1 ? 'met' : 'MISSED'}` : ''}

## In-process

${inProcessLines(inProcess).map((line) => `- ${line}`).join('\n')}

## Install footprint

${footprintLines(footprint).map((line) => `- ${line}`).join('\n')}

## MongoDB driver: credchain installed as @aws-sdk/credential-providers vs the real one

Two throwaway projects with mongodb (bench/driver.mjs); the driver calls the package's
\`fromNodeProviderChain()\` itself; credentials from the environment; the fake MongoDB server on loopback.

${driverLines(driver).map((line) => `- ${line}`).join('\n')}
`;
}
