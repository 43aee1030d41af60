// The seed scenario as users run it (issue 25): a Lambda function reading MongoDB Atlas with
// MONGODB-AWS, bundled as docs/lambda.md says, cold process to the first authenticated command.
//
//   npm run bench:lambda          # builds dist/, then: node bench/lambda.mjs [--rounds 20] [--no-doc]
//   npm run bench                 # the `lambda` part of the whole bench (bench/sections.mjs; --lambda-rounds)
//
// Three bundles of the same handler (docs/lambda.md's), built with the guide's esbuild recipe:
//   credchain      credchain under the SDK's name (the alias), as recommended;
//   credchain-and-sdk  the same handler (credchain as AWS_CREDENTIAL_PROVIDER) with the real SDK
//                  installed and no alias: the driver's require() bundles the SDK anyway;
//   sdk-bundled    the SDK's fromNodeProviderChain() instead, bundled in (the same esbuild options, no alias);
//   sdk-runtime    the same SDK handler with CDK NodejsFunction's default (@aws-sdk/* external): the
//                  driver and the handler load the Lambda runtime's SDK from NODE_PATH, unbundled;
//   floor          no credential package at all: the provider reads the three variables itself and the
//                  driver's require() gets an empty stub — what no credential package can go below.
// Each round runs one cold process per bundle (bench/lambda-runtime.mjs: load the bundle, call the
// handler once) with Lambda's variables against the Atlas stand-in and the AWS emulator (dist/), the
// order rotated every round. A run counts only when the handler answered 200 with the order and the
// stand-in saw the execution role log in; any failure stops the bench without numbers.
// Then the bundles' sizes, minified and gzipped. The figures go to stdout, into docs/lambda.md's
// generated `lambda` block and into docs/mongodb.md's `lambda-setups` block (the figures its "What
// the other setup costs" quotes), both from the same run.

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { withGeneratedBlocks } from './docs.mjs';
import { progress, root, spawnNode } from './harness.mjs';
import { LAMBDA_DOC, LAMBDA_RUNTIME, SDK_NAME, bundle, cdkEsbuildOptions, lambdaEnvironment, readRecipes, sdkModulesIn } from './lambda-recipes.mjs';
import { median } from './stats.mjs';

const MONGODB_DOC = join(root, 'docs/mongodb.md');

const SETUPS = ['credchain', 'credchain-and-sdk', 'sdk-bundled', 'sdk-runtime', 'floor'];
const ORDER = { _id: 'order-2', item: 'pencil', quantity: 12, status: 'open' };
const EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/app-role';

/**
 * A project the bundlers resolve from: credchain as packed (package.json + dist/, what `npm pack`
 * ships), the repository's mongodb, bson and real SDK linked in. esbuild resolves an alias from its
 * working directory, so linked packages are found.
 */
function makeProject(work) {
  const project = join(work, 'project');
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '@aws-sdk'), { recursive: true });
  mkdirSync(join(modules, 'credchain'));
  for (const entry of ['package.json', 'dist']) cpSync(join(root, entry), join(modules, 'credchain', entry), { recursive: true });
  for (const name of ['mongodb', 'bson', SDK_NAME]) symlinkSync(join(root, 'node_modules', name), join(modules, name));
  writeFileSync(join(project, 'package.json'), '{"name": "bench-lambda", "private": true}\n');
  // For the floor: the driver require()s the package and, given a provider, uses nothing from it.
  mkdirSync(join(modules, 'credential-stub'));
  writeFileSync(join(modules, 'credential-stub', 'package.json'), '{"name": "credential-stub", "main": "index.js"}\n');
  writeFileSync(join(modules, 'credential-stub', 'index.js'), 'module.exports = {};\n');
  return project;
}

/** The guide's handler, with the SDK's own provider instead (the same code otherwise). */
function sdkHandler(handler) {
  const replaced = handler
    .replace("import { credentialChain } from 'credchain';", `import { fromNodeProviderChain } from '${SDK_NAME}';`)
    .replace('AWS_CREDENTIAL_PROVIDER: credentialChain()', 'AWS_CREDENTIAL_PROVIDER: fromNodeProviderChain()');
  if (replaced === handler || replaced.includes('credchain')) throw new Error('bench: the handler in docs/lambda.md changed shape; update sdkHandler()');
  return replaced;
}

/** The guide's handler with a provider that reads Lambda's variables itself: no credential package. */
function floorHandler(handler) {
  const replaced = handler
    .replace("import { credentialChain } from 'credchain';\n", '')
    .replace(
      'AWS_CREDENTIAL_PROVIDER: credentialChain()',
      'AWS_CREDENTIAL_PROVIDER: async () => ({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN })',
    );
  if (replaced.includes("from 'credchain'") || !replaced.includes('process.env.AWS_SESSION_TOKEN')) throw new Error('bench: the handler in docs/lambda.md changed shape; update floorHandler()');
  return replaced;
}

