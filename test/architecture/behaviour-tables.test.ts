// docs/behaviour.md's tables are executed against the code, as test/cli/readme.test.ts does for the
// CLI samples: the STS region order row by row through resolveStsRegion, the refresh windows
// against the policy each refresher runs with, the limits against the constant each row names.
// The docs and the code comments also speak of the project, never of issue numbers a reader cannot see.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAIN_CREDENTIALS_REFRESH } from '../../src/chain.js';
import { LOGIN_KEYS_REFRESH } from '../../src/login/session.js';
import { IMDS_SESSION_REFRESH } from '../../src/metadata/imds-client.js';
import type { RefreshPolicy } from '../../src/refresh.js';
import { SSO_TOKEN_REFRESH } from '../../src/sso/token.js';
import { resolveStsRegion, type StsCallKind } from '../../src/sts/endpoint.js';
import type { SharedConfig } from '../../src/config/types.js';
import { SRC, sourceModules } from '../support/import-graph.js';

const ROOT = new URL('../../', import.meta.url);
const BEHAVIOUR = readFileSync(new URL('docs/behaviour.md', ROOT), 'utf8');

/** The rows (cells, backticks kept) of the first table after `heading` whose header row starts with `firstColumn`. */
function table(heading: string, firstColumn: string): string[][] {
  const section = BEHAVIOUR.slice(BEHAVIOUR.indexOf(`\n## ${heading}\n`));
  const lines = section.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith(`| ${firstColumn} |`));
  expect(start, `no table starting with "${firstColumn}" under "${heading}"`).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  expect(rows.length).toBeGreaterThan(0);
  return rows;
}

