// Throwaway projects that install credchain the way a user does: from the tarball `npm pack` makes,
// next to real packages from the registry (the driver, the SDK's STS client), with `npm ci --offline`.
//
// Offline: tests run where only loopback exists. `npm ci` in this repository leaves every tarball of
// package-lock.json in npm's cache, but not the registry metadata a version range needs, so a
// throwaway project gets a lockfile too: the entries of this repository's package-lock.json for the
// packages it installs (pinned versions and integrity hashes, which the cache answers), plus the
// packed tarball. Whatever a consumer project installs from the registry must therefore be in this
// repository's package-lock.json (a devDependency).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
// @ts-expect-error -- plain JavaScript shared with the bench (bench/footprint.mjs), no declarations
import { dependencyClosure } from '../../bench/footprint.mjs';

const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** npm without network side errands (audit, fund, update check); every test install is offline. */
const NPM_ENV = { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

export interface PackedTarball {
  /** Absolute path of credchain-<version>.tgz. */
  path: string;
  /** `sha512-…`, as a lockfile records it. */
  integrity: string;
  /** The package.json inside the tarball. */
  manifest: { name: string; version: string; dependencies?: Record<string, string>; engines?: Record<string, string>; bin?: Record<string, string>; license?: string };
}

/**
 * `npm pack` of this repository, as a release does it: in a copy of the sources (so the `prepack`
 * build and its package.json rewrite never touch the checkout other tests are reading), with the
 * repository's node_modules for the build tools.
 */
export async function packTarball(destination: string): Promise<PackedTarball> {
  const copy = mkdtempSync(join(tmpdir(), 'credchain-pack-'));
  try {
    for (const entry of ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'scripts', 'src']) cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true });
    symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(copy, 'node_modules'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: copy, env: { ...process.env, ...NPM_ENV }, maxBuffer: 64 * 1024 * 1024 });
    // npm prints the lifecycle scripts' output before the JSON.
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1)) as { filename: string }[];
    const path = join(destination, packed!.filename);
    const bytes = readFileSync(path);
    const { stdout: manifest } = await run('tar', ['-xzOf', path, 'package/package.json']);
    return { path, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`, manifest: JSON.parse(manifest) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export interface ConsumerProjectOptions {
  /** The packed credchain (none: a project of registry packages only, to compare with) and the name(s) it is installed under (default its own). */
  tarball?: PackedTarball;
  installAs?: string | string[];
  /** Registry packages to install, at the version this repository's lockfile pins. */
  fromRegistry?: string[];
  /** package.json `overrides`. */
  overrides?: Record<string, string>;
}

/** A new directory with package.json + package-lock.json for `options`, installed with `npm ci --offline`. */
export async function installConsumerProject(options: ConsumerProjectOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'credchain-consumer-'));
  const { tarball, fromRegistry = [], overrides } = options;
  const names = [options.installAs ?? tarball?.manifest.name ?? 'credchain'].flat();
  const repoLock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const pinned = (name: string) => {
    const entry = repoLock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not in package-lock.json: add it as a devDependency so \`npm ci\` caches it`);
    return entry.version as string;
  };

  const tarballSpec = tarball && `file:${basename(tarball.path)}`;
  if (tarball) cpSync(tarball.path, join(dir, basename(tarball.path)));
  const dependencies: Record<string, string> = {
    ...Object.fromEntries(tarballSpec ? names.map((name) => [name, tarballSpec]) : []),
    ...Object.fromEntries(fromRegistry.map((name) => [name, pinned(name)])),
  };
  const pkg = { name: 'credchain-consumer', version: '1.0.0', private: true, dependencies, ...(overrides ? { overrides } : {}) };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

  // The packages the tarball and the registry packages need, with this repository's pinned entries.
  const closure: string[] = dependencyClosure(repoLock, [...Object.keys(tarball?.manifest.dependencies ?? {}), ...fromRegistry]);
  const packages: Record<string, unknown> = { '': { name: pkg.name, version: pkg.version, dependencies } };
  for (const installAs of tarball ? names : []) {
    packages[`node_modules/${installAs}`] = {
      ...(installAs === tarball!.manifest.name ? {} : { name: tarball!.manifest.name }),
      version: tarball!.manifest.version,
      resolved: tarballSpec,
      integrity: tarball!.integrity,
      license: tarball!.manifest.license,
      dependencies: tarball!.manifest.dependencies,
      engines: tarball!.manifest.engines,
      bin: tarball!.manifest.bin,
    };
  }
  for (const path of closure) {
    // Flags describing the repository's dependency graph (dev, peer, optional) do not hold here.
    const { dev, peer, optional, devOptional, ...entry } = repoLock.packages[path]!;
    // This repository's lockfile leaves out registry URLs; with one, npm takes the tarball from its
    // cache by integrity and needs no registry metadata (which `npm ci` does not cache).
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[path] = { ...entry, resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${String(entry.version)}.tgz` };
  }
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);

  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env: { ...process.env, ...NPM_ENV }, maxBuffer: 64 * 1024 * 1024 }).catch((error) => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm ci --offline failed in a consumer project: ${String(error.stderr ?? error.message).slice(-2000)}`);
  });
  return dir;
}

/** Writes `files` (relative path → contents) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [relative, contents] of Object.entries(files)) {
    const path = join(dir, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, contents);
  }
}

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node ...args` in `cwd` with exactly `env` (plus PATH; IMDS off unless `env` says otherwise),
 * asynchronously so an emulator or fake server in the test process can answer it.
 */
export async function runNode(args: string[], cwd: string, env: Record<string, string>): Promise<NodeRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : null, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/** `tsc -p <project>` with this repository's TypeScript (a consumer project does not install its own). */
export function runTsc(project: string): Promise<NodeRun> {
  return runNode([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], project, {});
}
