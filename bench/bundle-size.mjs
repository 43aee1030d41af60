// What credchain adds to a bundled MongoDB Lambda handler when it is installed under the
// `@aws-sdk/credential-providers` name (the driver `require`s that name for MONGODB-AWS): the handler
// bundled and minified with mongodb alone, then with credchain as the SDK, gzip sizes compared.
// Two shapes per bundler: one file (every byte ships and loads), and ESM with code splitting (the
// entry chunk is what a cold start loads; credchain's lazily loaded groups become chunks of their own).
//
//   node bench/bundle-size.mjs                       # the bundlers found in node_modules
//   node bench/bundle-size.mjs --package /tmp/pack   # another build (a directory with package.json + dist/)
//
// `bundleSizes()` can be called from another bench. Bundlers: rolldown (a
// devDependency) and esbuild when it is installed (skipped otherwise); webpack is not measured here.

import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const SDK_NAME = '@aws-sdk/credential-providers';
/** The driver's optional dependencies: not installed, never bundled (its require()s of them sit in try/catch). */
const DRIVER_OPTIONAL = ['kerberos', '@mongodb-js/zstd', 'gcp-metadata', 'snappy', 'socks', 'mongodb-client-encryption', '@aws-sdk/credential-providers'];
const HANDLER = `import { MongoClient } from 'mongodb';
// Outside the handler, as Lambda guidance says: one client per execution environment.
const client = new MongoClient(process.env.MONGODB_URI, { authMechanism: 'MONGODB-AWS' });
export const handler = async () => client.db('app').command({ ping: 1 });
`;

/**
 * A throwaway project: the handler, the repo's node_modules linked in, and — for `withCredchain` —
 * credchain's package.json and dist/ copied to node_modules/@aws-sdk/credential-providers (what
 * `overrides` / an npm alias installs). The real SDK is never reachable from it.
 */
async function project(packageDir, withCredchain) {
  const dir = await mkdtemp(join(os.tmpdir(), 'credchain-bundle-'));
  await mkdir(join(dir, 'node_modules', '@aws-sdk'), { recursive: true });
  for (const entry of await readdir(join(root, 'node_modules'))) {
    if (entry === '@aws-sdk' || entry.startsWith('.')) continue;
    await symlink(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  if (withCredchain) {
    const target = join(dir, 'node_modules', SDK_NAME);
    await mkdir(target, { recursive: true });
    await cp(join(packageDir, 'package.json'), join(target, 'package.json'));
    await cp(join(packageDir, 'dist'), join(target, 'dist'), { recursive: true });
  }
  await writeFile(join(dir, 'handler.mjs'), HANDLER);
  return dir;
}

/**
 * Each bundler: (project dir, split?, external) → `{ initial, all }`, the texts of the chunks a cold start
 * loads (the entry and what it imports statically) and of every chunk. Undefined when not installed.
 */
const BUNDLERS = {
  async rolldown(dir, split, external) {
    const { rolldown } = await import('rolldown');
    // Symlinks not followed: resolution walks up from the project, where credchain stands in for the SDK.
    const bundle = await rolldown({ input: join(dir, 'handler.mjs'), platform: 'node', external, resolve: { symlinks: false }, logLevel: 'silent' });
    const { output } = await bundle.generate({ format: split ? 'esm' : 'cjs', minify: true, codeSplitting: split });
    await bundle.close();
    const chunks = new Map(output.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
    const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
    return { initial: staticClosure(entry.fileName, (name) => chunks.get(name).imports.filter((imported) => chunks.has(imported))).map((name) => chunks.get(name).code), all: [...chunks.values()].map((chunk) => chunk.code) };
  },
  async esbuild(dir, split, external) {
    const esbuild = await importInstalled('esbuild');
    if (!esbuild) return undefined;
    const result = await esbuild.build({
      entryPoints: [join(dir, 'handler.mjs')],
      bundle: true,
      minify: true,
      platform: 'node',
      format: split ? 'esm' : 'cjs',
      splitting: split,
      outdir: join(dir, 'out'),
      write: false,
      metafile: true,
      absWorkingDir: dir,
      preserveSymlinks: true,
      external,
      logLevel: 'silent',
    });
    const texts = new Map(result.outputFiles.map((file) => [relative(dir, file.path), file.text]));
    const imports = (name) => result.metafile.outputs[name].imports.filter((imported) => imported.kind === 'import-statement' && texts.has(imported.path)).map((imported) => imported.path);
    return { initial: staticClosure('out/handler.js', imports).map((name) => texts.get(name)), all: [...texts].filter(([name]) => name.endsWith('.js')).map(([, text]) => text) };
  },
};

/** `entry` and every chunk it imports statically, transitively: what loads before the handler runs. */
function staticClosure(entry, importsOf) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...importsOf(name));
  }
  return [...seen];
}

async function importInstalled(name) {
  try {
    return await import(createRequire(join(root, 'package.json')).resolve(name));
  } catch {
    return undefined;
  }
}

const gzip = (text) => gzipSync(text, { level: 9 }).length;

/**
 * Sizes of the handler bundled with mongodb alone and with credchain as the SDK, per bundler and shape:
 * `[{ bundler, shape: 'one file' | 'split', alone, withCredchain, added }]`, each `{ bytes, gzip }` of what
 * a cold start loads (the one file, or the entry chunk and the chunks it imports statically, each
 * gzipped on its own) plus `allGzip` (every chunk) and `chunks`.
 */
export async function bundleSizes({ packageDir = root, bundlers = Object.keys(BUNDLERS) } = {}) {
  const dirs = { alone: await project(packageDir, false), withCredchain: await project(packageDir, true) };
  const rows = [];
  try {
    for (const bundler of bundlers) {
      for (const split of [false, true]) {
        const sizes = {};
        for (const [setup, dir] of Object.entries(dirs)) {
          const external = DRIVER_OPTIONAL.filter((name) => setup === 'alone' || name !== SDK_NAME);
          const files = await BUNDLERS[bundler](dir, split, external);
          if (!files) break;
          const total = (texts) => ({ bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0), gzip: texts.reduce((sum, text) => sum + gzip(text), 0) });
          sizes[setup] = { ...total(files.initial), allGzip: total(files.all).gzip, chunks: files.all.length };
        }
        if (!sizes.withCredchain) continue;
        rows.push({ bundler, shape: split ? 'split' : 'one file', ...sizes, added: { gzip: sizes.withCredchain.gzip - sizes.alone.gzip, allGzip: sizes.withCredchain.allGzip - sizes.alone.allGzip } });
      }
    }
  } finally {
    await Promise.all(Object.values(dirs).map((dir) => rm(dir, { recursive: true, force: true })));
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { package: { type: 'string' } } });
  const rows = await bundleSizes({ packageDir: resolve(values.package ?? root) });
  const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log('bundler   shape     mongodb alone  + credchain as the SDK  credchain adds (loaded at start, gzip)  all chunks added (gzip)');
  for (const row of rows) {
    console.log(
      `${row.bundler.padEnd(9)} ${row.shape.padEnd(9)} ${kB(row.alone.gzip).padStart(13)}  ${kB(row.withCredchain.gzip).padStart(21)}  ${kB(row.added.gzip).padStart(38)}  ${kB(row.added.allGzip).padStart(23)} (${row.withCredchain.chunks} chunks)`,
    );
  }
}
