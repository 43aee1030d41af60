// How long each test lane takes and how many tests it runs, and how long the first command of the
// README (`npx credchain demo`) takes (docs/development.md, "How long the tests take"): every lane run
// RUNS times as a developer runs it (`npm test`, `npm run test:unit`, `npm run test:package`, whatever
// is cached — dist/'s build stamp, the packed tarball — used as it would be), timed on the wall clock,
// counted from vitest's JSON report. The load average is printed beside each run: on a shared machine
// the times mean little without it. `--write` puts the table into docs/development.md's generated
// `lanes` block (bench/docs.mjs; the README quotes it, test/docs/front-page.test.ts checks the quote). Run it offline, like the tests:
//
//   ../shared/tools/offline node bench/lanes.mjs --runs 3 --write
//   ../shared/tools/offline node bench/lanes.mjs --runs 1 --lanes unit

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withGeneratedBlocks } from './docs.mjs';
import { median } from './stats.mjs';

const root = new URL('..', import.meta.url).pathname;
const LANES = {
  unit: ['run', 'test:unit'],
  full: ['test'],
  package: ['run', 'test:package'],
};
/** Not a test lane: the README's first command, timed the same way (no tests counted). */
const DEMO = ['credchain', 'demo'];
const LANES_DOC = join(root, 'docs/development.md');

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, lanes: { type: 'string', default: 'unit,full,package,demo' }, write: { type: 'boolean', default: false } },
});
const runs = Number(args.runs);
const chosen = args.lanes.split(',');
for (const lane of chosen) if (!(lane in LANES) && lane !== 'demo') throw new Error(`bench/lanes.mjs: no lane "${lane}" (lanes: ${[...Object.keys(LANES), 'demo'].join(', ')})`);
if (args.write && chosen.length < 4) throw new Error('bench/lanes.mjs: --write needs every lane (leave out --lanes)');

/** One run of `npm ARGS -- --reporter=json`: wall time, tests run and passed, load average before. */
function runLane(npmArgs) {
  const dir = mkdtempSync(join(os.tmpdir(), 'credchain-lanes-'));
  const report = join(dir, 'report.json');
  const load = os.loadavg()[0];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', [...npmArgs, '--', '--reporter=json', `--outputFile=${report}`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      try {
        const { numTotalTests, numPassedTests, numPendingTests, numFailedTests, testResults } = JSON.parse(readFileSync(report, 'utf8'));
        const failed = testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === 'failed').map((test) => `${file.name.slice(root.length)} > ${test.fullName}`));
        if (code !== 0 || numFailedTests > 0) reject(new Error(`npm ${npmArgs.join(' ')} failed (exit ${code}, ${numFailedTests} failed${failed.length ? `: ${failed.join('; ')}` : ''})`));
        else resolve({ seconds, ran: numTotalTests - numPendingTests, passed: numPassedTests, load });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** One run of `npx credchain demo`: wall time and load average before; its output is not kept. */
function runDemo() {
  const load = os.loadavg()[0];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npx', DEMO, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, ran: undefined, load }) : reject(new Error(`npx ${DEMO.join(' ')} failed (exit ${code})`))));
  });
}

const rows = [];
for (const lane of chosen) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const result = lane === 'demo' ? await runDemo() : await runLane(LANES[lane]);
    process.stderr.write(`${lane} run ${i + 1}: ${result.seconds.toFixed(1)} s${result.ran === undefined ? '' : `, ${result.ran} tests`}, load ${result.load.toFixed(2)}\n`);
    results.push(result);
  }
  rows.push({ lane, command: lane === 'demo' ? `npx ${DEMO.join(' ')}` : `npm ${LANES[lane].join(' ')}`, results });
}

const cores = os.availableParallelism();
const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
const lines = [
  `\`npm run bench:lanes -- --runs ${runs}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, npm ${npmVersion}, ${cores} cores; ${runs} run${runs === 1 ? '' : 's'} per lane (wall seconds, median; the load average when each run started):`,
  '',
  '| lane | command | tests run | wall, median | runs | load |',
  '|---|---|---|---|---|---|',
];
for (const { lane, command, results } of rows) {
  const seconds = results.map((r) => r.seconds);
  lines.push(
    `| ${lane} | \`${command}\` | ${results[0].ran ?? '—'} | ${median(seconds).toFixed(1)} s | ${seconds.map((s) => s.toFixed(1)).join(', ')} | ${results.map((r) => r.load.toFixed(1)).join(', ')} |`,
  );
}
console.log(lines.join('\n'));

if (args.write) {
  writeFileSync(LANES_DOC, withGeneratedBlocks(readFileSync(LANES_DOC, 'utf8'), { lanes: () => lines.join('\n') }, undefined, 'docs/development.md'));
  process.stderr.write('bench lanes: the table written into docs/development.md\n');
}
