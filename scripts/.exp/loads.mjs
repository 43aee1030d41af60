// Prints, per bench scenario, the dist files a credchain cold start loads (given a dist/index.js path).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COLD_CHILD, closedLoopbackUrl, prepare, root, spawnNode, startEmulatorIfBuilt } from '../../bench/harness.mjs';
import { scenarios } from '../../bench/scenarios.mjs';
const url = pathToFileURL(process.argv[2]).href;
const base = url.slice(0, url.lastIndexOf('/') + 1);
const machine = { emulator: await startEmulatorIfBuilt(), closedUrl: await closedLoopbackUrl() };
for (const s of scenarios) {
  const p = await prepare(s, machine);
  const run = await spawnNode(COLD_CHILD, ['credchain', url], { env: p.env, cwd: p.home, nodeArgs: ['--import', join(root, 'test/support/trace-loads.mjs')] });
  const files = run.stderr.split('\n').filter((l) => l.startsWith('load ' + base)).map((l) => l.slice(5 + base.length));
  console.log(`${s.id.padEnd(18)} ${String(files.length).padStart(2)} ${run.result?.ok ? 'ok ' : 'err'} ${files.join(' ')}`);
  await rm(p.home, { recursive: true, force: true });
}
await machine.emulator?.close();
