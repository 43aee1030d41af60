// One `npm pack` for every package test: made by the package project's global setup, kept in
// node_modules/.cache/credchain-pack/<hash of what goes into it>/ so a run with unchanged sources
// packs nothing at all, and handed to the tests with vitest's provide/inject.
//
//   const tarball = sharedTarball();   // in a test/package/ file
//   const project = await installConsumerProject({ tarball, … });
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { sourceHash } from '../../scripts/build-stamp.mjs';
import { packTarball, repoRoot, type PackedTarball } from './consumer-project.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarball: PackedTarball;
  }
}

const CACHE = join(repoRoot, 'node_modules/.cache/credchain-pack');
/** Packed besides what the build reads (sourceHash): the files the tarball carries and the manifest rewrite. */
const PACK_INPUTS = ['README.md', 'LICENSE', 'scripts/pack-manifest.mjs'];

function packHash(): string {
  const hash = createHash('sha256').update(sourceHash(repoRoot));
  for (const file of PACK_INPUTS) hash.update(`${file}\0`).update(readFileSync(join(repoRoot, file))).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/** The tarball of the current sources: from the cache, else packed now (and the cache keeps only it). */
export async function packOnce(): Promise<PackedTarball> {
  const dir = join(CACHE, packHash());
  const record = join(dir, 'tarball.json');
  if (existsSync(record)) {
    const cached = JSON.parse(readFileSync(record, 'utf8')) as PackedTarball;
    if (existsSync(cached.path)) return cached;
  }
  mkdirSync(CACHE, { recursive: true });
  for (const stale of readdirSync(CACHE)) rmSync(join(CACHE, stale), { recursive: true, force: true });
  // Packed next to the final place and renamed into it: a concurrent run never reads half a cache entry.
  const staging = `${dir}.${process.pid}.tmp`;
  mkdirSync(staging, { recursive: true });
  const packed = await packTarball(staging);
  renameSync(staging, dir);
  const tarball = { ...packed, path: join(dir, packed.path.slice(staging.length + 1)) };
  writeFileSync(record, `${JSON.stringify(tarball, null, 2)}\n`);
  return tarball;
}

/** The run's tarball, in a package test (test/package/). */
export function sharedTarball(): PackedTarball {
  return inject('tarball');
}
