// The `driver` scenario (issue 19): what a MongoDB driver user pays for `@aws-sdk/credential-providers`,
// which mongodb 7.x require()s on the first MONGODB-AWS authentication whatever provider is given.
// Two throwaway projects with the real driver, installed offline like the consumer tests do
// (test/support/consumer-project.ts): one with the real SDK package, one with credchain's packed tarball
// installed under the SDK's name (the README recipe). Each cold process require()s mongodb, connects
// to the Atlas stand-in (src/emulator/atlas/) and runs its first authenticated command,
// the driver calling the package's fromNodeProviderChain() itself; credentials come from the
// environment (static keys the fake STS knows), so the difference is the package, not a network source.
//
// The test helpers are TypeScript: rolldown bundles them for this script into bench/.driver-helpers/
// (removed afterwards), two levels below the repository like test/support/, so their paths hold.

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';
import { progress, root } from './harness.mjs';
import { count, markdownTable, ratioWithSpread, withSpread } from './report.mjs';
import { ratioSpread, rotated, spreadOf } from './stats.mjs';

const SDK_NAME = '@aws-sdk/credential-providers';
const HELPERS = join(root, 'bench/.driver-helpers');

// The child: everything from process start to the first authenticated command, timed from inside;
// with DRIVER_CHILD=require, only the require() of the package the driver loads, as the driver does it.
const CHILD = `'use strict';
if (process.env.DRIVER_CHILD === 'require') {
  const started = performance.now();
  const provider = require('${SDK_NAME}');
  const requireMs = performance.now() - started;
  console.log(JSON.stringify({ ok: typeof provider.fromNodeProviderChain === 'function', requireMs }));
  return;
}
const started = performance.now();
const { MongoClient } = require('mongodb');
const requiredMs = performance.now() - started;
const client = new MongoClient(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 10000 });
client
  .db('admin')
  .command({ connectionStatus: 1 })
  .then((status) => {
    const readyMs = performance.now() - started;
    const user = status.authInfo.authenticatedUsers[0]?.user;
    const provider = require.cache[require.resolve('${SDK_NAME}')] ? require('${SDK_NAME}/package.json').name : 'not loaded';
    console.log(JSON.stringify({ ok: Boolean(user), user, requiredMs, readyMs, provider }));
    return client.close();
  })
  .catch((error) => {
    console.log(JSON.stringify({ ok: false, error: error.name + ': ' + error.message }));
    process.exitCode = 1;
    return client.close();
  });
`;

/** test/support's TypeScript helpers as one ESM bundle in `dir` (bare imports stay external). */
async function bundleHelpers(dir) {
  const bundle = await rolldown({
    input: { consumer: join(root, 'test/support/consumer-project.ts'), world: join(root, 'test/support/mongo-world.ts') },
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    logLevel: 'silent',
  });
  await bundle.write({ dir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' });
  await bundle.close();
  return {
    consumer: await import(pathToFileURL(join(dir, 'consumer.mjs')).href),
    world: await import(pathToFileURL(join(dir, 'world.mjs')).href),
  };
}

/** Installed packages (folders under node_modules, scoped and nested ones too) and the bytes of every file on disk. */
async function installedFootprint(nodeModules) {
  let packages = 0;
  let bytes = 0;
  const packagesIn = async (modules) => {
    for (const entry of await readdir(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(modules, entry.name);
      const folders = entry.name.startsWith('@') ? (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(path, e.name)) : [path];
      for (const folder of folders) {
        packages += 1;
        const nested = join(folder, 'node_modules');
        if (await stat(nested).then((s) => s.isDirectory(), () => false)) await packagesIn(nested);
      }
    }
  };
  const sizeOf = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await sizeOf(path);
      else if (entry.isFile()) bytes += (await stat(path)).size;
    }
  };
  await packagesIn(nodeModules);
  await sizeOf(nodeModules);
  return { packages, bytes };
}

function runChild(cwd, env, mode = 'driver') {
  return new Promise((resolve) => {
    const started = performance.now();
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, ['driver-child.cjs'], { cwd, env: { ...env, DRIVER_CHILD: mode }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let result;
      try {
        result = JSON.parse(stdout.trim().split('\n').pop());
      } catch {
        result = { ok: false, error: `exited with ${code}: ${stderr.trim().slice(-300)}` };
      }
      resolve({ ...result, wallMs: performance.now() - started, stderr });
    });
  });
}

/**
 * `pairs` pairs of cold driver processes (each pair in a rotated order, after one unmeasured run per
 * side): time to the first authenticated command per side, the same for a cold require() of the
 * package alone, and the installed footprints.
 */
