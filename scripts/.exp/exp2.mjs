import { rolldown } from 'rolldown';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
const root = '/work/main';
const src = join(root, 'src');
const mode = process.argv[3] ?? 'entries';
function walk(d) { return readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(d, e.name)] : []); }
const entries = new Set(['index.ts', 'cli/main.ts', 'emulator/index.ts'].map((f) => join(src, f)));
if (mode !== 'noentries') for (const file of walk(src)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)\.js'\s*\)/g)) entries.add(resolve(dirname(file), m[1] + '.ts'));
}
const input = Object.fromEntries([...entries].map((f) => [relative(src, f).replace(/\.ts$/, ''), f]));
const eager = new Set();
const plugin = {
  name: 'eager-closure',
  buildEnd() {
    const start = join(src, 'index.ts');
    const todo = [start];
    while (todo.length) { const id = todo.pop(); if (eager.has(id)) continue; eager.add(id); const info = this.getModuleInfo(id); for (const d of info?.importedIds ?? []) if (d.startsWith(src)) todo.push(d); }
    console.log('eager', [...eager].map((f) => relative(src, f)).join(' '));
  },
};
const t = performance.now();
const bundle = await rolldown({ input, platform: 'node', preserveEntrySignatures: process.env.PES || 'strict', external: (id) => !id.startsWith('.') && !id.startsWith('/'), plugins: [plugin] });
const groups = mode === "core" || mode === "noentries" ? [{ name: 'core', test: (id) => eager.has(id) && !id.endsWith('src/index.ts') }] : mode === 'core-all' ? [{ name: 'core', test: (id) => eager.has(id) }] : [];
const out = await bundle.write({ dir: process.argv[2], format: "esm", entryFileNames: "[name].js", chunkFileNames: (c) => c.facadeModuleId && c.facadeModuleId.startsWith(src) ? relative(src, c.facadeModuleId).replace(/\.ts$/, ".js") : "chunks/[name]-[hash].js", codeSplitting: { groups } });
console.log('ms', performance.now() - t);
for (const c of out.output) if (c.type === 'chunk') console.log(c.fileName, c.code.length, c.isEntry ? 'entry' : 'chunk', c.imports.join(','), c.isEntry ? '' : c.moduleIds.map((f) => relative(src, f)).join(' '));