async function buildBundles(project, work, recipes) {
  const withoutAlias = { ...recipes.esbuild };
  delete withoutAlias.alias;
  const out = (name) => join(work, `task-${name}`);
  const bundles = {
    credchain: await bundle('esbuild', recipes.esbuild, { projectDir: project, entry: 'handler.mjs', outDir: out('credchain') }),
    'credchain-and-sdk': await bundle('esbuild', withoutAlias, { projectDir: project, entry: 'handler.mjs', outDir: out('credchain-and-sdk') }),
    'sdk-bundled': await bundle('esbuild', withoutAlias, { projectDir: project, entry: 'handler-sdk.mjs', outDir: out('sdk-bundled') }),
    'sdk-runtime': await bundle('cdk', {}, { projectDir: project, entry: 'handler-sdk.mjs', outDir: out('sdk-runtime'), runtimeMajor: recipes.cdkRuntime }),
    floor: await bundle('esbuild', { ...withoutAlias, alias: { [SDK_NAME]: 'credential-stub' } }, { projectDir: project, entry: 'handler-floor.mjs', outDir: out('floor') }),
  };
  if (sdkModulesIn(bundles.credchain.modules).length > 0) throw new Error('bench: the recommended bundle holds AWS SDK code');
  for (const setup of ['sdk-bundled', 'credchain-and-sdk']) if (sdkModulesIn(bundles[setup].modules).length === 0) throw new Error(`bench: the ${setup} bundle holds no SDK code`);
  return bundles;
}

/** Minified + gzipped sizes of what each setup puts in a bundle (esbuild, the guide's options plus minify). */
async function bundleSizes(project, work, recipes) {
  const entries = {
    'credchain alone (`credentialChain()`)': ["import { credentialChain } from 'credchain';\nexport const provider = credentialChain();\n", {}],
    "the SDK's chain alone (`fromNodeProviderChain()`)": [`import { fromNodeProviderChain } from '${SDK_NAME}';\nexport const provider = fromNodeProviderChain();\n`, {}],
    'mongodb + credchain, as recommended': [recipes.handler, { alias: recipes.esbuild.alias }],
    'mongodb + the SDK': [sdkHandler(recipes.handler), {}],
    'mongodb + credchain + the SDK (credchain as the provider, the SDK installed, no alias)': [recipes.handler, {}],
    // The driver's require() of the credential package left out: what a handler costs without one.
    'mongodb alone': ["import { MongoClient } from 'mongodb';\nconst client = new MongoClient(process.env.MONGODB_URI);\nexport const handler = () => client.db('shop').collection('orders').findOne({});\n", { external: [SDK_NAME] }],
  };
  const sizes = {};
  for (const [name, [code, extra]] of Object.entries(entries)) {
    const file = `size-${Object.keys(sizes).length}.mjs`;
    writeFileSync(join(project, file), code);
    const { alias, ...base } = recipes.esbuild;
    const outDir = join(work, `size-${Object.keys(sizes).length}`);
    const { file: output } = await bundle('esbuild', { ...base, ...extra, minify: true }, { projectDir: project, entry: file, outDir });
    const bytes = readFileSync(output);
    sizes[name] = { minKb: bytes.length / 1024, gzipKb: gzipSync(bytes, { level: 9 }).length / 1024 };
  }
  return sizes;
}

