// node scripts/.exp/prof.mjs <profile.cpuprofile> <fromUs> <toUs> : self time per function+url in the window
import { readFileSync } from 'node:fs';
const [file, from, to] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map(); let at = p.startTime;
p.samples.forEach((id, i) => { at += p.timeDeltas[i] ?? 0; if (at < +from || at > +to) return; const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|v-[A-Z]+)\//, '$1/')}`; self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i] ?? 0)); });
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
console.log('total', [...self.values()].reduce((a, b) => a + b, 0) / 1000);
for (const [k, us] of rows) console.log((us / 1000).toFixed(2).padStart(6), k);
