// The benchmark, credchain vs the AWS SDK's fromNodeProviderChain() (and, where it has one, the floor:
// a bare process doing the same I/O), side by side. Fresh Node processes per measurement, the same
// synthetic env and temp HOME for all sides, every endpoint at the loopback emulator. Runs the parts
// listed in bench/sections.mjs, prints their tables, and rewrites bench/RESULTS.md and the generated
// blocks of docs/performance.md, docs/mongodb.md and bench/README.md (bench/docs.mjs).
//
//   npm run bench                                   # build, then everything, the lambda and fleet parts too
//   node bench/run.mjs --rounds 3 --only env,imds --skip-scaling --skip-footprint --skip-driver --no-results
//   node bench/run.mjs --part scaling --profiles 10,10000   # one part on its own

import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATED, withGeneratedBlocks } from './docs.mjs';
import { COLD_CHILD, CREDCHAIN_URL, closedLoopbackUrl, prepare, progress, root, spawnNode, startEmulatorIfBuilt } from './harness.mjs';
import { resultsData, resultsPage, terminalReport } from './report.mjs';
import { scenarios } from './scenarios.mjs';
import { SECTIONS } from './sections.mjs';

const sections = await Promise.all(SECTIONS.map(async (load) => (await load()).section));

const DEFAULT_RESULTS = join(root, 'bench/RESULTS.md');
const BASE_OPTIONS = {
  rounds: { type: 'string', default: '10' },
  'warm-rounds': { type: 'string', default: '3' },
  'scaling-rounds': { type: 'string', default: '7' },
  'in-process-rounds': { type: 'string', default: '5' },
  'throughput-ms': { type: 'string', default: '1000' },
  only: { type: 'string' },
  part: { type: 'string' },
  results: { type: 'string', default: DEFAULT_RESULTS },
  'no-results': { type: 'boolean', default: false },
  'bench-readme': { type: 'string' },
  // Any generated file written elsewhere, as FILE=PATH (e.g. docs/mongodb.md=/tmp/copy.md); repeatable.
  doc: { type: 'string', multiple: true },
  // Another build of credchain to compare (e.g. a bundled dist): the path of its index.js.
  credchain: { type: 'string' },
};
const { values: args } = parseArgs({
  options: {
    ...BASE_OPTIONS,
    ...Object.assign({}, ...sections.map((section) => section.options ?? {})),
    ...Object.fromEntries(sections.map((section) => [`skip-${section.id}`, { type: 'boolean', default: false }])),
  },
});
const credchainUrl = args.credchain ? pathToFileURL(resolve(args.credchain)).href : CREDCHAIN_URL;

function wholeNumber(name, { min = 0 } = {}) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number${min ? ` of at least ${min}` : ''}, got ${args[name]}`);
  return value;
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
    credchainBuild: args.credchain ?? 'dist/index.js',
  };
}

/** The parts to run: --part names some; otherwise all but the --skip-<id> ones. */
function chosenSections() {
  const named = args.part?.split(',').map((id) => id.trim());
  const unknown = named?.filter((id) => !sections.some((section) => section.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown part ${unknown.join(', ')}; known: ${sections.map((s) => s.id).join(', ')}`);
  return sections.filter((section) => (named ? named.includes(section.id) : !args[`skip-${section.id}`]));
}

/** The files of GENERATED: rewritten only by a complete run into bench/RESULTS.md, or into the files --bench-readme / --doc FILE=PATH name. */
async function writeDocs(data, complete) {
  const targets = { 'bench/README.md': args['bench-readme'] };
  for (const pair of args.doc ?? []) {
    const [file, path] = pair.split(/=(.*)/s);
    if (!(file in GENERATED) || !path) throw new Error(`--doc ${pair}: give FILE=PATH, FILE one of ${Object.keys(GENERATED).join(', ')}`);
    targets[file] = path;
  }
  for (const [file, renderers] of Object.entries(GENERATED)) {
    const path = targets[file] ?? (complete ? join(root, file) : undefined);
    if (!path) continue;
    await writeFile(path, withGeneratedBlocks(await readFile(path, 'utf8'), renderers, data, file));
    progress(`wrote the generated figures of ${path}`);
  }
  if (!complete && !args['bench-readme'] && !args.doc) progress(`${Object.keys(GENERATED).join(', ')} left as they are: only a complete run into bench/RESULTS.md (no --only, --part, --skip-* or --credchain) rewrites their figures`);
}

async function main() {
  const started = performance.now();
  const bench = {
    args,
    credchainUrl,
    rounds: wholeNumber('rounds', { min: 1 }),
    warmRounds: wholeNumber('warm-rounds'),
    scalingRounds: wholeNumber('scaling-rounds', { min: 1 }),
  };
  wholeNumber('in-process-rounds', { min: 1 });
  try {
    await readFile(new URL(credchainUrl));
  } catch {
    throw new Error(`${credchainUrl} is missing: run \`npm run build\` (or \`npm run bench\`, which builds first)`);
  }
  const chosen = chosenSections();
  // A complete run into bench/RESULTS.md rewrites the generated doc blocks (and the parts' own doc files).
  bench.writesDocs = !args['no-results'] && chosen.length === sections.length && !args.only && !args.credchain && resolve(args.results) === DEFAULT_RESULTS;
  const machine = { ...(await describeMachine()), emulator: await startEmulatorIfBuilt(), closedUrl: await closedLoopbackUrl() };
  bench.machine = machine;
  try {
    // One unmeasured start per library first, so the first measured round does not pay for a cold disk cache.
    const warm = await prepare(scenarios[0], machine);
    for (const lib of ['credchain', 'sdk']) await spawnNode(COLD_CHILD, [lib, credchainUrl], { env: warm.env, cwd: warm.home });
    await rm(warm.home, { recursive: true, force: true });

    const done = [];
    for (const section of chosen) {
      const sectionStart = performance.now();
      const result = await section.run(bench);
      done.push({ id: section.id, title: section.title, report: section.report(result, bench) });
      progress(`${section.id} done (${((performance.now() - sectionStart) / 1000).toFixed(1)} s)`);
    }

    machine.loadAtEnd = os.loadavg()[0].toFixed(2);
    process.stdout.write(`${terminalReport({ machine, sections: done })}\n`);
    if (!args['no-results']) {
      const command = `node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
      const page = resultsPage({ machine, command, durationS: (performance.now() - started) / 1000, rounds: bench.rounds, sections: done });
      await writeFile(args.results, page);
      progress(`wrote ${args.results}`);
      await writeDocs(resultsData(page), bench.writesDocs);
    }
    progress(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Wrong answers make the run fail; a missed speed target does not (it is reported in the table).
    if (done.some((section) => section.report.failed)) process.exitCode = 1;
  } finally {
    await machine.emulator?.close();
  }
}

await main();
