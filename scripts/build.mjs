// Builds dist/: rolldown bundles src/ into ESM with code splitting (and the package entry once more
// as CommonJS, dist/cjs/), and rolls the entry's type declarations into one file.
// Why a bundler, why rolldown and why these groups, with the numbers: bench/README.md, Analysis §1.
//
//   node scripts/build.mjs            # overwrite dist/ in place (concurrent test runs never see it empty)
//   node scripts/build.mjs --clean    # start from nothing (npm run build)
//   node scripts/build.mjs --out /tmp/other --no-types   # a second build to compare (bench --credchain)
//   node scripts/build.mjs --clean --no-stamp            # prepack: no dist/.build-stamp in the tarball
//   node scripts/build.mjs --if-stale     # prepare, demo: nothing to do when dist/ is the build of the sources
//
// A build of dist/ writes dist/.build-stamp (a hash of its inputs, scripts/build-stamp.mjs): `--if-stale`
// and the test run build only when the sources changed since. (The first `npx credchain` in a clone
// installs the clone into npx's cache, which runs `prepare` once more: with the stamp it is a no-op.)
//
// Shape: `import 'credchain'` loads TWO files: dist/index.js, which exports the public API and nothing
// else, and dist/chunks/core-<hash>.js, the eager core (the static import closure of src/index.ts:
// chain, context, errors, credentials, source order with each source's "not configured" check, env,
// whether the shared files exist; the bundler's runtime helper is inlined where used). The core
// is a file of its own because lazily loaded code imports internal helpers from it: kept in
// index.js, those would be exports of the package (`Object.keys(await import('credchain'))`). Everything else
// is loaded on first use, in a few files of code that is always needed together (GROUPS below) —
// Node's ESM loader pays ~0.4–1 ms per file, so fewer files is the point. A dynamically imported module
// outside the groups keeps its source path (dist/sigv4/sign.js, dist/cli/whoami.js…); other shared
// code goes to dist/chunks/. Third-party packages and node: built-ins stay external. The bundler
// starts each module with a `// src/<path>.ts` line: test/support/loaded-modules.ts maps loaded
// files back to source modules with it.
//
// CommonJS: `require('credchain')` gets dist/cjs/, the same bundle (entry, core, lazy groups) built
// again as CommonJS (a dist/cjs/package.json says so), so require() never goes through Node's ESM
// loader; lazy loads there are require() calls. Its type declarations are a copy of dist/index.d.ts, which
// TypeScript reads as CommonJS under that package.json (module node16/nodenext). Both copies have
// only per-provider state: docs/library.md, "CommonJS and ESM".

import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rolldown } from 'rolldown';
import { minifySync } from 'rolldown/experimental';
import { dts } from 'rolldown-plugin-dts';
import { buildIsCurrent, sourceHash, writeStamp } from './build-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const { values: args } = parseArgs({ options: { clean: { type: 'boolean' }, out: { type: 'string' }, 'no-types': { type: 'boolean' }, 'no-stamp': { type: 'boolean' }, 'if-stale': { type: 'boolean' } } });
const dist = resolve(root, args.out ?? 'dist');
if (args['if-stale'] && !args.out && buildIsCurrent(root)) process.exit(0);

/**
 * The files people import or run by path: the package entry, the CLI, the emulator and its Atlas
 * stand-in. The CLI's file is package.json's "bin", dist/cli/main.js, built from the executable's shim
 * src/cli/bin.ts (main() inlined): the name it has always had, so scripts and npx caches that run it keep working.
 */
const ENTRIES = { index: 'index.ts', 'cli/main': 'cli/bin.ts', 'emulator/index': 'emulator/index.ts', 'emulator/atlas/index': 'emulator/atlas/index.ts' };
/** The CommonJS build: the package entry only (the CLI and the emulator are run or imported as ESM). */
const CJS_ENTRIES = { index: 'index.ts' };
const CJS_DIR = 'cjs';

/**
 * Modules that are always loaded together share one file (paths relative to src/, a trailing / is a
 * directory). Each group is loaded only when the chain reaches it; the rest is left to the bundler.
 * Files loaded per scenario: bench/README.md, Analysis §1.
 */
