// What the app's MongoDB driver will load as @aws-sdk/credential-providers: credchain under that
// name, the AWS SDK, or nothing. `credchain explain` and `atlas-check` report it (the library's own
// check is src/driver-sdk-note.ts).
//
// Read-only, by design: the folder it runs in may be an untrusted checkout, and its code would run
// next to the real ~/.aws. So nothing found is loaded or executed — not even require.resolve(),
// whose own package.json reads block on a FIFO. Node's resolution rules are followed here instead
// (node_modules up from the requiring file's real folder, then NODE_PATH and the home folders — how
// the Lambda runtime's own SDK is found), reading only package.json files through Context's bounded
// reader (regular files, size cap). The SDK's cost is left to the benchmark (no figure in the text),
// not a live measurement.

import { realpath } from 'node:fs/promises';
import { basename, delimiter, dirname, join, relative } from 'node:path';
import type { Context } from '../context.js';
import { INSTALL_UNDER_SDK_NAME, SDK_PACKAGE } from '../driver-sdk-message.js';
import { readFailureSuffix } from '../io/file-limits.js';
import { outsideText } from '../outside-text.js';

export interface InstalledPackage {
  name: string;
  version: string;
  /** The package folder. */
  path: string;
}

export interface DriverPackageReport {
  /** The app's folder (its package.json lists mongodb); `unreadable` before the app was found: the folder of that package.json. */
  appDir: string;
  /** The mongodb package the app resolves. */
  driver?: InstalledPackage;
  /**
   * What the driver's require('@aws-sdk/credential-providers') gets (no-driver: mongodb is not
   * installed; unreadable: a package.json on the way cannot be read, so the check stopped).
   */
  kind: 'credchain' | 'sdk' | 'missing' | 'no-driver' | 'unreadable';
  provider?: InstalledPackage;
  /** One paragraph for people. */
  summary: string;
  /** What to do, when something is to be done. */
  fix?: string;
}

/** What the check reads: files through Context (bounded), the environment, and folders' real paths. */
export interface PackageFiles {
  readFile: Context['readFile'];
  env: Record<string, string | undefined>;
  /**
   * The folder with symlinks resolved: Node resolves a package's own require()s from its real path
   * (pnpm links packages into node_modules). Default: node:fs realpath (it reads no file contents).
   */
  realpath?(path: string): Promise<string>;
}

/** A package.json is small; anything above this is not one a package manager wrote. */
const MANIFEST_MAX_BYTES = 1024 * 1024;

/** A package.json on the way that cannot be used: the check stops and says which and why. */
class ManifestError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'unreadable' | 'not-json',
    why: string,
  ) {
    super(`cannot read ${outsideText(path)}${why}`);
  }
}

type Manifest = { name?: unknown; version?: unknown; dependencies?: unknown };

/** The parsed package.json at `path`; undefined when there is none. Throws ManifestError when it cannot be read or parsed. */
async function readManifest(files: PackageFiles, path: string): Promise<Manifest | undefined> {
  let text: string | undefined;
  try {
    text = await files.readFile(path, { maxBytes: MANIFEST_MAX_BYTES });
  } catch (error) {
    throw new ManifestError(path, 'unreadable', readFailureSuffix(error));
  }
  if (text === undefined) return undefined;
  try {
    const manifest = JSON.parse(text) as unknown;
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error('not an object');
    return manifest as Manifest;
  } catch {
    throw new ManifestError(path, 'not-json', ': it is not a JSON object');
  }
}

/**
 * The app whose driver is looked at: the nearest package.json from `dir` upwards, when it lists mongodb
 * in its dependencies (a package that has the driver only among its devDependencies — a library, a
 * tool such as credchain itself — is not deployed with it). undefined: not a MongoDB app. Throws
 * ManifestError when the nearest package.json cannot be read (a FIFO, too large, not JSON).
 */
