// Whether dist/ is the build of the sources as they are now: a hash of every input of the build
// (src/, this script and build.mjs, tsconfig.json, package.json, package-lock.json for the tool
// versions), written to dist/.build-stamp by each build of dist/ and compared by the test run's
// global setup, which rebuilds only when they differ (test/support/global-setup.ts).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const INPUTS = ['src', 'scripts/build.mjs', 'scripts/build-stamp.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];
/** What a test run needs from dist/ besides the stamp (a build interrupted halfway has no stamp). */
const OUTPUTS = ['dist/index.js', 'dist/cjs/index.js', 'dist/cli/main.js', 'dist/emulator/index.js', 'dist/emulator/atlas/index.js', 'dist/index.d.ts'];
export const STAMP = 'dist/.build-stamp';

/** sha256 over the build's inputs, file by file in a stable order (paths included). */
export function sourceHash(root) {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((input) => filesUnder(root, input)).sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

function filesUnder(root, path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  try {
    return readdirSync(absolute, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch (error) {
    if (error.code === 'ENOTDIR') return [path];
    throw error;
  }
}

/** `hash`: sourceHash(root) taken before the build read its inputs. */
export function writeStamp(root, hash) {
  writeFileSync(join(root, STAMP), `${hash}\n`);
}

/** dist/ holds a complete build of the current sources. */
export function buildIsCurrent(root) {
  if (!OUTPUTS.every((output) => existsSync(join(root, output)))) return false;
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim() === sourceHash(root);
  } catch {
    return false;
  }
}
