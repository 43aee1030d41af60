// Smoke test of `npm run bench:lambda` (bench/lambda.mjs): one real round, end to end — the guide's
// handler bundled three ways, each run cold against the Atlas stand-in and checked — and the report's
// shape; no timing is asserted. --no-doc leaves docs/lambda.md as it is.
// @module-tag process
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

describe('bench/lambda.mjs', () => {
  it('one round: a row per bundle (the floor too) with ratios, the five bundle sizes, what credchain adds; the guide untouched', { timeout: 120_000 }, async () => {
    const doc = readFileSync(join(root, 'docs/lambda.md'), 'utf8');
    const { stdout } = await run(process.execPath, ['bench/lambda.mjs', '--rounds', '1', '--no-doc'], { cwd: root, timeout: 110_000, maxBuffer: 4 * 1024 * 1024 });
    expect(stdout).toMatch(/^`npm run bench:lambda` on \d{4}-\d{2}-\d{2}: \d+ × .*, Node v\d+/);
    expect(stdout).toMatch(/^\| credchain under the SDK's name \(recommended, esbuild alias\) \| \d+\.\d \| \d+\.\d–\d+\.\d \| \d+\.\d \| \d\.\d\d, \d\.\d\d \| \d\.\d\d, \d\.\d\d \|$/m);
    expect(stdout).toMatch(/^\| the SDK's `fromNodeProviderChain\(\)`, bundled in \| \d+\.\d \| .* \| 1 \| \d\.\d\d, \d\.\d\d \|$/m);
    expect(stdout).toMatch(/^\| the SDK's `fromNodeProviderChain\(\)`, `@aws-sdk\/\*` external .* \| \d\.\d\d, \d\.\d\d \| 1 \|$/m);
    expect(stdout).toMatch(/^\| credchain as the provider, the SDK installed too \(no alias\): the driver bundles the SDK \| \d+\.\d \| .* \| \d\.\d\d, \d\.\d\d \| \d\.\d\d, \d\.\d\d \|$/m);
    expect(stdout).toMatch(/^\| floor: no credential package .* \| \d\.\d\d, \d\.\d\d \| \d\.\d\d, \d\.\d\d \|$/m);
    expect(stdout).toMatch(/the best ratio any package could reach here is \d\.\d\d \(time\), \d\.\d\d \(CPU\)\.$/m);
    for (const name of ['credchain alone', "the SDK's chain alone", 'mongodb + credchain, as recommended', 'mongodb + the SDK', 'mongodb + credchain + the SDK', 'mongodb alone']) {
      expect(stdout).toMatch(new RegExp(`^\\| ${name.replace(/[+()]/g, '\\$&')}.* \\| \\d+\\.\\d \\| \\d+\\.\\d \\|$`, 'm'));
    }
    expect(stdout).toMatch(/^credchain adds \d+\.\d kB \(min \+ gzip\) to a MongoDB handler bundle; the SDK adds \d+\.\d kB\.$/m);
    expect(readFileSync(join(root, 'docs/lambda.md'), 'utf8')).toBe(doc);
  });
});
