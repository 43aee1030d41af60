// What the app's MongoDB driver will load as @aws-sdk/credential-providers, seen from the app's
// directory the way Node resolves it (node_modules up the tree, then NODE_PATH — which is how the
// Lambda runtime's own SDK is found): credchain under that name, the AWS SDK, or nothing. For the SDK,
// the cost is measured: a cold require() of it in a child process, as the driver will do it.
// `credchain explain` and `atlas-check` report it (the library's own check is src/driver-sdk-note.ts).

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { INSTALL_UNDER_SDK_NAME, SDK_PACKAGE } from '../driver-sdk-message.js';
import { outsideText } from '../outside-text.js';

export interface InstalledPackage {
  name: string;
  version: string;
  /** The package folder. */
  path: string;
}

export interface DriverPackageReport {
  /** The app's folder (its package.json lists mongodb). */
  appDir: string;
  /** The mongodb package the app resolves. */
  driver?: InstalledPackage;
  /** What the driver's require('@aws-sdk/credential-providers') gets (no-driver: mongodb is not installed). */
  kind: 'credchain' | 'sdk' | 'missing' | 'no-driver';
  provider?: InstalledPackage;
  /** For the SDK: a cold require() of it, measured here (median of 3 child processes), in ms. */
  requireMs?: number;
  /** One paragraph for people. */
  summary: string;
  /** What to do, when something is to be done. */
  fix?: string;
}

const MEASURE_RUNS = 3;
const MEASURE_TIMEOUT_MS = 10_000;

/**
 * The app whose driver is looked at: the nearest package.json from `dir` upwards, when it lists mongodb
 * in its dependencies (a package that has the driver only among its devDependencies — a library, a
 * tool such as credchain itself — is not deployed with it). undefined: not a MongoDB app.
 */
export async function findMongoDbApp(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const text = await readFile(join(current, 'package.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        const manifest = JSON.parse(text) as { dependencies?: Record<string, unknown> };
        return manifest.dependencies && Object.hasOwn(manifest.dependencies, 'mongodb') ? current : undefined;
      } catch {
        return undefined;
      }
    }
    if (current === dirname(current)) return undefined;
  }
}

/** What the driver of the app around `dir` (findMongoDbApp) loads; undefined when `dir` is in no MongoDB app. */
export async function inspectDriverPackage(dir: string, env: Record<string, string | undefined>): Promise<DriverPackageReport | undefined> {
  const appDir = await findMongoDbApp(dir);
  if (appDir === undefined) return undefined;
  const driver = await resolvePackage(join(appDir, 'noop.js'), 'mongodb');
  if (!driver) {
    return { appDir, kind: 'no-driver', summary: `${outsideText(appDir)}/package.json lists mongodb, but it is not installed: run npm install.` };
  }
  // Resolved from the driver's own folder: that is where its require() starts.
  const provider = await resolvePackage(join(driver.path, 'lib', 'deps.js'), SDK_PACKAGE);
  const shown = (pkg: InstalledPackage) => `${outsideText(pkg.name)} ${outsideText(pkg.version)} (${outsideText(displayPath(appDir, pkg.path))})`;
  const intro = `mongodb ${outsideText(driver.version)} loads ${SDK_PACKAGE} on its first MONGODB-AWS login`;
  if (!provider) {
    return {
      appDir,
      driver,
      kind: 'missing',
      summary: `${intro}, and finds none from ${outsideText(displayPath(appDir, driver.path))}: mongodb 7.x refuses MONGODB-AWS without it, even with AWS_CREDENTIAL_PROVIDER set.`,
      fix: INSTALL_UNDER_SDK_NAME,
    };
  }
  if (provider.name === 'credchain') return { appDir, driver, kind: 'credchain', provider, summary: `${intro}: credchain ${outsideText(provider.version)} is installed under that name, no AWS SDK code is loaded.` };
  const requireMs = await measureRequire(appDir, provider.path, env);
  const cost = requireMs === undefined ? 'its require() could not be timed here' : `its require() alone takes ${requireMs.toFixed(0)} ms here, in every cold start, whatever AWS_CREDENTIAL_PROVIDER you pass`;
  return { appDir, driver, kind: 'sdk', provider, ...(requireMs === undefined ? {} : { requireMs }), summary: `${intro}: the AWS SDK, ${shown(provider)}; ${cost}.`, fix: INSTALL_UNDER_SDK_NAME };
}

/** The package folder and manifest `name` resolves to from the module `from`, or undefined. */
async function resolvePackage(from: string, name: string): Promise<InstalledPackage | undefined> {
  let main: string;
  try {
    // Through getBuiltinModule: a static import of node:module lands in the bundler's shared runtime file (scripts/build.mjs).
    main = process.getBuiltinModule('node:module').createRequire(from).resolve(name);
  } catch {
    return undefined;
  }
  // The folder is the nearest one up from the entry file whose package.json has a name (dist/cjs/ may hold a bare {"type"} one).
  for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
    const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let manifest: { name?: unknown; version?: unknown };
    try {
      manifest = JSON.parse(text) as typeof manifest;
    } catch {
      return undefined;
    }
    if (typeof manifest.name === 'string') return { name: manifest.name, version: typeof manifest.version === 'string' ? manifest.version : '(no version)', path: dir };
  }
  return undefined;
}

/** Median of cold require() times in child processes that see only PATH and NODE_PATH (never a credential). */
async function measureRequire(appDir: string, packageDir: string, env: Record<string, string | undefined>): Promise<number | undefined> {
  const script = `const t = performance.now(); require(${JSON.stringify(packageDir)}); process.stdout.write(String(performance.now() - t));`;
  const childEnv: Record<string, string> = { PATH: env.PATH ?? '' };
  if (env.NODE_PATH) childEnv.NODE_PATH = env.NODE_PATH;
  const times: number[] = [];
  for (let run = 0; run < MEASURE_RUNS; run++) {
    const ms = await new Promise<number | undefined>((resolve) => {
      execFile(process.execPath, ['-e', script], { cwd: appDir, env: childEnv, timeout: MEASURE_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (error, stdout) => {
        const value = Number(stdout);
        resolve(error || !Number.isFinite(value) ? undefined : value);
      });
    });
    if (ms === undefined) return undefined;
    times.push(ms);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function displayPath(appDir: string, path: string): string {
  const inside = relative(appDir, path);
  return inside.startsWith('..') ? path : `./${inside}`;
}