const GROUPS = [
  // `import 'credchain'`: the static closure of src/index.ts (computed below) — chain, sources' "not
  // configured" checks, whether the shared files exist — plus what more than one lazily loaded group
  // uses, which in either group would make the other load it: the file reader, the HTTP client and
  // retry policy (container, IMDS, STS, SSO), reading one profile setting. Its own file behind dist/index.js (see Shape).
  { name: 'core', files: ['io/files.ts', 'named-file.ts', 'json-object.ts', 'io/http.ts', 'retry.ts', 'profile-section.ts'], core: true },
  // Loaded when a shared config or credentials file exists (or a profile is named): sso (options only),
  // profile, process, the config parser and planner.
  { name: 'profile', files: ['providers/sso.ts', 'providers/profile.ts', 'providers/process.ts', 'config/'] },
  // A container endpoint is set (ECS, EKS Pod Identity): the source, its URL rules, the reply parser and
  // retry settings it shares with IMDS (which then loads this file too).
  { name: 'container', files: ['providers/container.ts', 'metadata/container-url.ts', 'metadata/reply.ts', 'metadata/retry.ts'] },
  // What a configured source loads: the endpoint resolver (STS, SSO; before the groups that use it,
  // which would otherwise take it in) with the region list STS and SSO suggest from, the clientConfig
  // header helper STS, SSO and sign-in share (each of them resolves an endpoint first: here it makes no
  // group load another), and the web identity source (configured, it reads its token and then needs the
  // STS endpoint: a token file that is missing stops there, before any STS code); the IMDS source and
  // client, STS, SSO.
  { name: 'endpoint', files: ['endpoint.ts', 'known-regions.ts', 'service-client.ts', 'providers/web-identity.ts'] },
  // A provider's clientConfig made concrete for one resolution (STS, SSO, sign-in; also on the `aws
  // login` cached-keys path, for the region): a file of its own, before the sts group, which would
  // otherwise take it in with the STS call it imports (and make SSO and login load STS).
  { name: 'service-client', files: ['providers/service-client.ts'] },
  { name: 'imds', files: ['providers/imds.ts', 'metadata/'] },
  { name: 'sts', files: ['providers/sts-call.ts', 'sts/'] },
  { name: 'sso', files: ['sso/'] },
  // An `aws login` profile: the cached-keys path in one file, the refresh (DPoP, sign-in endpoint, token
  // call) in another, loaded only when the keys are within 5 minutes of expiry.
  { name: 'login', files: ['providers/login.ts', 'login/session.ts', 'login/cache.ts'] },
  { name: 'login-refresh', files: ['login/'] },
];
// A listed file that is not there would silently group nothing (a rename leaves the list behind): refuse to build.
const missingFromGroups = GROUPS.flatMap(({ name, files }) => files.filter((file) => !existsSync(join(src, file))).map((file) => `${name}: ${file}`));
if (missingFromGroups.length > 0) throw new Error(`credchain build: GROUPS names files that do not exist in src/ (${missingFromGroups.join(', ')})`);
const GROUP_NAMES = new Set(GROUPS.map((group) => group.name));
const CORE_ROOT = join(src, 'index.ts');

function inGroup(files, id) {
  if (!id.startsWith(src + sep)) return false;
  const path = relative(src, id).split(sep).join('/');
  return files.some((file) => (file.endsWith('/') ? path.startsWith(file) : path === file));
}

// Hashed before reading them: a source edited during the build makes the next test run build again.
const inputsHash = sourceHash(root);
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

/**
 * The bundler's runtime (the namespace-object helper the lazy groups use) is inlined into each file
 * that uses it instead of being a file of its own: it would be one more file for `import 'credchain'`
 * to load (rolldown does not let a group take it). It is a few stateless lines: copies are harmless.
 */
