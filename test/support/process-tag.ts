// The tag of tests that start child processes (docs/development.md, "Which lane a test is in"), and the test files tagged as a
// whole (`// @module-tag process`): vitest.config.ts gives those a project of their own, so the unit
// lane does not even load them; test/support/child-processes.ts lets their code start processes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROCESS_TAG = 'process';
const MODULE_TAG = new RegExp(`(?://|\\*)\\s*@module-tag\\s+${PROCESS_TAG}\\b`);

/** Whether a test file's text tags the whole file (vitest's own rule for `@module-tag`). */
export function taggedAsWhole(text: string): boolean {
  return MODULE_TAG.test(text);
}

/** The test files under `dir` (relative to `root`, e.g. `test/cli/exec.test.ts`) tagged as a whole. */
export function filesTaggedAsWhole(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .filter((file) => taggedAsWhole(readFileSync(join(root, file), 'utf8')))
    .sort();
}
