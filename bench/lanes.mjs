// How long each test lane takes and how many tests it runs (README, "Development"): every lane run
// RUNS times as a developer runs it (`npm test`, `npm run test:unit`, `npm run test:package`, whatever
// is cached — dist/'s build stamp, the packed tarball — used as it would be), timed on the wall clock,
// counted from vitest's JSON report. The load average is printed beside each run: on a shared machine
// the times mean little without it. Run it offline, like the tests:
//
//   ../shared/tools/offline node bench/lanes.mjs --runs 3
//   ../shared/tools/offline node bench/lanes.mjs --runs 1 --lanes unit

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './stats.mjs';

const root = new URL('..', import.meta.url).pathname;
const LANES = {
  unit: ['run', 'test:unit'],
  full: ['test'],
  package: ['run', 'test:package'],
};

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, lanes: { type: 'string', default: 'unit,full,package' } } });
const runs = Number(args.runs);
const chosen = args.lanes.split(',');
for (const lane of chosen) if (!(lane in LANES)) throw new Error(`bench/lanes.mjs: no lane "${lane}" (lanes: ${Object.keys(LANES).join(', ')})`);

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
        const { numTotalTests, numPassedTests, numPendingTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8'));
        if (code !== 0 || numFailedTests > 0) reject(new Error(`npm ${npmArgs.join(' ')} failed (exit ${code}, ${numFailedTests} failed)`));
        else resolve({ seconds, ran: numTotalTests - numPendingTests, passed: numPassedTests, load });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const rows = [];
for (const lane of chosen) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const result = await runLane(LANES[lane]);
    process.stderr.write(`${lane} run ${i + 1}: ${result.seconds.toFixed(1)} s, ${result.ran} tests, load ${result.load.toFixed(2)}\n`);
    results.push(result);
  }
  rows.push({ lane, command: `npm ${LANES[lane].join(' ')}`, results });
}

const cores = os.availableParallelism();
const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
console.log(`Node ${process.version}, npm ${npmVersion}, ${cores} cores; ${runs} run${runs === 1 ? '' : 's'} per lane (wall seconds; load average when each run started)\n`);
console.log('| lane | command | tests run | wall, median | runs | load |');
console.log('|---|---|---|---|---|---|');
for (const { lane, command, results } of rows) {
  const seconds = results.map((r) => r.seconds);
  console.log(
    `| ${lane} | \`${command}\` | ${results[0].ran} | ${median(seconds).toFixed(1)} s | ${seconds.map((s) => s.toFixed(1)).join(', ')} | ${results.map((r) => r.load.toFixed(1)).join(', ')} |`,
  );
}