const inlineBundlerRuntime = {
  name: 'credchain-inline-bundler-runtime',
  generateBundle(options, bundle) {
    const runtime = Object.values(bundle).find((file) => file.type === 'chunk' && file.name === 'rolldown-runtime');
    if (!runtime) return;
    const base = runtime.fileName.split('/').pop();
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || chunk === runtime) continue;
      chunk.code = options.format === 'cjs' ? inlineCommonJs(chunk.code, runtime.code, base) : inlineEsm(chunk.code, runtime.code, base);
      if (chunk.code.includes(base)) throw new Error(`credchain build: ${chunk.fileName} still refers to ${base}`);
    }
    delete bundle[runtime.fileName];
  },
};

/** `const require_x = require("./rolldown-runtime-….js");` → the same module evaluated in place. */
function inlineCommonJs(code, runtimeCode, base) {
  const line = new RegExp(`^const (\\w+) = require\\("[^"]*/${escapeRegExp(base)}"\\);$`, 'm');
  return code.replace(line, (_, local) => `const ${local} = (() => {\nconst exports = {};\n${runtimeCode}\nreturn exports;\n})();`);
}

/** `import { t as __exportAll } from "./rolldown-runtime-….js";` → the runtime's code, its exports bound to those names. */
function inlineEsm(code, runtimeCode, base) {
  const exported = /^export \{([^}]*)\};\s*$/m.exec(runtimeCode);
  if (!exported) throw new Error('credchain build: unexpected bundler runtime (no export list)');
  const locals = new Map(exported[1].split(',').map((entry) => entry.trim().split(/\s+as\s+/)).map(([local, name]) => [name ?? local, local]));
  const body = runtimeCode.replace(exported[0], '');
  const line = new RegExp(`^import \\{([^}]*)\\} from "[^"]*/${escapeRegExp(base)}";$`, 'm');
  return code.replace(line, (_, imports) => {
    const bindings = imports.split(',').map((entry) => entry.trim().split(/\s+as\s+/)).map(([name, local]) => `${local ?? name} = ${locals.get(name)}`);
    return `const { ${[...locals.values()].map((local) => `${local}: ${local}$runtime`).join(', ')} } = (() => {\n${body}\nreturn { ${[...locals.values()].join(', ')} };\n})();\nconst ${bindings.map((binding) => binding.replace(/= (\S+)$/, '= $1$runtime')).join(', ')};`;
  });
}

/**
 * Whitespace out, local names short, function names kept: what Node reads, decodes into a string and
 * scans on every cold start is ~15% smaller than the bundler's indented output (an env cold start ~2.7 M
 * instructions fewer under callgrind), and shortening the names of locals and parameters takes another
 * ~15% off (the core 63.7 → 54 kB; ~1 M instructions fewer per cold start), while stack traces still
 * name credchain's functions and classes (module-level names are never renamed, and a function keeps
 * the name it is bound to). Each module stays on a line of its own under its
 * `// src/<path>.ts` marker (test/support/loaded-modules.ts reads them): a stack trace's line number
 * says which module.
 */
