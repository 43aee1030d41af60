// node scripts/.exp/variant.mjs <outdir> <variant>  — bundled build variants for measurement.
import { rolldown } from 'rolldown';
import { join, relative, sep } from 'node:path';
import { rmSync } from 'node:fs';
const root = '/work/main', src = join(root, 'src');
const [out, variant] = process.argv.slice(2);
rmSync(out, { recursive: true, force: true });
const core = new Set();
const plugin = { name: 'core', buildEnd() { const p = [join(src, 'index.ts')]; while (p.length) { const id = p.pop(); if (core.has(id)) continue; core.add(id); p.push(...(this.getModuleInfo(id)?.importedIds ?? []).filter((d) => d.startsWith(src + sep))); } } };
const rel = (id) => (id.startsWith(src + sep) ? relative(src, id) : id);
const has = (list) => (id) => list.includes(rel(id));
const PROFILE = ['providers/sso.ts', 'providers/profile.ts', 'providers/process.ts', 'config/load.ts', 'config/locate.ts', 'config/merge.ts', 'config/parse.ts', 'config/plan.ts'];
const PLATFORM = ['providers/web-identity.ts', 'providers/container.ts', 'providers/imds.ts', 'metadata/container-url.ts'];
const NET = ['io/http.ts', 'retry.ts'];
const dir = (d) => (id) => rel(id).startsWith(d + '/');
const HEAVY = [{ name: 'metadata', test: dir('metadata') }, { name: 'sts', test: dir('sts') }, { name: 'sso', test: dir('sso') }];
const variants = {
  plain: [{ name: 'index', test: (id) => core.has(id) }],
  files: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }],
  two: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }, { name: 'profile', test: has(PROFILE) }, { name: 'platform', test: has([...PLATFORM, ...NET]) }],
  one: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }, { name: 'providers', test: has([...PROFILE, ...PLATFORM, ...NET]) }],
  onenonet: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }, { name: 'providers', test: has([...PROFILE, ...PLATFORM]) }, { name: 'net', test: has(NET) }],
  A: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }, { name: 'providers', test: has([...PROFILE, ...PLATFORM, ...NET]) }, ...HEAVY],
  B: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }, { name: 'providers', test: has([...PROFILE, ...PLATFORM, ...NET, 'endpoint.ts']) }, ...HEAVY],
  C: [{ name: 'index', test: (id) => core.has(id) || rel(id) === 'io/files.ts' }, { name: 'profile', test: has(PROFILE) }, { name: 'platform', test: has([...PLATFORM, ...NET]) }, ...HEAVY],
};
const bundle = await rolldown({ input: { index: join(src, 'index.ts'), 'cli/main': join(src, 'cli/main.ts'), 'emulator/index': join(src, 'emulator/index.ts') }, platform: 'node', external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'), preserveEntrySignatures: 'allow-extension', plugins: [plugin], logLevel: 'warn', onLog: (l, log, d) => log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' || d(l, log) });
const { output } = await bundle.write({ dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: (c) => (c.facadeModuleId?.startsWith(src + sep) ? relative(src, c.facadeModuleId).replace(/\.ts$/, '.js') : 'chunks/[name]-[hash].js'), codeSplitting: { groups: variants[variant] } });
for (const c of output) if (!c.isEntry || c.name === 'index') if (process.env.V) console.log(c.fileName, c.code.length, c.moduleIds.map(rel).join(' '));
