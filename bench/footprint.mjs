// Install footprint: what `npm install credchain` brings (the package + its runtime dependency
// closure) against what `npm install @aws-sdk/credential-providers` brings. The closure comes from
// package-lock.json (node's resolution over the lock's `node_modules/…` paths); sizes come from
// `npm pack --dry-run --json` over the installed package folders: `size` is the gzipped tarball
// npm would publish/download, `unpackedSize` what lands on disk.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './harness.mjs';
import { count } from './report.mjs';

const run = promisify(execFile);

/** Where `name` resolves from the package at lock path `from` ('' = the root), or undefined. */
function resolveInLock(packages, from, name) {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

/**
 * Lock paths of every package installed for `names` (required from the root), transitively.
 * Runtime edges only: dependencies, optionalDependencies that are installed, and non-optional peers.
 */
export function dependencyClosure(lock, names) {
  const packages = lock.packages;
  const seen = new Set();
  const queue = names.map((name) => resolveInLock(packages, '', name)).filter(Boolean);
  while (queue.length > 0) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = packages[path];
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const wanted = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers[peer]?.optional),
    ];
    for (const name of wanted) {
      const resolved = resolveInLock(packages, path, name);
      if (resolved && !seen.has(resolved)) queue.push(resolved);
    }
  }
  return [...seen].sort();
}

/** `npm pack --dry-run --json` for folders (paths relative to root); one npm run for all of them. */
async function packSizes(root, folders) {
  if (folders.length === 0) return [];
  // "./" matters: a bare "node_modules/x" is read by npm as a GitHub shorthand (a network fetch).
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...folders.map((f) => `./${f}`)], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  return JSON.parse(stdout).map(({ name, version, size, unpackedSize, entryCount }) => ({ name, version, size, unpackedSize, entryCount }));
}

function total(list) {
  return {
    packages: list.length,
    size: list.reduce((sum, p) => sum + p.size, 0),
    unpackedSize: list.reduce((sum, p) => sum + p.unpackedSize, 0),
  };
}

/** Footprints of credchain (itself + runtime closure), the SDK's credential-providers, and its -node chain alone. */
export async function measureFootprint(root) {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8'));
  const runtimeNames = Object.keys(lock.packages[''].dependencies ?? {});
  const credchainDeps = dependencyClosure(lock, runtimeNames);
  const sdkProviders = dependencyClosure(lock, ['@aws-sdk/credential-providers']);
  const sdkNode = dependencyClosure(lock, ['@aws-sdk/credential-provider-node']);
  const all = [...new Set([...credchainDeps, ...sdkProviders, ...sdkNode])];
  const [self] = await packSizes(root, ['.']);
  const packed = await packSizes(root, all);
  const sized = new Map(
    packed.map((entry, index) => {
      const path = all[index];
      // npm answers in argument order; make sure, since a mix-up would silently misattribute sizes.
      if (!path.endsWith(`node_modules/${entry.name}`)) throw new Error(`footprint: npm pack returned ${entry.name} for ${path}`);
      return [path, entry];
    }),
  );
  const pick = (paths) => paths.map((path) => sized.get(path));
  return {
    method: 'npm pack --dry-run --json over the installed folders; closure from package-lock.json',
    credchain: { self, dependencies: total(pick(credchainDeps)), total: total([self, ...pick(credchainDeps)]) },
    sdk: total(pick(sdkProviders)),
    sdkNodeOnly: total(pick(sdkNode)),
  };
}

const kb = (bytes) => `${count(Math.round(bytes / 1024))} kB`;

export const section = {
  id: 'footprint',
  title: 'Install footprint',
  async run() {
    return measureFootprint(root).catch((error) => ({ error: error.message }));
  },
  report(footprint) {
    if (footprint.error) return { markdown: `- FAILED: ${footprint.error}`, verdicts: [], failed: true };
    const { credchain, sdk, sdkNodeOnly } = footprint;
    const ratio = (a, b) => (a / b).toFixed(2);
    const markdown = [
      `- credchain itself: ${kb(credchain.self.size)} packed, ${kb(credchain.self.unpackedSize)} unpacked`,
      `- credchain + runtime dependencies: ${credchain.total.packages} packages, ${kb(credchain.total.size)} packed, ${kb(credchain.total.unpackedSize)} unpacked`,
      `- @aws-sdk/credential-providers + dependencies: ${sdk.packages} packages, ${kb(sdk.size)} packed, ${kb(sdk.unpackedSize)} unpacked`,
      `- @aws-sdk/credential-provider-node + dependencies: ${sdkNodeOnly.packages} packages, ${kb(sdkNodeOnly.size)} packed, ${kb(sdkNodeOnly.unpackedSize)} unpacked`,
      `- ratio credchain/credential-providers: ${ratio(credchain.total.size, sdk.size)} packed, ${ratio(credchain.total.unpackedSize, sdk.unpackedSize)} unpacked, ${ratio(credchain.total.packages, sdk.packages)} packages`,
      `- method: ${footprint.method}`,
    ].join('\n');
    return { markdown, verdicts: [], failed: false };
  },
};