export async function findMongoDbApp(dir: string, files: PackageFiles): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = await readManifest(files, join(current, 'package.json')).catch((error: unknown) => {
      // Not JSON: not an app we can tell anything about (as before the reads were bounded); other refusals are said.
      if (error instanceof ManifestError && error.reason === 'not-json') return null;
      throw error;
    });
    if (manifest === null) return undefined;
    if (manifest !== undefined) {
      const deps = manifest.dependencies;
      return deps !== null && typeof deps === 'object' && Object.hasOwn(deps, 'mongodb') ? current : undefined;
    }
    if (current === dirname(current)) return undefined;
  }
}

/** What the driver of the app around `dir` (findMongoDbApp) loads; undefined when `dir` is in no MongoDB app. */
export async function inspectDriverPackage(dir: string, files: PackageFiles): Promise<DriverPackageReport | undefined> {
  const found: { appDir?: string } = {};
  try {
    return await inspect(dir, files, found);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return {
      appDir: found.appDir ?? dirname(error.path),
      kind: 'unreadable',
      summary: `not checked: ${error.message}.`,
      fix: `Replace ${outsideText(error.path)} with the regular package.json file a package manager writes (npm install)`,
    };
  }
}

async function inspect(dir: string, files: PackageFiles, found: { appDir?: string }): Promise<DriverPackageReport | undefined> {
  const appDir = await findMongoDbApp(dir, files);
  if (appDir === undefined) return undefined;
  found.appDir = appDir;
  // As the app's own code require()s it: from a file in its folder.
  const driver = await resolvePackage(files, appDir, 'mongodb');
  if (!driver) {
    return { appDir, kind: 'no-driver', summary: `${outsideText(appDir)}/package.json lists mongodb, but it is not installed: run npm install.` };
  }
  // From the driver's own code (lib/deps.js), in its real folder: that is where its require() starts.
  const driverReal = await (files.realpath ?? realpath)(driver.path).catch(() => driver.path);
  const provider = await resolvePackage(files, join(driverReal, 'lib'), SDK_PACKAGE);
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
  const cost = 'its require() loads the SDK\'s credential code on every cold start, whatever AWS_CREDENTIAL_PROVIDER you pass (what that costs: npm run bench, part "driver")';
  return { appDir, driver, kind: 'sdk', provider, summary: `${intro}: the AWS SDK, ${shown(provider)}; ${cost}.`, fix: INSTALL_UNDER_SDK_NAME };
}

/**
 * The package `name` as a require() from a file in `fromDir` finds it (Node's "LOAD_NODE_MODULES",
 * then the global folders): the first candidate folder with a package.json — what npm, yarn and pnpm
 * install. (Node would also load a bare NAME.js or a folder with only index.js; no installer leaves
 * those. $PREFIX/lib/node, the last global folder, belongs to the node that runs the app, which need
 * not be this one, and npm never installs there.)
 */
async function resolvePackage(files: PackageFiles, fromDir: string, name: string): Promise<InstalledPackage | undefined> {
  for (const folder of searchFolders(fromDir, files.env)) {
    const path = join(folder, name);
    const manifest = await readManifest(files, join(path, 'package.json'));
    if (manifest === undefined) continue;
    return {
      name: typeof manifest.name === 'string' ? manifest.name : '(no name)',
      version: typeof manifest.version === 'string' ? manifest.version : '(no version)',
      path,
    };
  }
  return undefined;
}

/** node_modules in `fromDir` and each folder above it (but not node_modules/node_modules), then NODE_PATH, ~/.node_modules, ~/.node_libraries. */
function searchFolders(fromDir: string, env: Record<string, string | undefined>): string[] {
  const folders: string[] = [];
  for (let current = fromDir; ; current = dirname(current)) {
    if (basename(current) !== 'node_modules') folders.push(join(current, 'node_modules'));
    if (current === dirname(current)) break;
  }
  for (const entry of (env.NODE_PATH ?? '').split(delimiter)) if (entry) folders.push(entry);
  if (env.HOME) folders.push(join(env.HOME, '.node_modules'), join(env.HOME, '.node_libraries'));
  return folders;
}


function displayPath(appDir: string, path: string): string {
  const inside = relative(appDir, path);
  return inside.startsWith('..') ? path : `./${inside}`;
}
