// One cold start, measured from the inside: import (or require) the library, resolve credentials
// once, print one JSON line {readyMs, importMs, resolveMs, maxRssKb, ok, accessKeyId | error}.
// Spawned by bench/run.mjs. readyMs runs from this script's first statement to credentials in hand,
// as the floor child's does (bench/floor-child.mjs). With `require`, importMs is the time of
// `require()`: credchain's CommonJS build (dist/cjs/, next to the given dist/index.js) against the
// SDK's CommonJS build.
//
//   node bench/child.mjs credchain|sdk <url of credchain's dist/index.js> [import|require]
//
// The child never prints a secret: only the access key id (which the parent checks) leaves it.

// The first statement. (Reading `performance` loads perf_hooks before now() runs, so that load is
// outside the window, as in the floor child. No static import precedes it.)
const firstStatement = performance.now();

const [lib, credchainUrl, loader = 'import'] = process.argv.slice(2);
const load = {
  import: () => (lib === 'credchain' ? import(credchainUrl) : import('@aws-sdk/credential-providers')),
  require: async () => {
    const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);
    return lib === 'credchain' ? require(new URL('cjs/index.js', credchainUrl).pathname) : require('@aws-sdk/credential-providers');
  },
}[loader];

// Microsecond stamps on the clock --cpu-prof uses, so bench/profile.mjs can cut the profile to these windows.
const stampUs = () => Number(process.hrtime.bigint() / 1000n);
// bench/profile.mjs asks which Node built-ins each phase loads (node:crypto alone costs milliseconds).
const listBuiltins = process.env.BENCH_LIST_BUILTINS === '1';
const builtinsBefore = (seen) => (listBuiltins ? new Set(process.moduleLoadList) : seen);
const builtinsSince = (seen) =>
  listBuiltins ? process.moduleLoadList.filter((entry) => !seen.has(entry) && /^NativeModule (?!internal\/)/.test(entry)).map((entry) => entry.slice(13)) : undefined;
const builtinsLoaded = {};
let seen = builtinsBefore();
const windowsUs = { import: [stampUs()] };
const importStart = performance.now();
const library = await load();
const importMs = performance.now() - importStart;
windowsUs.import.push(stampUs());
builtinsLoaded.import = builtinsSince(seen);
seen = builtinsBefore(seen);
windowsUs.resolve = [stampUs()];

// "Resolve" covers building the provider and its first call: everything the caller waits for.
const resolveStart = performance.now();
let outcome;
try {
  const provider = lib === 'credchain' ? library.credentialChain() : library.fromNodeProviderChain();
  const credentials = await provider();
  outcome = { ok: true, accessKeyId: credentials.accessKeyId };
} catch (error) {
  // The name and the first line are enough to tell "nothing found" from a real failure.
  outcome = { ok: false, error: `${error?.name ?? 'Error'}: ${String(error?.message ?? error).split('\n')[0].slice(0, 300)}` };
}
const credentialsAt = performance.now();
const resolveMs = credentialsAt - resolveStart;
windowsUs.resolve.push(stampUs());
builtinsLoaded.resolve = builtinsSince(seen);

// With BENCH_RESOLVE_AGAIN=1 (separate runs: it would lengthen the wall time), a second, fresh
// provider resolves in the same process: every module is loaded by now, so this is the work alone.
let resolveAgainMs;
if (process.env.BENCH_RESOLVE_AGAIN === '1') {
  const againStart = performance.now();
  try {
    await (lib === 'credchain' ? library.credentialChain() : library.fromNodeProviderChain())();
  } catch {
    // The outcome was checked on the first call; this one is only timed.
  }
  resolveAgainMs = performance.now() - againStart;
}

process.stdout.write(
  `${JSON.stringify({ lib, loader, readyMs: credentialsAt - firstStatement, importMs, resolveMs, maxRssKb: process.resourceUsage().maxRSS, resolveAgainMs, windowsUs, ...(listBuiltins ? { builtinsLoaded } : {}), ...outcome })}\n`,
);