describe('docs/behaviour.md, "STS endpoint": the region order of each kind of call', () => {
  type Knob = 'option' | 'profile' | 'caller' | 'env';
  const KNOBS: Record<string, Knob | 'default'> = {
    '`clientConfig.region`': 'option',
    "the role profile's `region`": 'profile',
    "the calling client's region": 'caller',
    '`AWS_REGION`': 'env',
    "the selected profile's `region`": 'profile',
    '`us-east-1`': 'default',
  };
  const CALLS: Record<string, StsCallKind[]> = {
    "a profile's role hop (`role_arn`)": ['role-hop'],
    'web identity (env or profile), `fromTemporaryCredentials`': ['web-identity', 'temporary-credentials'],
  };
  const REGION: Record<Knob, string> = { option: 'eu-south-1', profile: 'ap-east-1', caller: 'ca-central-1', env: 'sa-east-1' };

  function resolve(call: StsCallKind, set: Set<Knob>): string {
    const config: SharedConfig = { profiles: { app: set.has('profile') ? { region: REGION.profile } : {} }, ssoSessions: {}, services: {}, configFile: '', credentialsFile: '' };
    return resolveStsRegion({
      env: set.has('env') ? { AWS_REGION: REGION.env } : {},
      config,
      profileName: 'app',
      explicitRegion: set.has('option') ? REGION.option : undefined,
      callerRegion: set.has('caller') ? REGION.caller : undefined,
      call,
    }).region;
  }

  const rows = table('STS endpoint', 'call');

  it('lists every kind of call the code resolves a region for (GetCallerIdentity follows web identity)', () => {
    expect(rows.map(([call]) => call).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it.each(rows.map((row) => [row[0]!, row[1]!] as const))('%s: %s', (callText, orderText) => {
    const order = orderText.split(/,\s*/).map((item) => KNOBS[item] ?? item);
    expect(order.filter((item) => !Object.values(KNOBS).includes(item as Knob))).toEqual([]);
    expect(order.at(-1)).toBe('default');
    for (const call of CALLS[callText]!) {
      // Every setting given: the first listed wins; take it away and the next listed wins; and so on.
      const set = new Set<Knob>(['option', 'profile', 'caller', 'env']);
      for (const item of order) {
        if (item === 'default') {
          expect(set.size, `the row leaves out: ${[...set].join(', ')}`).toBe(0);
          expect(resolve(call, set)).toBe('us-east-1');
        } else if (set.has(item as Knob)) {
          expect(resolve(call, set), `${call}: ${item} next`).toBe(REGION[item as Knob]);
          set.delete(item as Knob);
        }
      }
    }
  });
});

describe('docs/behaviour.md, "Refreshing": each row is the policy its refresher runs with', () => {
  const POLICIES: Record<string, RefreshPolicy> = {
    "the chain's credentials": CHAIN_CREDENTIALS_REFRESH,
    "an SSO session's token": SSO_TOKEN_REFRESH,
    'an `aws login` session\'s keys': LOGIN_KEYS_REFRESH,
    'the IMDS session token': IMDS_SESSION_REFRESH,
  };
  const rows = table('Refreshing', 'what');

  /** `5 min`, `10 s`, `0`, `none`, `1 min before its TTL`, `30 s (…)` → milliseconds. */
  function duration(text: string): number {
    if (/^(0|none)\b/.test(text)) return 0;
    const match = /^(\d+) (ms|s|min)\b/.exec(text);
    expect(match, `not a duration: "${text}"`).not.toBeNull();
    return Number(match![1]) * { ms: 1, s: 1000, min: 60_000 }[match![2] as 'ms' | 's' | 'min'];
  }

  it('has a row for every refresher, the `aws login` keys included', () => {
    expect(rows.map(([what]) => what).sort()).toEqual(Object.keys(POLICIES).sort());
  });

  it.each(rows.map((row) => [row[0]!, row] as const))('%s', (what, [, advisory, mandatory, between]) => {
    const policy = POLICIES[what]!;
    expect(duration(mandatory!)).toBe(policy.mandatoryMs);
    expect(duration(between!)).toBe(policy.backoffMs);
    if (advisory === '—') {
      // No advisory window: a refresh is due only when the value stops counting.
      expect(policy.advisoryMs).toBe(policy.mandatoryMs);
    } else {
      const [window, mode] = advisory!.split(/,\s*/);
      expect(duration(window!)).toBe(policy.advisoryMs);
      expect(mode).toBe(policy.advisory === 'background' ? 'background' : 'refresh first');
    }
  });
});

describe('docs/behaviour.md, "Limits": each row is the constant it names', () => {
  const rows = table('Limits', 'what');
  const UNITS: Record<string, number> = { MiB: 1024 * 1024, KiB: 1024, s: 1000, ms: 1, characters: 1, retries: 1, steps: 1, lines: 1 };

  it.each(rows.map((row) => [row[0]!, row] as const))('%s', async (_what, [, limit, where]) => {
    const [, file, name] = /^`src\/(.+)\.ts` `(\w+)`$/.exec(where!) ?? [];
    expect(file, `"${where}" does not name a src/ file and a constant`).toBeDefined();
    const match = /^(\d+) (\w+)$/.exec(limit!);
    expect(match && UNITS[match[2]!], `"${limit}" is not a number with a known unit`).toBeTruthy();
    const module = (await import(/* @vite-ignore */ new URL(`../../src/${file}.ts`, import.meta.url).href)) as Record<string, unknown>;
    expect(module[name!], `${file}.ts ${name}`).toBe(Number(match![1]) * UNITS[match![2]!]!);
  });
});

describe('the docs and the code speak of the project, not of issue numbers', () => {
  const ISSUE = /\bissues? #?\d+/i;

  it('docs/, the README, bench/README.md and the comments in src/ cite no issue number', () => {
    const pages = ['README.md', 'bench/README.md', ...readdirSync(new URL('docs/', ROOT)).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
    expect(pages).toEqual(expect.arrayContaining(['docs/behaviour.md', 'docs/sdk-drop-in.md', 'docs/cli.md']));
    const texts: Array<[string, string]> = [
      ...pages.map((page): [string, string] => [page, readFileSync(new URL(page, ROOT), 'utf8')]),
      ...sourceModules().map((module): [string, string] => [`src/${module}`, readFileSync(`${SRC}${module}`, 'utf8')]),
    ];
    expect(texts.filter(([, text]) => ISSUE.test(text)).map(([file, text]) => `${file}: ${ISSUE.exec(text)![0]}`)).toEqual([]);
  });
});
