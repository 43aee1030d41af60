// docs/lambda.md, run for real: the packed credchain installed as the guide says (under its own name
// and the SDK's, with `overrides`) next to the real mongodb driver; the guide's handler bundled with
// each bundler configuration it gives (esbuild, CDK NodejsFunction's esbuild arguments, rolldown,
// webpack, and no bundler alias at all), in-process through the bundlers' JS APIs; each bundle run
// the way the Lambda runtime runs it — from a task root without node_modules, Lambda's variables set,
// the runtime's own AWS SDK on NODE_PATH — against the Atlas stand-in. Each bundle must hold no
// @aws-sdk/@smithy code and load none. Then the two ways the alias drops out (an `@aws-sdk/*` external
// rule), each of which must tell the user.
// @module-tag process
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredentials } from '../../src/emulator/index.js';
import { installConsumerProject, repoRoot, runNode, writeFiles } from '../support/consumer-project.js';
import { startMongoWorld, type MongoWorld } from '../support/mongo-world.js';
import { sharedTarball } from '../support/shared-tarball.js';
// @ts-expect-error -- plain JavaScript shared with the bench (bench/lambda.mjs), no declarations
import { LAMBDA_RUNTIME, SDK_NAME, bundle, lambdaEnvironment, readRecipes, sdkModulesIn } from '../../bench/lambda-recipes.mjs';

const recipes = readRecipes();
const APP_ROLE = 'arn:aws:iam::123456789012:role/app-role';

let world: MongoWorld;
let session: IssuedCredentials;
let project: string;
/** Stands for /var/runtime/node_modules: the Lambda runtime's own AWS SDK. */
let runtimeModules: string;
const dirs: string[] = [];
const printed: string[] = [];

