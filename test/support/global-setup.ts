// Once per test run (per project), before any test file:
// - a temporary root of the run's own: TMPDIR for the workers and their children, checked empty at
//   the end (a test that leaves a file or directory behind fails the run, naming it);
// - dist/ built when a test of the run needs it (tests tagged `process` run the built CLI and
//   package) and it is not the build of the current sources (scripts/build-stamp.mjs);
//   CREDCHAIN_SKIP_BUILD=1 skips it whatever the state of dist/;
// - for the package project, the one `npm pack` tarball every package test installs (sharedTarball).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIsCurrent } from '../../scripts/build-stamp.mjs';
import { repoRoot } from './consumer-project.js';
import { packOnce } from './shared-tarball.js';

/** Set in this (the main) process by the first project's setup; every later one and every worker finds it. */
const RUN_TMPDIR = 'CREDCHAIN_TEST_RUN_TMPDIR';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const teardown = makeRunTemporaryRoot();
  if (needsBuild(project)) build();
  if (project.name === 'package') project.provide('tarball', await packOnce());
  return teardown;
}

/**
 * Only tests tagged `process` (vitest.config.ts) read dist/: the unit lane (`--tags-filter=!process`)
 * needs no build, nor does the package project (the pack builds in a copy of the sources).
 */
function needsBuild(project: TestProject): boolean {
  if (process.env.CREDCHAIN_SKIP_BUILD === '1' || project.name === 'package') return false;
  const withoutProcessTests = (project.globalConfig.tagsFilter ?? []).some((expression) => /(^|[^\w-])!\s*process\b/.test(expression));
  return !withoutProcessTests && !buildIsCurrent(repoRoot);
}

function build(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}

function makeRunTemporaryRoot(): (() => void) | undefined {
  if (process.env[RUN_TMPDIR]) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'credchain-test-run-'));
  process.env[RUN_TMPDIR] = root;
  process.env.TMPDIR = root;
  return () => {
    // Node's module compile cache (os.tmpdir()/node-compile-cache), which npm turns on in the npm processes
    // the package tests start (Node >= 22): a tool's cache, not a test's leftover; removed with the root.
    const left = readdirSync(root).filter((entry) => entry !== 'node-compile-cache');
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      // A teardown's error is printed, but does not change vitest's exit status: set it.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temporary directory: ${left.sort().join(', ')} — remove them in the test that makes them (afterAll / finally)`);
    }
  };
}
