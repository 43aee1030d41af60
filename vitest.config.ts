// Test lanes (README, "Development"):
//   npm run test:unit     project unit without the tests tagged `process`: in process, no build, seconds
//   npm test              every project, every test (what CI runs)
//   npm run test:package  project package: the `npm pack` tarball installed in throwaway projects
// A test that starts a child process (the built CLI, node, a shell, npm) carries the tag `process`
// (`it(name, { tags: ['process'] }, fn)`, or `// @module-tag process` for a whole file); any other
// test that starts one fails (test/support/child-processes.ts). Whole tagged files outside
// test/package/ are the project `process`, so the unit lane does not even load them.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { filesTaggedAsWhole } from './test/support/process-tag.js';

const processFiles = filesTaggedAsWhole(fileURLToPath(new URL('.', import.meta.url)), 'test').filter((file) => !file.startsWith('test/package/'));

export default defineConfig({
  test: {
    setupFiles: ['test/support/setup.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A worker per core: vitest's default keeps one core for its main process, which mostly waits, and
    // on a 2-core machine that leaves a single worker (unit lane at load average 6: 29.6 s with one, 22.1 s with two).
    maxWorkers: availableParallelism(),
    // Tests that use the SDK as their oracle load its @aws-sdk/credential-providers into the test process,
    // so credchain's one-time note about that package (src/driver-sdk-note.ts) is true there and noise;
    // the note's own tests read it from the logger they pass.
    onConsoleLog: (log, type) => !(type === 'stderr' && log.startsWith("credchain: the MongoDB driver loaded the AWS SDK's")),
    // Transformed test and source modules kept on disk (node_modules/.experimental-vitest-cache, keyed by
    // each file's content and the config) between runs: a rerun of the unit lane transforms only what
    // changed. At load 13-14, transform 8.3 s -> 1.0 s and import 19.0 s -> 7.5 s (summed over files).
    experimental: { fsModuleCache: true },
    tags: [{ name: 'process', description: 'starts a child process (the built CLI, node, a shell, npm): not in the unit lane' }],
    projects: [
      // Test files share a worker's loaded modules (the SDK, the sources): a third of the CPU time of
      // a run with a fresh module graph per file. Every file still gets setup.ts and its own hooks.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/package/**', ...processFiles], isolate: false } },
      { extends: true, test: { name: 'process', include: processFiles } },
      { extends: true, test: { name: 'package', include: ['test/package/**/*.test.ts'] } },
    ],
  },
});
