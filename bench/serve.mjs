// The `serve` scenario: N cold client processes started at once, getting credentials (a) through one
// `credchain serve` with the container variables, or (b) each running its own chain (the SDK's
// fromNodeProviderChain(), or credchain's credentialChain()) on a profile that assumes a role. Side by
// side: upstream STS calls seen by the loopback emulator and the wall time until every client has
// credentials (median of --runs batches). Nothing leaves the machine. `--write` puts the table into
// docs/performance.md's generated `serve` block (bench/docs.mjs).
//
//   npm run build && node bench/serve.mjs --clients 20 --runs 3 --write

import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withGeneratedBlocks } from './docs.mjs';
import { COLD_CHILD, CREDCHAIN_URL, progress, root, spawnNode } from './harness.mjs';
import { startServeProcess } from './serve-process.mjs';
import { median } from './stats.mjs';

const { values: args } = parseArgs({ options: { clients: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' }, write: { type: 'boolean', default: false } } });
const PERFORMANCE_DOC = join(root, 'docs/performance.md');
const clients = Number(args.clients);
const runs = Number(args.runs);
if (!Number.isInteger(clients) || clients < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('--clients and --runs must be positive integers');

const KEY_ID = 'AKIABENCHSERVE222222';
const SECRET = 'benchServeSecretKey00000000000000000000e';

async function main() {
  const { startEmulator } = await import(new URL('../dist/emulator/index.js', import.meta.url).href);
  const emulator = await startEmulator({ scenario: { users: { bench: { accessKeyId: KEY_ID, secretAccessKey: SECRET } } } });
  const home = await mkdtemp(join(os.tmpdir(), 'credchain-bench-serve-'));
  try {
    await mkdir(join(home, '.aws'));
    await writeFile(join(home, '.aws/config'), `[profile app]\nrole_arn = ${emulator.scenario.roles['app-role'].arn}\nsource_profile = base\n`, { mode: 0o600 });
    await writeFile(join(home, '.aws/credentials'), `[base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`, { mode: 0o600 });
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' };
    const ownChain = { ...base, AWS_PROFILE: 'app' };
    const secrets = () => [SECRET, ...emulator.secrets()];

    /** One batch: `clients` cold processes at once; wall = first spawn to last exit. */
    async function batch(lib, env) {
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: clients }, () => spawnNode(COLD_CHILD, [lib, CREDCHAIN_URL], { env, cwd: root })));
      const wallMs = performance.now() - started;
      const leaked = results.some((run) => secrets().some((secret) => (run.stdout + run.stderr).includes(secret)));
      const failed = results.find((run) => !run.result?.ok);
      if (leaked) throw new Error(`${lib}: a client printed a secret`);
      if (failed) throw new Error(`${lib}: a client failed: ${failed.result?.error ?? failed.stderr.trim().slice(-300)}`);
      return { wallMs, keys: new Set(results.map((run) => run.result.accessKeyId)), resolveMs: median(results.map((run) => run.result.resolveMs)) };
    }

    const rows = [];
    for (const lib of ['sdk', 'credchain']) {
      const walls = [];
      const resolves = [];
      let upstream = 0;
      let ownKeys = 0;
      for (let i = 0; i < runs; i += 1) {
        progress(`serve bench: ${clients} ${lib} clients, each with its own chain (run ${i + 1}/${runs})`);
        emulator.reset();
        const result = await batch(lib, ownChain);
        upstream = emulator.count('sts');
        ownKeys = result.keys.size;
        walls.push(result.wallMs);
        resolves.push(result.resolveMs);
      }
      rows.push({ how: `${lib === 'sdk' ? 'SDK fromNodeProviderChain()' : 'credchain credentialChain()'}, own chain each`, upstream, keys: ownKeys, wallMs: median(walls), resolveMs: median(resolves) });
      const servedWalls = [];
      const servedResolves = [];
      let servedUpstream = 0;
      let startMs = 0;
      let keys = 0;
      for (let i = 0; i < runs; i += 1) {
        progress(`serve bench: ${clients} ${lib} clients through credchain serve (run ${i + 1}/${runs})`);
        emulator.reset();
        const started = performance.now();
        const serve = await startServeProcess(['--profile', 'app'], base);
        startMs = performance.now() - started;
        try {
          const result = await batch(lib, { PATH: base.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...serve.info.env });
          servedWalls.push(result.wallMs);
          servedResolves.push(result.resolveMs);
          keys = result.keys.size;
        } finally {
          await serve.stop();
        }
        servedUpstream = emulator.count('sts');
        if (keys !== 1 || servedUpstream !== 1) throw new Error(`through serve: ${keys} distinct keys, ${servedUpstream} upstream calls (expected 1 and 1)`);
      }
      rows.push({ how: `${lib === 'sdk' ? 'SDK fromNodeProviderChain()' : 'credchain credentialChain()'}, through credchain serve`, upstream: servedUpstream, keys, wallMs: median(servedWalls), resolveMs: median(servedResolves), startMs });
    }

    const header = ['clients get credentials with', 'upstream STS calls', 'distinct keys', `wall ms (${clients} at once)`, 'resolve ms per client'];
    const lines = rows.map((row) => [row.how, String(row.upstream), String(row.keys), `${row.wallMs.toFixed(0)}${row.startMs ? ` (+${row.startMs.toFixed(0)} serve start)` : ''}`, row.resolveMs.toFixed(1)]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
    const format = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
    const table = [
      `\`npm run bench:serve\` on ${new Date().toISOString().slice(0, 10)}: ${clients} cold Node processes at once, profile \`app\` (AssumeRole from static keys), median of ${runs} batches; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}, Node ${process.version}`,
      '',
      format(header),
      format(widths.map((w) => '-'.repeat(w))),
      ...lines.map(format),
    ].join('\n');
    process.stdout.write(`${table}\n`);
    if (args.write) {
      await writeFile(PERFORMANCE_DOC, withGeneratedBlocks(await readFile(PERFORMANCE_DOC, 'utf8'), { serve: () => table }, undefined, 'docs/performance.md'));
      progress('serve bench: the table written into docs/performance.md');
    }
  } finally {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