beforeAll(async () => {
  world = await startMongoWorld();
  session = world.emulator.roleSession('app-role', 'orders');
  project = await installConsumerProject({ tarball: sharedTarball(), installAs: ['credchain', SDK_NAME], fromRegistry: ['mongodb'], overrides: recipes.packageJson.overrides });
  writeFiles(project, { 'handler.mjs': recipes.handler, 'handler-sdk-name.mjs': recipes.sdkNameHandler });
  const runtime = mkdtempSync(join(tmpdir(), 'credchain-lambda-runtime-'));
  dirs.push(runtime);
  runtimeModules = join(runtime, 'node_modules');
  mkdirSync(join(runtimeModules, '@aws-sdk'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules', SDK_NAME), join(runtimeModules, SDK_NAME));
}, 240_000);

afterAll(async () => {
  await world?.close();
  for (const dir of [project, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  for (const secret of world ? world.emulator.secrets() : []) expect(printed.join('\n')).not.toContain(secret);
});

interface Invocation {
  ok: boolean;
  response?: { statusCode: number; body: string };
  sdkModules?: string[];
  error?: string;
  stderr: string;
}

/** Bundles `entry` with a recipe into a fresh task root (no node_modules, as on Lambda); returns the file and the bundled modules. */
async function bundled(tool: string, recipe: object, entry: string): Promise<{ file: string; modules: string[] }> {
  const taskRoot = mkdtempSync(join(tmpdir(), 'credchain-lambda-task-'));
  dirs.push(taskRoot);
  return bundle(tool, recipe, { projectDir: project, entry, outDir: taskRoot, runtimeMajor: recipes.cdkRuntime });
}

/** The Lambda runtime's part: load the bundle, call the handler with an event, as a cold process with Lambda's variables. */
async function invoke(file: string, orderId = 'order-2'): Promise<Invocation> {
  const env = lambdaEnvironment({ session, taskRoot: join(file, '..'), runtimeNodeModules: runtimeModules, mongodbUri: world.mongo.uri() });
  const run = await runNode([LAMBDA_RUNTIME, file, JSON.stringify({ orderId })], join(file, '..'), env);
  printed.push(run.stdout, run.stderr);
  return { ...JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}'), stderr: run.stderr };
}

const credchainModules = (modules: string[]) => modules.filter((path) => /[\\/]node_modules[\\/](?:credchain|@aws-sdk[\\/]credential-providers)[\\/]dist[\\/]/.test(path));

describe('the guide\'s package.json and handler', () => {
  it('installs credchain under its own name and the SDK\'s, with the override for the driver\'s peer dependency', () => {
    expect(Object.keys(recipes.packageJson.dependencies).sort()).toEqual([SDK_NAME, 'credchain', 'mongodb']);
    expect(recipes.packageJson.overrides).toEqual({ [SDK_NAME]: `$${SDK_NAME}` });
    for (const name of ['credchain', SDK_NAME]) expect(JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')).name).toBe('credchain');
  });
});

describe.each([
  ['esbuild', 'esbuild', () => recipes.esbuild, 'handler.mjs'],
  ['AWS CDK NodejsFunction (its default @aws-sdk/* external, plus the alias argument)', 'cdk', () => recipes.cdk, 'handler.mjs'],
  ['rolldown', 'rolldown', () => recipes.rolldown, 'handler.mjs'],
  ['webpack', 'webpack', () => recipes.webpack, 'handler.mjs'],
  ['no bundler alias (the package manager\'s alone, as for SAM): esbuild without alias or externals', 'esbuild', () => ({ bundle: true, platform: 'node', target: 'node22', format: 'cjs', minify: true }), 'handler-sdk-name.mjs'],
])('bundled with %s', { timeout: 120_000 }, (_name, tool, recipe, entry) => {
  let result: { file: string; modules: string[] };
  beforeAll(async () => {
    result = await bundled(tool, recipe(), entry);
  }, 120_000);

  it('holds credchain once (one of its builds: the "module" export condition gives bundlers the ESM one for import and require alike) and no @aws-sdk / @smithy code', () => {
    expect(credchainModules(result.modules).length).toBeGreaterThan(0);
    expect(new Set(credchainModules(result.modules).map((path) => (/[\\/]dist[\\/]cjs[\\/]/.test(path) ? 'CommonJS' : 'ESM')))).toEqual(new Set(['ESM']));
    expect(sdkModulesIn(result.modules)).toEqual([]);
    expect(result.modules.some((path) => /[\\/]node_modules[\\/]mongodb[\\/]/.test(path))).toBe(true);
  });

  it('runs as on Lambda: MONGODB-AWS as the execution role (the role ARN without path), the order found, no SDK module loaded, nothing on stderr', async () => {
    const before = world.mongo.authAttempts.length;
    const invocation = await invoke(result.file);
    expect(invocation).toMatchObject({ ok: true, response: { statusCode: 200 }, sdkModules: [] });
    expect(JSON.parse(invocation.response!.body)).toEqual({ _id: 'order-2', item: 'pencil', quantity: 12, status: 'open' });
    expect(world.mongo.authAttempts.slice(before)).toEqual([expect.objectContaining({ ok: true, user: APP_ROLE, accessKeyId: session.accessKeyId, withSessionToken: true })]);
    expect(invocation.stderr).toBe('');
  });
});

describe('an alias against an @aws-sdk/* external rule (the guide: esbuild applies the alias first, rolldown and webpack the external rule)', { timeout: 120_000 }, () => {
  const keptExternal = (file: string) => /require\(["']@aws-sdk\/credential-providers["']\)/.test(readFileSync(file, 'utf8'));

  it('esbuild: the alias wins, credchain is bundled for the driver', async () => {
    const { file } = await bundled('esbuild', { ...recipes.esbuild, external: ['@aws-sdk/*'] }, 'handler.mjs');
    expect(keptExternal(file)).toBe(false);
  });

  it('rolldown: the external rule wins, the driver\'s require is left to the runtime', async () => {
    const { file } = await bundled('rolldown', { ...recipes.rolldown, external: [/^@aws-sdk\//] }, 'handler.mjs');
    expect(keptExternal(file)).toBe(true);
  });

  it('webpack: the external rule wins, the driver\'s require is left to the runtime', async () => {
    const { file } = await bundled('webpack', { ...recipes.webpack, externals: [...recipes.webpack.externals, /^@aws-sdk\//] }, 'handler.mjs');
    expect(keptExternal(file)).toBe(true);
  });

  it('the recipes themselves leave no such require', async () => {
    const { file } = await bundled('rolldown', recipes.rolldown, 'handler.mjs');
    expect(keptExternal(file)).toBe(false);
  });
});

describe('when an @aws-sdk/* external rule takes the name away, the user is told', { timeout: 120_000 }, () => {
  it('CDK NodejsFunction\'s defaults without the alias: the runtime\'s SDK is loaded, and credchain (imported by name) warns once in the function\'s log', async () => {
    const { file, modules } = await bundled('cdk', {}, 'handler.mjs');
    expect(credchainModules(modules).length).toBeGreaterThan(0);
    expect(sdkModulesIn(modules)).toEqual([]);
    const invocation = await invoke(file);
    expect(invocation).toMatchObject({ ok: true, response: { statusCode: 200 } });
    expect(invocation.sdkModules!.length).toBeGreaterThan(0);
    const warnings = invocation.stderr.split('\n').filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^credchain: the MongoDB driver loaded the AWS SDK's @aws-sdk\/credential-providers \d+\.\d+\.\d+ from \S+ \(\d+ modules of @aws-sdk\/@smithy code in all\), not credchain: /);
    expect(warnings[0]).toMatch(/alias @aws-sdk\/credential-providers to credchain and keep it out of the externals \(CDK NodejsFunction and SAM mark @aws-sdk\/\* external by default\)$/);
  });

  it('no bundler alias and @aws-sdk/* external: the handler fails at once (the SDK has no credentialChain), instead of silently loading the SDK', async () => {
    const { file } = await bundled('esbuild', { bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['@aws-sdk/*'] }, 'handler-sdk-name.mjs');
    const invocation = await invoke(file);
    expect(invocation.ok).toBe(false);
    expect(invocation.error).toMatch(/^TypeError: .*credentialChain\)? is not a function$/);
  });
});

describe('the guide\'s local run', () => {
  it('the `node -e` line of "Run it locally" calls the handler unbundled, with the emulate variables', async () => {
    expect(recipes.localRun).toBeDefined();
    const script = /^node -e "(.*)"$/.exec(recipes.localRun)![1]!;
    const env = { ...lambdaEnvironment({ session, taskRoot: project, runtimeNodeModules: runtimeModules, mongodbUri: world.mongo.uri() }), NODE_PATH: '' };
    const run = await runNode(['-e', script], project, env);
    printed.push(run.stdout, run.stderr);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("statusCode: 200");
    expect(run.stdout).toContain('pencil');
  });
});