const compactOutput = {
  name: 'credchain-compact-output',
  generateBundle(options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      // A marker survives the minifier as a legal comment, and is turned back into its own line after.
      const marked = chunk.code.replace(/^\/\/ (src\/\S+\.ts)$/gm, '/*! $1 */');
      const { code, errors } = minifySync(chunk.fileName, marked, {
        module: options.format === 'es',
        compress: false,
        // Locals and parameters get short names; module-level names, functions and classes keep theirs.
        mangle: { toplevel: false, keepNames: true },
        codegen: { removeWhitespace: true, asciiOnly: true, legalComments: 'inline' },
      });
      if (errors.length > 0) throw new Error(`credchain build: cannot compact ${chunk.fileName}: ${errors[0].message}`);
      chunk.code = `${code.replace(/\n?\/\*! (src\/\S+\.ts) \*\/\n?/g, '\n// $1\n').replace(/^\n/, '')}\n`;
    }
  },
};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One rolldown build of `entries` into `dir` in `format`; returns the files it wrote (relative to `dir`). */
async function build(entries, dir, format) {
  const bundle = await rolldown({
    input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(src, file)])),
    platform: 'node',
    // Bare specifiers (node: built-ins, bson) are never bundled: Node has them, npm installs them.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    // An entry exports exactly what its source exports: no internal helper becomes part of the API.
    preserveEntrySignatures: 'strict',
    plugins: [coreClosure, inlineBundlerRuntime, compactOutput],
    // Grouping puts lazily imported modules into shared files on purpose: "this import() will not
    // split the module off" is the point, not a problem.
    onLog: (level, log, report) => (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' ? undefined : report(level, log)),
    logLevel: 'warn',
  });
  const { output } = await bundle.write({
    dir,
    format,
    entryFileNames: '[name].js',
    // What Node reads and compiles on every cold start, kept to the code: the JSDoc comments (the
    // types ship in index.d.ts) are ~20% of the bytes, and one non-ASCII character (a "…" in a
    // message) makes V8 hold the whole file as a two-byte string — twice the heap, and young-generation
    // collections sooner. Escaped, every file is ASCII. The bundler's `// src/<path>.ts` markers stay.
    comments: { jsdoc: false, legal: true, annotation: true },
    charset: 'ascii',
    // A dynamically imported module keeps its source path, so tests and tools can name it; shared code is hashed.
    chunkFileNames: (chunk) =>
      !GROUP_NAMES.has(chunk.name) && chunk.facadeModuleId?.startsWith(src + sep) ? relative(src, chunk.facadeModuleId).replace(/\.ts$/, '.js') : 'chunks/[name]-[hash].js',
    codeSplitting: {
      groups: GROUPS.map(({ name, files, core: isCore }) => ({
        name,
        test: (id) => (isCore && core.has(id)) || inGroup(files, id),
      })),
    },
  });
  await bundle.close();
  return output.map((file) => file.fileName);
}

const cjsDist = join(dist, CJS_DIR);
const written = new Set([
  ...(await build(ENTRIES, dist, 'esm')).map((file) => join(dist, file)),
  ...(await build(CJS_ENTRIES, cjsDist, 'cjs')).map((file) => join(cjsDist, file)),
]);
// Node (and TypeScript) read every .js / .d.ts under dist/cjs/ as CommonJS; the root package.json says "module".
writeFileSync(join(cjsDist, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

// In-place builds: remove what an earlier build wrote and this one did not (renamed chunks, tsc-era files).
pruneStale(dist, (path) => path.endsWith('.js') && !written.has(path));

if (!args['no-types']) {
  // One declaration file for the package entry, holding exactly what its public types reach (no internal
  // module's declarations ship), written twice: dist/index.d.ts, and dist/cjs/index.d.ts, which TypeScript
  // reads as CommonJS under dist/cjs/package.json (module node16/nodenext). Type errors are
  // `npm run typecheck`'s to report.
  const bundle = await rolldown({
    input: { index: join(src, ENTRIES.index) },
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    plugins: [dts({ emitDtsOnly: true, tsconfig: join(root, 'tsconfig.json') })],
    // The type checker takes most of this build's time, by design: no report about it.
    onLog: (level, log, report) => (log.code === 'PLUGIN_TIMINGS' ? undefined : report(level, log)),
    logLevel: 'warn',
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  const [declarations] = output.filter((file) => file.fileName.endsWith('.d.ts'));
  if (!declarations || output.some((file) => file.fileName.endsWith('.d.ts') && file !== declarations)) {
    throw new Error(`credchain build: expected one declaration file for the entry, got ${output.map((file) => file.fileName).join(', ')}`);
  }
  const written = [join(dist, 'index.d.ts'), join(cjsDist, 'index.d.ts')];
  for (const path of written) writeFileSync(path, declarations.code);
  pruneStale(dist, (path) => path.endsWith('.d.ts') && !written.includes(path));
}

chmodSync(join(dist, 'cli/main.js'), 0o755);
// Only a complete build of the repository's own dist/ says it is current.
if (dist === join(root, 'dist') && !args['no-types'] && !args['no-stamp']) writeStamp(root, inputsHash);

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
