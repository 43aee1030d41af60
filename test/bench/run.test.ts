// Smoke test of the benchmark harness: one real pair of cold starts end to end (no timing
// assertions), plus the pure parts — statistics, the lock-file closure, the child environment.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { withProcessEnv } from '../support/sdk-oracle.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
// The bench is plain .mjs (no declarations): load it by URL and describe the few parts used here.
const load = (file: string) => import(pathToFileURL(join(root, 'bench', file)).href);

interface Scenario {
  id: string;
  imds?: boolean;
  setup(paths: Record<string, unknown>): { env: Record<string, string>; files: Record<string, string>; expect: Record<string, unknown> };
}

describe('bench statistics', () => {
  it('takes medians of odd and even samples and ignores non-numbers', async () => {
    const { median, medianPairRatio } = await load('stats.mjs');
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 2])).toBe(2);
    expect(median([])).toBeNaN();
    const pairs = [
      { credchain: { resolveMs: 1 }, sdk: { resolveMs: 10 } },
      { credchain: { resolveMs: 3 }, sdk: { resolveMs: 10 } },
      { credchain: { resolveMs: 1 }, sdk: { resolveMs: 2 } },
    ];
    // Per-pair ratios 0.1, 0.3, 0.5 → 0.3 (a ratio of medians would say 1/10 = 0.1).
    expect(medianPairRatio(pairs, 'resolveMs')).toBeCloseTo(0.3);
  });

  it('judges the resolve target per scenario', async () => {
    const { summarize } = await load('report.mjs');
    const pair = (c: number, s: number) => ({
      credchain: { importMs: 1, resolveMs: c, wallMs: 1, maxRssMb: 1 },
      sdk: { importMs: 10, resolveMs: s, wallMs: 1, maxRssMb: 1 },
    });
    const [met, missed, untargeted] = summarize([
      { scenario: { id: 'a', target: 0.1 }, pairs: [pair(1, 20)] },
      { scenario: { id: 'b', target: 0.1 }, pairs: [pair(5, 20)] },
      { scenario: { id: 'c' }, pairs: [pair(5, 20)] },
    ]);
    expect(met.verdicts).toEqual([{ what: 'resolve', ratio: 0.05, target: 0.1, met: true }]);
    expect(missed.verdicts[0].met).toBe(false);
    expect(untargeted.verdicts).toEqual([]);
  });
});

describe('bench footprint closure', () => {
  it('follows node resolution over lock paths: nested versions shadow hoisted ones, optional peers are left out', async () => {
    const { dependencyClosure } = await load('footprint.mjs');
    const lock = {
      packages: {
        '': { dependencies: { a: '1' } },
        'node_modules/a': { dependencies: { b: '2', '@s/c': '1' }, peerDependencies: { p: '1', q: '1' }, peerDependenciesMeta: { q: { optional: true } } },
        'node_modules/a/node_modules/b': { dependencies: { d: '1' } },
        'node_modules/b': { dependencies: { unused: '1' } },
        'node_modules/@s/c': {},
        'node_modules/d': {},
        'node_modules/p': {},
        'node_modules/q': {},
        'node_modules/unused': {},
      },
    };
    expect(dependencyClosure(lock, ['a'])).toEqual(['node_modules/@s/c', 'node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/d', 'node_modules/p']);
  });
});

describe('bench child environment', () => {
  it('inherits nothing from the parent and points every endpoint at loopback', async () => {
    const { scenarios, childEnv } = (await load('scenarios.mjs')) as { scenarios: Scenario[]; childEnv: Function };
    await withProcessEnv({ AWS_SECRET_ACCESS_KEY: 'parent-secret-must-not-pass' }, async () => {
      const paths = { home: '/tmp/bench-home', emulatorUrl: 'http://127.0.0.1:1', closedUrl: 'http://127.0.0.1:2', now: Date.parse('2026-01-01T00:00:00Z') };
      expect(scenarios.map((s) => s.id)).toHaveLength(11);
      for (const scenario of scenarios) {
        const { env: own, expect: wanted } = scenario.setup(paths);
        const env = childEnv(scenario, own, paths) as Record<string, string>;
        expect(Object.keys(env).filter((name) => !name.startsWith('AWS_')).sort()).toEqual(['HOME', 'PATH']);
        expect(Object.values(env)).not.toContain('parent-secret-must-not-pass');
        for (const value of Object.values(env).filter((v) => /^https?:/.test(v))) expect(value).toMatch(/^http:\/\/127\.0\.0\.1:\d+(\/|$)/);
        if (!scenario.imds) expect(env.AWS_EC2_METADATA_DISABLED).toBe('true');
        expect(Object.keys(wanted).length).toBeGreaterThan(0);
      }
    });
  });
});

describe('bench run (smoke)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a pair of cold starts per scenario in fresh processes and writes the table and RESULTS.md', { tags: ['process'], timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'credchain-bench-test-'));
    const results = join(dir, 'RESULTS.md');
    const { stdout } = await run(
      process.execPath,
      ['bench/run.mjs', '--pairs', '1', '--warm-pairs', '1', '--only', 'env,ecs,none-imds-off', '--skip-in-process', '--skip-footprint', '--skip-driver', '--results', results],
      { cwd: root, timeout: 60_000 },
    );
    expect(stdout).toMatch(/^env\s+credchain(\s+[\d.]+){8}\s*$/m);
    expect(stdout).toMatch(/^\s+sdk\s+[\d.]+/m);
    expect(stdout).toMatch(/^none-imds-off\s+credchain/m);
    // The emulator scenario ran and its answers were checked against what the emulator issued.
    expect(stdout).toMatch(/^ecs\s+credchain(\s+[\d.]+){8}\s*$/m);
    expect(stdout).toMatch(/^\s+ratio\s+[\d.]+/m);
    expect(stdout).toMatch(/import \(all scenarios\) [\d.]+/);
    // The require column: credchain's CommonJS build against the SDK's, answers checked too.
    expect(stdout).toMatch(/require \(all scenarios\) [\d.]+/);
    const markdown = await readFile(results, 'utf8');
    expect(markdown).toContain(`Node: ${process.version}`);
    expect(markdown).toMatch(/\| env \| credchain \| [\d.]+ \|/);
  });

  it('serve scenario: clients through credchain serve make 1 upstream call, own chains one each (checked by the bench itself)', { tags: ['process'], timeout: 90_000 }, async () => {
    const { stdout } = await run(process.execPath, ['bench/serve.mjs', '--clients', '2', '--runs', '1'], { cwd: root, timeout: 90_000 });
    expect(stdout).toMatch(/^\| SDK fromNodeProviderChain\(\), own chain each +\| 2 +\| 2 +\| \d+ +\| [\d.]+ +\|$/m);
    expect(stdout).toMatch(/^\| SDK fromNodeProviderChain\(\), through credchain serve +\| 1 +\| 1 +\| \d+ \(\+\d+ serve start\) +\| [\d.]+ +\|$/m);
    expect(stdout).toMatch(/^\| credchain credentialChain\(\), through credchain serve +\| 1 +\| 1 +\|/m);
  });
});
