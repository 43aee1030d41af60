// The CLI names options by their flags (src/cli/flag-names.ts): what the library calls "the
// clientConfig.region option" or "the profile option" is --region or --profile on the command line,
// in every message a command prints (stderr, --json, explain's table), by one translation in main().
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTION_FLAGS } from '../../src/cli/flag-names.js';
import { chainOptionSpec } from '../../src/cli/chain-for-cli.js';
import { runCli } from '../support/run-cli.js';

const keys = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'flagNamesSecretSENTINEL000000000000000000' };

describe('CLI messages name flags, not library options', () => {
  it('a bad --region: the message and its fix say --region (text and --json)', async () => {
    for (const json of [false, true]) {
      const { code, stdout, stderr } = await runCli(['whoami', '--region', 'bad region!', ...(json ? ['--json'] : [])], keys);
      expect(code).toBe(4);
      const shown = json ? JSON.parse(stdout).error : stderr;
      expect(shown).toContain('the region "bad region!" (--region) is not a valid region name');
      expect(stdout + stderr).not.toMatch(/clientConfig/);
    }
  });

  it('a --profile that does not exist: "selected by --profile", "Correct --profile", in the error and in explain\'s table', async () => {
    const error = await runCli(['export', '--profile', 'nope'], {});
    expect(error.code).toBe(3);
    expect(error.stderr).toContain('profile "nope" (selected by --profile) is not in');
    expect(error.stderr).toContain('Correct --profile, or add a [profile nope] section');
    const explain = await runCli(['explain', '--profile', 'nope'], {});
    expect(explain.stdout).toMatch(/skipped because --profile selects profile "nope"/);
    for (const run of [error, explain]) expect(run.stdout + run.stderr).not.toMatch(/the profile option/);
  });

  it('every library phrase "the X option" for an option the CLI sets from a flag is translated', () => {
    const root = new URL('../../src/', import.meta.url).pathname;
    const phrases = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['cli', 'emulator', 'mongodb'].includes(path)) walk(path);
        } else if (path.endsWith('.ts')) {
          for (const match of readFileSync(join(root, path), 'utf8').matchAll(/the ([\w.]+) option\b/g)) phrases.add(match[1]!);
        }
      }
    };
    walk('.');
    // What chain-for-cli.ts sets from its flags: --profile → profile, --region → clientConfig.region (--mfa-code is a provider the CLI always gives).
    const setByFlags: Record<string, string> = { profile: '--profile', 'clientConfig.region': '--region' };
    expect(Object.keys(chainOptionSpec).sort()).toEqual(['mfa-code', 'profile', 'region']);
    const translated = new Map(OPTION_FLAGS);
    for (const [option, flag] of Object.entries(setByFlags)) {
      expect(phrases.has(option), `the library names ${option}`).toBe(true);
      expect(translated.get(`the ${option} option`)).toBe(flag);
    }
    expect(translated.get('clientConfig.region')).toBe('--region');
  });
});
