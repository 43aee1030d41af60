// Builds dist/: rolldown bundles src/ into ESM with code splitting, tsc emits the type declarations.
// Why a bundler, why rolldown and why these groups, with the numbers: bench/README.md, Analysis §1.
//
//   node scripts/build.mjs            # overwrite dist/ in place (concurrent test runs never see it empty)
//   node scripts/build.mjs --clean    # start from nothing (npm run build)
//   node scripts/build.mjs --out /tmp/other --no-types   # a second build to compare (bench --credchain)
//
// Shape: `import 'credchain'` loads ONE file, dist/index.js, holding the eager core (the static import
// closure of src/index.ts: chain, context, errors, credentials, source order, env). Everything else
// is loaded on first use, in a few files of code that is always needed together (GROUPS below) —
// Node's ESM loader pays ~0.4–1 ms per file, so fewer files is the point. A dynamically imported module
// outside the groups keeps its source path (dist/sigv4/sign.js, dist/cli/whoami.js…); other shared
// code goes to dist/chunks/. Third-party packages and node: built-ins stay external. The bundler
// starts each module with a `// src/<path>.ts` line: test/support/loaded-modules.ts maps loaded
// files back to source modules with it.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const { values: args } = parseArgs({ options: { clean: { type: 'boolean' }, out: { type: 'string' }, 'no-types': { type: 'boolean' } } });
const dist = resolve(root, args.out ?? 'dist');

/** The files people import by path: the package entry, the CLI (package.json "bin") and the emulator. */
const ENTRIES = { index: 'index.ts', 'cli/main': 'cli/main.ts', 'emulator/index': 'emulator/index.ts' };

/**
 * Modules that are always loaded together share one file (paths relative to src/, a trailing / is a
 * directory). Each group is loaded only when the chain reaches it; the rest is left to the bundler.
 * Files loaded per scenario: bench/README.md, Analysis §1.
 */
const GROUPS = [
  // `import 'credchain'`: the static closure of src/index.ts (computed below), plus the file reader
  // every resolution that env does not answer uses (1 kB; it also makes index.js the home of the
  // bundler's namespace helper, which every lazily loaded group needs: not a file of its own).
  { name: 'index', files: ['io/files.ts'], core: true },
  // Consulted in a row whenever env does not answer: sso (options only), profile, process, shared config.
  { name: 'profile', files: ['providers/sso.ts', 'providers/profile.ts', 'providers/process.ts', 'config/'] },
  // Then web identity, container, IMDS: their env-only checks, the HTTP and retry code every network
  // source needs, and the rest of the container client (small; ECS/EKS then need no other file).
  {
    name: 'platform',
    files: ['providers/web-identity.ts', 'providers/container.ts', 'providers/imds.ts', 'metadata/container-url.ts', 'metadata/reply.ts', 'metadata/retry.ts', 'io/http.ts', 'retry.ts'],
  },
  // What a configured source loads: the endpoint resolver (STS, SSO, IMDS; before the groups that
  // use it, which would otherwise take it in), the IMDS client, STS, SSO.
  { name: 'endpoint', files: ['endpoint.ts'] },
  { name: 'imds', files: ['metadata/'] },
  { name: 'sts', files: ['sts/'] },
  { name: 'sso', files: ['sso/'] },
  // An `aws login` profile: the cached-keys path in one file, the refresh (DPoP, sign-in endpoint, token
  // call) in another, loaded only when the keys are within 5 minutes of expiry.
  { name: 'login', files: ['providers/login.ts', 'login/session.ts', 'login/cache.ts', 'login/problem.ts'] },
  { name: 'login-refresh', files: ['login/'] },
];
const GROUP_NAMES = new Set(GROUPS.map((group) => group.name));
const CORE_ROOT = join(src, 'index.ts');

function inGroup(files, id) {
  if (!id.startsWith(src + sep)) return false;
  const path = relative(src, id).split(sep).join('/');
  return files.some((file) => (file.endsWith('/') ? path.startsWith(file) : path === file));
}

if (args.clean) rmSync(dist, { recursive: true, force: true });

/** The static import closure of src/index.ts, found in the bundler's own module graph once it is built. */
const core = new Set();
const coreClosure = {
  name: 'credchain-core-closure',
  buildEnd() {
    const pending = [CORE_ROOT];
    while (pending.length > 0) {
      const id = pending.pop();
      if (core.has(id)) continue;
      core.add(id);
      pending.push(...(this.getModuleInfo(id)?.importedIds ?? []).filter((dep) => dep.startsWith(src + sep)));
    }
  },
};

const bundle = await rolldown({
  input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(src, file)])),
  platform: 'node',
  // Bare specifiers (node: built-ins, bson) are never bundled: Node has them, npm installs them.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  // Lets the eager core live in dist/index.js itself (not in a chunk behind a one-line facade),
  // at the price of a few short-named internal exports next to the public ones.
  preserveEntrySignatures: 'allow-extension',
  plugins: [coreClosure],
  // Grouping puts lazily imported modules into shared files on purpose: "this import() will not
  // split the module off" is the point, not a problem.
  onLog: (level, log, report) => (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' ? undefined : report(level, log)),
  logLevel: 'warn',
});
const { output } = await bundle.write({
  dir: dist,
  format: 'esm',
  entryFileNames: '[name].js',
  // A dynamically imported module keeps its source path, so tests and tools can name it; shared code is hashed.
  chunkFileNames: (chunk) =>
    !GROUP_NAMES.has(chunk.name) && chunk.facadeModuleId?.startsWith(src + sep) ? relative(src, chunk.facadeModuleId).replace(/\.ts$/, '.js') : 'chunks/[name]-[hash].js',
  codeSplitting: { groups: GROUPS.map(({ name, files, core: isCore }) => ({ name, test: (id) => (isCore && core.has(id)) || inGroup(files, id) })) },
});
await bundle.close();

// In-place builds: remove what an earlier build wrote and this one did not (renamed chunks, tsc-era files).
const written = new Set(output.map((file) => join(dist, file.fileName)));
pruneStale(dist, (path) => path.endsWith('.js') && !written.has(path));

if (!args['no-types']) {
  const require = createRequire(import.meta.url);
  let listed;
  try {
    listed = execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly', '--outDir', dist, '--listEmittedFiles'], {
      cwd: root,
      encoding: 'utf8',
    });
  } catch (error) {
    // tsc reports type errors on stdout, mixed with the list of emitted files.
    process.stderr.write(String(error.stdout ?? '').split('\n').filter((line) => !line.startsWith('TSFILE: ')).join('\n'));
    throw new Error('credchain build: tsc failed (type errors above)');
  }
  const declarations = new Set(listed.split('\n').filter((line) => line.startsWith('TSFILE: ')).map((line) => resolve(line.slice(8).trim())));
  pruneStale(dist, (path) => path.endsWith('.d.ts') && !declarations.has(path));
}

chmodSync(join(dist, 'cli/main.js'), 0o755);

function pruneStale(dir, isStale) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      pruneStale(path, isStale);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (isStale(path)) rmSync(path);
  }
}
