// The package.json that goes into the tarball: the repository's, without what only working on the
// repository needs. `prepare` builds dist/ on `npm ci` in a fresh clone (and on git installs), but in
// the tarball it would be an install-time script; dist/ is built at pack time instead (`prepack`).
//
//   node scripts/pack-manifest.mjs strip     # prepack: keep package.json as package.json.unpacked, write the packed one
//   node scripts/pack-manifest.mjs restore   # postpack: put the repository's package.json back

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = `${root}package.json`;
const kept = `${root}package.json.unpacked`;

/** The repository's manifest as published: no scripts (build, test and `prepare`), no devDependencies. */
export function packedManifest(pkg) {
  const { scripts, devDependencies, ...published } = pkg;
  return published;
}

const command = process.argv[2];
if (command === 'strip') {
  // A leftover from an interrupted pack is the repository's manifest: never overwrite it with a stripped one.
  if (!existsSync(kept)) renameSync(manifest, kept);
  writeFileSync(manifest, `${JSON.stringify(packedManifest(JSON.parse(readFileSync(kept, 'utf8'))), null, 2)}\n`);
} else if (command === 'restore') {
  if (existsSync(kept)) renameSync(kept, manifest);
} else if (command !== undefined) {
  process.stderr.write(`usage: node scripts/pack-manifest.mjs strip|restore (got ${command})\n`);
  process.exitCode = 2;
}