export async function measureDriver(pairs) {
  const work = await mkdtemp(join(os.tmpdir(), 'credchain-bench-driver-'));
  const projects = {};
  let mongoWorld;
  try {
    const helpers = await bundleHelpers(HELPERS);
    progress('driver: npm pack, two projects with the real driver (offline installs)');
    const tarball = await helpers.consumer.packTarball(work);
    projects.credchain = await helpers.consumer.installConsumerProject({ tarball, installAs: SDK_NAME, fromRegistry: ['mongodb'], overrides: { [SDK_NAME]: `$${SDK_NAME}` } });
    projects.sdk = await helpers.consumer.installConsumerProject({ fromRegistry: ['mongodb', SDK_NAME] });
    for (const dir of Object.values(projects)) await writeFile(join(dir, 'driver-child.cjs'), CHILD);

    mongoWorld = await helpers.world.startMongoWorld();
    const user = Object.values(mongoWorld.emulator.scenario.users)[0];
    const home = join(work, 'home');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: user.accessKeyId,
      AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
      MONGODB_URI: mongoWorld.mongo.uri(),
    };
    const measured = [];
    const failures = [];
    // One unmeasured run per side first (disk cache).
    for (const lib of ['credchain', 'sdk']) await runChild(projects[lib], env);
    for (let i = 0; i < pairs && failures.length === 0; i += 1) {
      const pair = {};
      for (const lib of rotated(['credchain', 'sdk'], i)) {
        const result = await runChild(projects[lib], env);
        const expected = lib === 'credchain' ? 'credchain' : SDK_NAME;
        if (!result.ok || result.user !== user.arn || result.provider !== expected) failures.push(`${lib}: ${result.error ?? `user ${result.user}, package ${result.provider}`}`);
        if ([user.secretAccessKey].some((secret) => `${JSON.stringify(result)}${result.stderr}`.includes(secret))) failures.push(`${lib}: printed a secret`);
        const required = await runChild(projects[lib], env, 'require');
        if (!required.ok) failures.push(`${lib}: require: ${required.error ?? 'no fromNodeProviderChain'}`);
        pair[lib] = { readyMs: result.readyMs, wallMs: result.wallMs, requireMs: required.requireMs };
      }
      measured.push(pair);
    }
    const footprint = {
      credchain: await installedFootprint(join(projects.credchain, 'node_modules')),
      sdk: await installedFootprint(join(projects.sdk, 'node_modules')),
    };
    if (failures.length) return { failures, footprint };
    return { pairs: measured, footprint };
  } finally {
    await mongoWorld?.close();
    for (const dir of Object.values(projects)) await rm(dir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
    await rm(HELPERS, { recursive: true, force: true });
  }
}

/** Per side and metric: the spread of the pairs, and the per-pair ratios credchain/SDK. */
export function summarizeDriver({ pairs, footprint }) {
  const metrics = ['readyMs', 'wallMs', 'requireMs'];
  const side = (lib) => Object.fromEntries(metrics.map((metric) => [metric, spreadOf(pairs.map((pair) => pair[lib][metric]))]));
  return {
    pairs: pairs.length,
    credchain: side('credchain'),
    sdk: side('sdk'),
    ratio: Object.fromEntries(metrics.map((metric) => [metric, ratioSpread(pairs, 'credchain', 'sdk', metric)])),
    footprint,
  };
}

export const section = {
  id: 'driver',
  title: 'MongoDB driver: credchain installed as @aws-sdk/credential-providers vs the real one',
  options: { 'driver-pairs': { type: 'string', default: '10' } },
  async run(bench) {
    return measureDriver(Number(bench.args['driver-pairs'])).catch((error) => ({ failures: [error.message] }));
  },
  report(result) {
    if (result.failures) return { markdown: result.failures.map((failure) => `- FAILED: ${failure}`).join('\n'), verdicts: [], failed: true };
    const s = summarizeDriver(result);
    const mb = (bytes) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
    const rows = [
      ['cold process to the first MONGODB-AWS-authenticated command (require mongodb, connect, authenticate), ms', withSpread(s.credchain.readyMs), withSpread(s.sdk.readyMs), ratioWithSpread(s.ratio.readyMs)],
      ['wall (spawn to exit), ms', withSpread(s.credchain.wallMs), withSpread(s.sdk.wallMs), ratioWithSpread(s.ratio.wallMs)],
      ["`require('@aws-sdk/credential-providers')` alone, as the driver does it, ms", withSpread(s.credchain.requireMs), withSpread(s.sdk.requireMs), ratioWithSpread(s.ratio.requireMs)],
      ['installed `node_modules` (mongodb included)', `${count(s.footprint.credchain.packages)} packages, ${mb(s.footprint.credchain.bytes)}`, `${count(s.footprint.sdk.packages)} packages, ${mb(s.footprint.sdk.bytes)}`, ''],
    ];
    const markdown = `Two throwaway projects with mongodb (bench/driver.mjs); the driver calls the package's
\`fromNodeProviderChain()\` itself; credentials from the environment; the fake MongoDB server on loopback.
${s.pairs} pairs of cold processes.

${markdownTable(['', 'credchain as the SDK\'s package', 'the SDK\'s package', 'credchain / SDK'], rows)}`;
    return { markdown, verdicts: [], failed: false, data: s };
  },
};
