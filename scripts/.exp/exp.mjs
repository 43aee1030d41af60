import { rolldown } from 'rolldown';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
const root = '/work/main';
const src = join(root, 'src');
function walk(d) { return readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(d, e.name)] : []); }
const entries = new Set(['index.ts', 'cli/main.ts', 'emulator/index.ts'].map((f) => join(src, f)));
for (const file of walk(src)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)\.js'\s*\)/g)) entries.add(resolve(dirname(file), m[1] + '.ts'));
}
const input = Object.fromEntries([...entries].map((f) => [relative(src, f).replace(/\.ts$/, ''), f]));
console.log(Object.keys(input).length, Object.keys(input).join(' '));
const t = performance.now();
const bundle = await rolldown({ input, platform: 'node', external: (id) => !id.startsWith('.') && !id.startsWith('/') , logLevel: 'info' });
const out = await bundle.write({ dir: process.argv[2] ?? '/tmp/cc-build/out', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', minify: process.argv[3] === 'min' });
console.log('ms', performance.now() - t);
for (const c of out.output) if (c.type === 'chunk') console.log(c.fileName, c.code.length, c.isEntry ? 'entry' : 'chunk', c.imports.join(','));
