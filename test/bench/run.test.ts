// Smoke test of the benchmark harness: one real pair of cold starts end to end (no timing
// assertions), plus the pure parts — statistics, the lock-file closure, the child environment.

import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
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

  it('gives every figure its spread: quartiles (interpolated) and min–max, and ratios per round with theirs', async () => {
    const { spreadOf, ratioSpread } = await load('stats.mjs');
    expect(spreadOf([9, 1, 5, 3, 7, Number.NaN])).toEqual({ n: 5, median: 5, q1: 3, q3: 7, min: 1, max: 9 });
    expect(spreadOf([1, 2, 3, 4])).toMatchObject({ median: 2.5, q1: 1.75, q3: 3.25 });
    expect(spreadOf([]).median).toBeNaN();
    const rounds = [1, 2, 3, 4, 5].map((i) => ({ credchain: { ms: i }, sdk: { ms: 10 }, floor: { readyMs: i / 2 } }));
    expect(ratioSpread(rounds, 'credchain', 'sdk', 'ms')).toMatchObject({ n: 5, median: 0.3, q1: 0.2, q3: 0.4 });
    // A different metric on the other side (credchain's ms over the floor's readyMs): 2 in every round.
    expect(ratioSpread(rounds, 'credchain', 'floor', 'ms', 'readyMs')).toMatchObject({ median: 2, q1: 2, q3: 2 });
  });

  it('rotates the order of the sides round by round, so no side always goes first', async () => {
    const { rotated } = await load('stats.mjs');
    const firsts = [0, 1, 2, 3].map((round) => rotated(['credchain', 'sdk', 'floor'], round)[0]);
    expect(firsts).toEqual(['credchain', 'sdk', 'floor', 'credchain']);
    expect(rotated(['credchain', 'sdk'], 1)).toEqual(['sdk', 'credchain']);
  });

  it('judges the resolve target against the SDK and the floor target per scenario', async () => {
    const { summarize } = await load('cold-start.mjs');
    const round = (c: number, s: number, floor: number) => ({
      credchain: { importMs: 1, resolveMs: c, readyMs: c + 1, wallMs: 1, maxRssMb: 1 },
      sdk: { importMs: 10, resolveMs: s, readyMs: s + 10, wallMs: 1, maxRssMb: 1 },
      floor: { readyMs: floor, maxRssMb: 1 },
    });
    interface Summary {
      verdicts: Array<{ what: string; value: number; met: boolean }>;
      floor?: unknown;
    }
    const [met, missed, untargeted] = [
      { scenario: { id: 'a', target: 0.1, floor: 'container', floorTarget: 1.3 }, rounds: [round(1, 20, 1.6)] },
      { scenario: { id: 'b', target: 0.1, floor: 'container', floorTarget: 1.3 }, rounds: [round(5, 20, 2)] },
      { scenario: { id: 'c' }, rounds: [round(5, 20, 1)] },
    ].map((result) => summarize(result) as Summary) as [Summary, Summary, Summary];
    expect(met.verdicts.map((v) => [v.what, v.value, v.met])).toEqual([
      ['a: credchain / floor, first statement → credentials', 1.25, true],
      ['a: resolve, credchain / SDK', 0.05, true],
    ]);
    expect(missed.verdicts.map((v) => v.met)).toEqual([false, false]);
    expect(untargeted.verdicts).toEqual([]);
    expect(untargeted.floor).toBeUndefined();
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

describe('bench figures in the docs', () => {
  it('docs/performance.md, docs/mongodb.md and bench/README.md show exactly what the committed bench/RESULTS.md renders to (no figure typed by hand)', async () => {
    const { resultsData } = await load('report.mjs');
    const { GENERATED, generatedBlock } = await load('docs.mjs');
    const data = resultsData(await readFile(join(root, 'bench/RESULTS.md'), 'utf8'));
    expect(data?.['cold-start']?.scenarios.length).toBe(11);
    for (const [file, renderers] of Object.entries(GENERATED as Record<string, Record<string, (data: unknown) => string>>)) {
      const text = await readFile(join(root, file), 'utf8');
      for (const [name, render] of Object.entries(renderers)) expect(generatedBlock(text, name), `${file}: ${name}`).toBe(render(data).trim());
    }
  });
});

describe('bench run (smoke)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs rounds of cold starts with the floor, the scaling table and in-process rounds, and writes RESULTS.md and the generated doc blocks', { tags: ['process'], timeout: 120_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'credchain-bench-test-'));
    const results = join(dir, 'RESULTS.md');
    const performanceDoc = join(dir, 'performance.md');
    const benchReadme = join(dir, 'bench-README.md');
    const mongodbDoc = join(dir, 'mongodb.md');
    await copyFile(join(root, 'docs/performance.md'), performanceDoc);
    await copyFile(join(root, 'bench/README.md'), benchReadme);
    await copyFile(join(root, 'docs/mongodb.md'), mongodbDoc);
    const { stdout } = await run(
      process.execPath,
      [
        'bench/run.mjs',
        ...['--rounds', '2', '--warm-rounds', '1', '--scaling-rounds', '2', '--in-process-rounds', '2', '--throughput-ms', '50'],
        ...['--only', 'env,ecs,assume-role', '--profiles', '10', '--depths', '2', '--bursts', '1,50', '--skip-largest-config'],
        ...['--skip-footprint', '--skip-driver', '--skip-lambda', '--skip-fleet', '--results', results, '--bench-readme', benchReadme, '--doc', `docs/performance.md=${performanceDoc}`, '--doc', `docs/mongodb.md=${mongodbDoc}`],
      ],
      { cwd: root, timeout: 110_000 },
    );
    const cell = String.raw`[\d.]+ \([\d.]+–[\d.]+\)`; // median (q1–q3)
    // The headline table: credchain, the SDK and the floor from the first statement, then the ratios, each with its spread.
    expect(stdout).toMatch(new RegExp(`^\\| ecs +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\|$`, 'm'));
    // The signed STS floor answered (its key was checked at the emulator like the libraries').
    expect(stdout).toMatch(new RegExp(`^\\| assume-role +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\|`, 'm'));
    // env has no floor.
    expect(stdout).toMatch(new RegExp(`^\\| env +\\| ${cell} +\\| ${cell} +\\| — +\\| ${cell} +\\| — +\\| — +\\|$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^\\| +\\| credchain / SDK +\\| ${cell} +\\|`, 'm'));
    expect(stdout).toMatch(/import, credchain \/ SDK \(all scenarios, 6 rounds\): [\d.]+ \([\d.]+–[\d.]+\)/);
    expect(stdout).toMatch(/ecs: credchain \/ floor, first statement → credentials: [\d.]+ (≤|>) 1\.30 (met|MISSED)/);
    // Scaling: time and peak RSS for both libraries, with the ratios.
    expect(stdout).toMatch(new RegExp(`^\\| 10 profiles +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\|$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^\\| 2 role hops +\\| ${cell} +\\|`, 'm'));
    expect(stdout).toMatch(new RegExp(`^\\| 50 +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| ${cell} +\\| 1 / \\d+ +\\|$`, 'm'));
    expect(stdout).toMatch(/burst of 50 cold calls: credchain made 1 upstream request\(s\), target exactly 1 — met/);
    expect(stdout).toMatch(new RegExp(`^\\| env credentials, no expiry +\\| \\d+ \\(\\d+–\\d+\\) +\\| \\d+ \\(\\d+–\\d+\\) +\\| ${cell} +\\| 2 +\\|$`, 'm'));

    const markdown = await readFile(results, 'utf8');
    expect(markdown).toContain(`Node: ${process.version}`);
    const { resultsData } = await load('report.mjs');
    const data = resultsData(markdown);
    const ecs = data['cold-start'].scenarios.find((s: { id: string }) => s.id === 'ecs');
    expect(ecs.floor.readyMs.n).toBe(2);
    expect(ecs.overFloor.credchain.median).toBeGreaterThan(0);
    // The doc blocks were rendered from this run's data (the copies given with --bench-readme / --doc).
    const { GENERATED, generatedBlock } = await load('docs.mjs');
    const copies = { 'docs/performance.md': performanceDoc, 'bench/README.md': benchReadme, 'docs/mongodb.md': mongodbDoc };
    expect(Object.keys(GENERATED).sort()).toEqual(Object.keys(copies).sort());
    for (const [file, copy] of Object.entries(copies)) {
      const text = await readFile(copy, 'utf8');
      for (const [name, render] of Object.entries(GENERATED[file] as Record<string, (data: unknown) => string>)) expect(generatedBlock(text, name)).toBe(render(data).trim());
    }
    expect(generatedBlock(await readFile(performanceDoc, 'utf8'), 'performance')).toMatch(/\| Amazon ECS|\| ECS/);
  });

  it('serve scenario: clients through credchain serve make 1 upstream call, own chains one each (checked by the bench itself)', { tags: ['process'], timeout: 90_000 }, async () => {
    const { stdout } = await run(process.execPath, ['bench/serve.mjs', '--clients', '2', '--runs', '1'], { cwd: root, timeout: 90_000 });
    expect(stdout).toMatch(/^\| SDK fromNodeProviderChain\(\), own chain each +\| 2 +\| 2 +\| \d+ +\| [\d.]+ +\|$/m);
    expect(stdout).toMatch(/^\| SDK fromNodeProviderChain\(\), through credchain serve +\| 1 +\| 1 +\| \d+ \(\+\d+ serve start\) +\| [\d.]+ +\|$/m);
    expect(stdout).toMatch(/^\| credchain credentialChain\(\), through credchain serve +\| 1 +\| 1 +\|/m);
  });
});
