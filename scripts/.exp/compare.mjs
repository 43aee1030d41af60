// node scripts/.exp/compare.mjs <runs> <scenario,...> <label=path/index.js> ...  — interleaved cold starts, credchain only.
import { rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { COLD_CHILD, closedLoopbackUrl, prepare, spawnNode, startEmulatorIfBuilt } from '../../bench/harness.mjs';
import { scenarios } from '../../bench/scenarios.mjs';
const [runs, only, ...builds] = process.argv.slice(2);
const variants = builds.map((b) => { const [label, path] = b.split('='); return { label, url: pathToFileURL(path).href }; });
const machine = { emulator: await startEmulatorIfBuilt(), closedUrl: await closedLoopbackUrl() };
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const s of scenarios.filter((s) => only.split(',').includes(s.id))) {
  const p = await prepare(s, machine);
  const res = Object.fromEntries(variants.map((v) => [v.label, []]));
  for (let i = 0; i < Number(runs); i++) {
    const order = i % 2 ? [...variants].reverse() : variants;
    for (const v of order) { const r = await spawnNode(COLD_CHILD, [process.env.LIB ?? 'credchain', v.url], { env: p.env, cwd: p.home }); if (!r.result) { console.log(r.stderr); continue; } res[v.label].push(r.result); }
  }
  for (const v of variants) { const r = res[v.label]; console.log(`${s.id.padEnd(18)} ${v.label.padEnd(10)} import ${med(r.map((x) => x.importMs)).toFixed(2).padStart(6)}  resolve ${med(r.map((x) => x.resolveMs)).toFixed(2).padStart(6)}  sum ${med(r.map((x) => x.importMs + x.resolveMs)).toFixed(2).padStart(6)}  ok ${r.every((x) => x.ok) ? 'y' : 'n'}`); }
  await rm(p.home, { recursive: true, force: true });
}
await machine.emulator?.close();