/** `rounds` rounds of cold processes per bundle, then the bundle sizes; throws when a run does not count. */
async function measureLambda(rounds) {
  const loadBefore = os.loadavg();
  const started = new Date();
  const recipes = readRecipes();
  const work = mkdtempSync(join(os.tmpdir(), 'credchain-bench-lambda-'));
  const { startEmulator } = await import(new URL('../dist/emulator/index.js', import.meta.url).href);
  const { startAtlasEmulator } = await import(new URL('../dist/emulator/atlas/index.js', import.meta.url).href);
  const emulator = await startEmulator();
  const atlas = await startAtlasEmulator({ lookup: (id) => emulator.issued(id) });
  try {
    const project = makeProject(work);
    writeFileSync(join(project, 'handler.mjs'), recipes.handler);
    writeFileSync(join(project, 'handler-sdk.mjs'), sdkHandler(recipes.handler));
    writeFileSync(join(project, 'handler-floor.mjs'), floorHandler(recipes.handler));
    // The Lambda runtime's own SDK, on NODE_PATH as /var/runtime/node_modules is.
    const runtimeModules = join(work, 'runtime', 'node_modules');
    mkdirSync(join(runtimeModules, '@aws-sdk'), { recursive: true });
    symlinkSync(join(root, 'node_modules', SDK_NAME), join(runtimeModules, SDK_NAME));
    progress('bench lambda: bundling');
    const bundles = await buildBundles(project, work, recipes);

    const session = emulator.roleSession('app-role', 'orders');
    const secrets = [session.secretAccessKey, session.sessionToken];
    const runOnce = async (setup) => {
      const file = bundles[setup].file;
      const env = lambdaEnvironment({ session, taskRoot: join(file, '..'), runtimeNodeModules: runtimeModules, mongodbUri: atlas.uri() });
      const before = atlas.authAttempts.length;
      const run = await spawnNode(LAMBDA_RUNTIME, [file, '{"orderId":"order-2"}'], { env, cwd: join(file, '..') });
      const problem = problemWith(setup, run, atlas.authAttempts.slice(before), secrets);
      if (problem) throw new Error(`bench lambda: ${setup}: ${problem}`);
      return { readyMs: run.result.readyMs, cpuMs: run.result.cpuMs, wallMs: run.wallMs };
    };
    // One unmeasured run each (disk cache), then the rounds, rotating which setup goes first.
    for (const setup of SETUPS) await runOnce(setup);
    const samples = [];
    for (let round = 0; round < rounds; round++) {
      const sample = {};
      for (let i = 0; i < SETUPS.length; i++) {
        const setup = SETUPS[(round + i) % SETUPS.length];
        sample[setup] = await runOnce(setup);
      }
      samples.push(sample);
      progress(`bench lambda: round ${round + 1}/${rounds}`);
    }
    const sizes = await bundleSizes(project, work, recipes);
    const loadAfter = os.loadavg();
    return { started, rounds, samples, sizes, load: [loadBefore, loadAfter], cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version };
  } finally {
    await Promise.all([atlas.close(), emulator.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

/** Why a run does not count (undefined: it did what the setup promises). */
function problemWith(setup, run, attempts, secrets) {
  const printed = run.stdout + run.stderr;
  if (secrets.some((secret) => secret && printed.includes(secret))) return 'printed a secret';
  const { result } = run;
  if (!result?.ok) return `failed: ${result?.error ?? run.stderr.trim().slice(-300)}`;
  if (result.response?.statusCode !== 200 || JSON.stringify(JSON.parse(result.response.body)) !== JSON.stringify(ORDER)) return `answered ${JSON.stringify(result.response)}`;
  if (!attempts.some((attempt) => attempt.ok && attempt.user === EXECUTION_ROLE)) return 'the stand-in saw no MONGODB-AWS login as the execution role';
  const loadedSdk = result.sdkModules.length > 0;
  if (loadedSdk !== (setup === 'sdk-runtime')) return `${loadedSdk ? 'loaded' : 'did not load'} the runtime's SDK`;
  return undefined;
}

const fmt = (value, digits = 0) => value.toFixed(digits);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** The docs/lambda.md block: what `command` measured, a row per bundle, the bundle sizes. */
function lambdaTables({ started, rounds, samples, sizes, load, cpu, cores, node }, command) {
  const column = (setup, metric) => samples.map((sample) => sample[setup][metric]);
  const ratio = (setup, versus, metric = 'readyMs') => median(samples.map((sample) => sample[setup][metric] / sample[versus][metric]));
  const labels = {
    credchain: 'credchain under the SDK\'s name (recommended, esbuild alias)',
    'credchain-and-sdk': 'credchain as the provider, the SDK installed too (no alias): the driver bundles the SDK',
    'sdk-bundled': "the SDK's `fromNodeProviderChain()`, bundled in",
    'sdk-runtime': "the SDK's `fromNodeProviderChain()`, `@aws-sdk/*` external (CDK's default): the runtime's SDK",
    floor: 'floor: no credential package (a provider reading the three variables)',
  };
  const lines = [
    `\`${command}\` on ${started.toISOString().slice(0, 10)}: ${cores} × ${cpu}, Node ${node}, load average ${fmt(load[0][0], 1)} before and ${fmt(load[1][0], 1)} after (1 min).`,
    `${rounds} rounds of one cold process per bundle, order rotated each round; the time is \`performance.now()\` when the handler has its`,
    'answer (process start, loading the bundle, the MONGODB-AWS login and the first `findOne`), and the CPU time the process used by then',
    '(`process.cpuUsage()`, steadier than wall time on a busy machine). Ratios: medians of the per-round ratios.',
    '',
    '| bundle of the same handler | to the first authenticated command, median ms | p10–p90 ms | CPU, median ms | ratio to the SDK bundled (time, CPU) | ratio to the runtime\'s SDK (time, CPU) |',
    '|---|---|---|---|---|---|',
  ];
  const ratios = (setup, versus) => (setup === versus ? '1' : `${fmt(ratio(setup, versus), 2)}, ${fmt(ratio(setup, versus, 'cpuMs'), 2)}`);
  for (const setup of SETUPS) {
    const ready = column(setup, 'readyMs');
    lines.push(
      `| ${labels[setup]} | ${fmt(median(ready), 1)} | ${fmt(quantile(ready, 0.1), 1)}–${fmt(quantile(ready, 0.9), 1)} | ${fmt(median(column(setup, 'cpuMs')), 1)} | ${ratios(setup, 'sdk-bundled')} | ${ratios(setup, 'sdk-runtime')} |`,
    );
  }
  lines.push(
    '',
    `The floor is what Node, the driver, the connection and the login cost with no credential package: the best ratio any package could reach here is ${fmt(ratio('floor', 'sdk-bundled'), 2)} (time), ${fmt(ratio('floor', 'sdk-bundled', 'cpuMs'), 2)} (CPU).`,
  );
  lines.push('', 'Bundle sizes (esbuild with the guide\'s options, minified; gzip level 9):', '', '| bundle | min kB | min + gzip kB |', '|---|---|---|');
  for (const [name, size] of Object.entries(sizes)) lines.push(`| ${name} | ${fmt(size.minKb, 1)} | ${fmt(size.gzipKb, 1)} |`);
  const alone = sizes['mongodb alone'];
  const withCredchain = sizes['mongodb + credchain, as recommended'];
  lines.push('', `credchain adds ${fmt(withCredchain.gzipKb - alone.gzipKb, 1)} kB (min + gzip) to a MongoDB handler bundle; the SDK adds ${fmt(sizes['mongodb + the SDK'].gzipKb - alone.gzipKb, 1)} kB.`);
  return lines.join('\n');
}

/**
 * docs/mongodb.md's "What the other setup costs", from the same run: credchain with the SDK installed next
 * to it (no alias) against the recommended setup, the SDK's own provider and the floor.
 */
function setupsParagraph({ rounds, samples, sizes, load, cores }, command) {
  const medianOf = (setup, metric) => fmt(median(samples.map((sample) => sample[setup][metric])), 1);
  const gzip = (name) => fmt(sizes[name].gzipKb, 1);
  return `Bundled for Lambda, that setup needs ${medianOf('credchain-and-sdk', 'cpuMs')} ms of CPU to its first authenticated command where the setup above needs ${medianOf('credchain', 'cpuMs')} (the handler with the SDK's own provider: ${medianOf('sdk-bundled', 'cpuMs')}; with no credential package at all: ${medianOf('floor', 'cpuMs')}), and its bundle is ${gzip('mongodb + credchain + the SDK (credchain as the provider, the SDK installed, no alias)')} kB (min + gzip) instead of ${gzip('mongodb + credchain, as recommended')} (\`${command}\`: medians of ${rounds} rotated rounds of cold processes, the ${cores}-core machine at load average ${fmt(load[0][0], 1)}–${fmt(load[1][0], 1)}, where the wall clock — ${medianOf('credchain-and-sdk', 'readyMs')} against ${medianOf('credchain', 'readyMs')} ms — also counts the wait for a core; docs/lambda.md, "Cold start").`;
}

/** docs/lambda.md's `lambda` block and docs/mongodb.md's `lambda-setups` block, rewritten from one run. */
function writeIntoDocs(result, command) {
  for (const [path, name, render] of [
    [LAMBDA_DOC, 'lambda', lambdaTables],
    [MONGODB_DOC, 'lambda-setups', setupsParagraph],
  ]) {
    writeFileSync(path, withGeneratedBlocks(readFileSync(path, 'utf8'), { [name]: () => render(result, command) }, undefined, path));
  }
  progress('bench lambda: figures written into docs/lambda.md and docs/mongodb.md');
}

/** The `lambda` part of `npm run bench` (bench/sections.mjs). */
export const section = {
  id: 'lambda',
  title: 'Lambda → Atlas: a bundled MongoDB handler, cold process to the first authenticated command',
  options: { 'lambda-rounds': { type: 'string', default: '20' } },
  async run(bench) {
    const rounds = Number(bench.args['lambda-rounds']);
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--lambda-rounds must be a positive integer');
    try {
      const result = await measureLambda(rounds);
      if (bench.writesDocs) writeIntoDocs(result, 'npm run bench');
      return result;
    } catch (error) {
      return { error: error.message };
    }
  },
  report(result) {
    if (result.error) return { markdown: `- FAILED: ${result.error}`, verdicts: [], failed: true };
    return { markdown: lambdaTables(result, 'npm run bench'), verdicts: [], failed: false };
  },
};

async function main() {
  const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, 'no-doc': { type: 'boolean', default: false } } });
  const rounds = Number(args.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  const result = await measureLambda(rounds);
  process.stdout.write(`${lambdaTables(result, 'npm run bench:lambda')}\n`);
  if (!args['no-doc']) writeIntoDocs(result, 'npm run bench:lambda');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
